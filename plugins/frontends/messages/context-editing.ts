import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import type { CanonicalRequest, TranslationBlocker } from '../../../kernel/canonical/request';
import type { EditedPrompt } from '../../router/count-tokens';
import { isAbsent, type JsonObject } from '../shared/wire-reader';
import { type AppliedThinkingEdit, clearThinking } from './clear-thinking';
import { type AppliedToolUsesEdit, clearToolUses } from './clear-tool-uses';
import { type ContextEdit, readContextManagement } from './read-context-management';

/** The answer's `context_management`: the SDK's `BetaContextManagementResponse`. */
export interface ContextManagementResponse {
  readonly applied_edits: readonly (AppliedToolUsesEdit | AppliedThinkingEdit)[];
}

/**
 * The edits in the order the client listed them, each one seeing the request as the ones before
 * it left it; those that cleared nothing are not reported, as Anthropic reports none then (its
 * recorded answer to a conversation with nothing to clear holds `applied_edits: []`).
 */
export function applyContextEdits(request: CanonicalRequest, edits: readonly ContextEdit[]): { request: CanonicalRequest; response: ContextManagementResponse } {
  let edited = request;
  let inputTokens = estimateRequestTokens(request);
  const applied: (AppliedToolUsesEdit | AppliedThinkingEdit)[] = [];
  for (const edit of edits) {
    const outcome = edit.type === 'clear_tool_uses_20250919' ? clearToolUses(edited, edit, inputTokens) : clearThinking(edited, edit, inputTokens);
    if (!outcome) continue;
    ({ request: edited, inputTokens } = outcome);
    applied.push(outcome.applied);
  }
  return { request: edited, response: { applied_edits: applied } };
}

/** What was applied, by the body it was asked in (the chat handler hands the same object to the answer). */
const responses = new WeakMap<object, ContextManagementResponse>();

/**
 * The request with the body's `context_management` applied, as Anthropic's servers apply it
 * before Claude reads the prompt. Only a translated call sends the canonical request: passthrough
 * sends the body as written and Anthropic edits it, so the edits here serve other models (and the
 * hold's estimate). What cannot be applied is a translation blocker. Nothing is done, or kept,
 * for a body without `context_management`.
 */
export function applyContextManagement(request: CanonicalRequest, body: JsonObject): CanonicalRequest {
  if (isAbsent(body.context_management)) return request;
  const edits = readContextManagement(body.context_management);
  if ('param' in edits) return blockTranslation(request, edits);
  const edited = applyContextEdits(request, edits);
  responses.set(body, edited.response);
  return edited.request;
}

function blockTranslation(request: CanonicalRequest, blocker: TranslationBlocker): CanonicalRequest {
  return { ...request, translationBlockers: [...(request.translationBlockers ?? []), blocker] };
}

/**
 * A count_tokens body's prompt: `request` as written, which Claude's count reads (with what the
 * gateway cannot apply as a blocker, refused on a translated count as on a translated create
 * call), and, when the body asks for context editing, the prompt a translated create call would
 * send, which the count of another model is of (Anthropic counts the prompt after its edits).
 */
export function editForCount(request: CanonicalRequest, body: JsonObject): { request: CanonicalRequest; edited?: EditedPrompt } {
  if (isAbsent(body.context_management)) return { request };
  const edits = readContextManagement(body.context_management);
  if ('param' in edits) return { request: blockTranslation(request, edits) };
  const edited = applyContextEdits(request, edits);
  return { request, edited: { request: edited.request, cleared: edited.response.applied_edits.length > 0 } };
}

/** The answer's `context_management` for a body that asked for context editing; undefined for one that did not. */
export function contextManagementOf(body: JsonObject): ContextManagementResponse | undefined {
  return isAbsent(body.context_management) ? undefined : responses.get(body);
}
