import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import type { CanonicalMessage, CanonicalRequest, ToolCallPart } from '../../../kernel/canonical/request';
import type { ClearToolUsesEdit } from './read-context-management';

/**
 * What a cleared tool result says instead. Anthropic replaces each one "with placeholder text so
 * Claude knows it was removed" but does not publish the text: this one is the gateway's.
 */
export const CLEARED_TOOL_RESULT = '[Tool result cleared to save context]';

/** The SDK's `BetaClearToolUses20250919EditResponse`. */
export interface AppliedToolUsesEdit {
  readonly type: 'clear_tool_uses_20250919';
  readonly cleared_tool_uses: number;
  readonly cleared_input_tokens: number;
}

/** Every tool call in the conversation, oldest first, and the ids of those that got their result. */
function listToolUses(messages: readonly CanonicalMessage[]): { calls: ToolCallPart[]; answered: Set<string> } {
  const calls: ToolCallPart[] = [];
  const answered = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const part of message.content) if (part.type === 'tool-call') calls.push(part);
    if (message.role === 'tool') for (const part of message.content) answered.add(part.toolCallId);
  }
  return { calls, answered };
}

/** "Once the prompt exceeds this threshold": more estimated input tokens, or more tool uses, than the trigger's value. */
function isTriggered(edit: ClearToolUsesEdit, inputTokens: number, toolUses: number): boolean {
  return (edit.trigger.type === 'input_tokens' ? inputTokens : toolUses) > edit.trigger.value;
}

function clearsInput(edit: ClearToolUsesEdit, call: ToolCallPart): boolean {
  return typeof edit.clearToolInputs === 'boolean' ? edit.clearToolInputs : edit.clearToolInputs.has(call.name);
}

/** The messages with the given results replaced by the placeholder, and the given calls' inputs emptied. */
function clearMessages(messages: readonly CanonicalMessage[], results: ReadonlySet<string>, inputs: ReadonlySet<string>): CanonicalMessage[] {
  return messages.map((message): CanonicalMessage => {
    if (message.role === 'tool' && message.content.some((part) => results.has(part.toolCallId))) {
      return { role: 'tool', content: message.content.map((part) => (results.has(part.toolCallId) ? { ...part, content: [{ type: 'text', text: CLEARED_TOOL_RESULT }] } : part)) };
    }
    if (message.role === 'assistant' && message.content.some((part) => part.type === 'tool-call' && inputs.has(part.id))) {
      return { role: 'assistant', content: message.content.map((part) => (part.type === 'tool-call' && inputs.has(part.id) ? { ...part, input: {} } : part)) };
    }
    return message;
  });
}

/**
 * `clear_tool_uses_20250919`: once triggered, every tool use older than the `keep` most recent
 * (counted over all tools) has its result replaced by the placeholder, oldest first, unless its
 * tool is in `exclude_tools`; its input is emptied (`{}`) when `clear_tool_inputs` says so. A
 * call still waiting for its result is not a use/result pair and is left alone. When fewer than
 * `clear_at_least` tokens would go (or none at all), nothing is cleared. Tokens are the gateway's
 * estimate (kernel/canonical/estimate-tokens.ts), not a provider's tokenizer: `inputTokens` is
 * the request's, and what an edit reports cleared is the fall in that estimate.
 */
export function clearToolUses(request: CanonicalRequest, edit: ClearToolUsesEdit, inputTokens: number): { request: CanonicalRequest; inputTokens: number; applied: AppliedToolUsesEdit } | null {
  const { calls, answered } = listToolUses(request.messages);
  if (!isTriggered(edit, inputTokens, calls.length)) return null;
  const cleared = calls.slice(0, Math.max(0, calls.length - edit.keep)).filter((call) => answered.has(call.id) && !edit.excludeTools.has(call.name));
  if (!cleared.length) return null;
  const results = new Set(cleared.map((call) => call.id));
  const inputs = new Set(cleared.filter((call) => clearsInput(edit, call)).map((call) => call.id));
  const edited: CanonicalRequest = { ...request, messages: clearMessages(request.messages, results, inputs) };
  const remaining = estimateRequestTokens(edited);
  const clearedTokens = inputTokens - remaining;
  if (clearedTokens <= 0 || clearedTokens < edit.clearAtLeast) return null;
  return { request: edited, inputTokens: remaining, applied: { type: 'clear_tool_uses_20250919', cleared_tool_uses: cleared.length, cleared_input_tokens: clearedTokens } };
}
