import type { TranslationBlocker } from '../../../kernel/canonical/request';
import { createWireReader, fieldPath, isAbsent, isJsonObject, type JsonObject } from '../shared/wire-reader';

/**
 * Anthropic's context editing (`context_management.edits`, beta `context-management-2025-06-27`),
 * as the gateway applies it itself on a translated call. Field names, shapes and defaults are the
 * SDK's `BetaClearToolUses20250919Edit` / `BetaClearThinking20251015Edit` and
 * platform.claude.com/docs/en/build-with-claude/context-editing.
 */
export interface ClearToolUsesEdit {
  readonly type: 'clear_tool_uses_20250919';
  /** Activates once the prompt exceeds this many estimated input tokens, or holds more tool uses than this. */
  readonly trigger: { readonly type: 'input_tokens' | 'tool_uses'; readonly value: number };
  /** The most recent tool uses left as they are. */
  readonly keep: number;
  /** Below this many tokens cleared, nothing is cleared. */
  readonly clearAtLeast: number;
  readonly excludeTools: ReadonlySet<string>;
  /** Whether a cleared use's input goes too: every tool's, none, or those named. */
  readonly clearToolInputs: boolean | ReadonlySet<string>;
}

export interface ClearThinkingEdit {
  readonly type: 'clear_thinking_20251015';
  /** The most recent assistant turns with thinking whose thinking stays; `all` clears nothing. */
  readonly keep: number | 'all';
}

export type ContextEdit = ClearToolUsesEdit | ClearThinkingEdit;

/** The documented defaults: 100,000 input tokens, 3 tool uses, no minimum to clear. */
const DEFAULT_TRIGGER = { type: 'input_tokens', value: 100_000 } as const;
const DEFAULT_KEEP_TOOL_USES = 3;

const APPLIED_TYPES = ['clear_tool_uses_20250919', 'clear_thinking_20251015'];

/** A field the gateway cannot apply: the call is refused when translated, and passthrough lets Anthropic judge it. */
class UnappliableField extends Error {
  constructor(readonly param: string, readonly reason: string) {
    super(`${param}: ${reason}`);
  }
}

const reader = createWireReader((param, reason) => new UnappliableField(param, reason));

/** `{type, value}`: a type Anthropic takes there, and a whole count of at least `min`. */
function readCount<const Type extends string>(value: unknown, param: string, types: readonly Type[], min: number): { type: Type; value: number } {
  const counted = reader.object(value, param);
  const type = reader.optionalChoice(counted.type, fieldPath(param, 'type'), types) ?? reader.fail(fieldPath(param, 'type'), 'is required');
  const amount = reader.optionalNumber(counted.value, fieldPath(param, 'value'), { integer: true, min }) ?? reader.fail(fieldPath(param, 'value'), 'is required');
  return { type, value: amount };
}

function readToolNames(value: unknown, param: string): ReadonlySet<string> {
  return new Set(reader.array(value, param).map((name, index) => reader.string(name, fieldPath(param, index))));
}

function readClearToolUses(edit: JsonObject, param: string): ClearToolUsesEdit {
  const trigger = isAbsent(edit.trigger) ? DEFAULT_TRIGGER : readCount(edit.trigger, fieldPath(param, 'trigger'), ['input_tokens', 'tool_uses'], 0);
  const keep = isAbsent(edit.keep) ? DEFAULT_KEEP_TOOL_USES : readCount(edit.keep, fieldPath(param, 'keep'), ['tool_uses'], 0).value;
  const clearAtLeast = isAbsent(edit.clear_at_least) ? 0 : readCount(edit.clear_at_least, fieldPath(param, 'clear_at_least'), ['input_tokens'], 0).value;
  const excludeTools = isAbsent(edit.exclude_tools) ? new Set<string>() : readToolNames(edit.exclude_tools, fieldPath(param, 'exclude_tools'));
  const inputs = edit.clear_tool_inputs;
  const clearToolInputs = isAbsent(inputs) || typeof inputs === 'boolean' ? inputs === true : readToolNames(inputs, fieldPath(param, 'clear_tool_inputs'));
  return { type: 'clear_tool_uses_20250919', trigger, keep, clearAtLeast, excludeTools, clearToolInputs };
}

/** `keep`: `{type: "thinking_turns", value: N}` with N > 0 (the docs' rule), `"all"` or `{type: "all"}`. */
function readClearThinking(edit: JsonObject, param: string): ClearThinkingEdit {
  const { keep } = edit;
  // Anthropic's default is the Claude model's own (all turns on Opus 4.5+ and Sonnet 4.6+, the
  // last one before them); another model gets the strategy's first documented default, the last
  // turn, since a client that lists the strategy without `keep` asks for clearing.
  if (isAbsent(keep)) return { type: 'clear_thinking_20251015', keep: 1 };
  if (keep === 'all' || (isJsonObject(keep) && keep.type === 'all')) return { type: 'clear_thinking_20251015', keep: 'all' };
  return { type: 'clear_thinking_20251015', keep: readCount(keep, fieldPath(param, 'keep'), ['thinking_turns'], 1).value };
}

function readEdit(value: unknown, param: string): ContextEdit {
  const edit = reader.object(value, param);
  const typeParam = fieldPath(param, 'type');
  const type = reader.string(edit.type, typeParam);
  if (type === 'clear_tool_uses_20250919') return readClearToolUses(edit, param);
  if (type === 'clear_thinking_20251015') return readClearThinking(edit, param);
  return reader.fail(typeParam, `"${type}" is applied by Anthropic's servers only; on other models the gateway applies ${APPLIED_TYPES.join(' and ')} itself`);
}

function readEdits(value: unknown): ContextEdit[] {
  const management = reader.object(value, 'context_management');
  if (isAbsent(management.edits)) return [];
  const edits = reader.array(management.edits, 'context_management.edits').map((edit, index) => readEdit(edit, fieldPath('context_management.edits', index)));
  const thinking = edits.findIndex((edit) => edit.type === 'clear_thinking_20251015');
  if (thinking > 0) reader.fail(fieldPath('context_management.edits', thinking), 'clear_thinking_20251015 must be listed first in `edits` when combined with other strategies');
  return edits;
}

/**
 * The edits asked for, or what the gateway cannot apply (a malformed field, a strategy only
 * Anthropic runs such as `compact_20260112`) as a translation blocker: only a translated call
 * is refused for it (a 400 naming the field); passthrough sends the body on and Anthropic judges it.
 */
export function readContextManagement(value: unknown): readonly ContextEdit[] | TranslationBlocker {
  try {
    return readEdits(value);
  } catch (error) {
    if (error instanceof UnappliableField) return { param: error.param, reason: error.reason };
    throw error;
  }
}
