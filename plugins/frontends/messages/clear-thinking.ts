import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import type { CanonicalMessage, CanonicalRequest } from '../../../kernel/canonical/request';
import type { ClearThinkingEdit } from './read-context-management';

/** The SDK's `BetaClearThinking20251015EditResponse`. */
export interface AppliedThinkingEdit {
  readonly type: 'clear_thinking_20251015';
  readonly cleared_thinking_turns: number;
  readonly cleared_input_tokens: number;
}

/**
 * The indexes of each assistant turn's messages, oldest turn first, for the turns that hold
 * thinking ("recent assistant turns with thinking blocks", the docs' `keep`). A turn runs from one
 * user message to the next and may span a tool loop ("an assistant turn may include multiple
 * content blocks (e.g. when using tools)"): tool results, and text sent with them (which follows
 * them in the canonical messages), continue it.
 */
function thinkingTurns(messages: readonly CanonicalMessage[]): number[][] {
  const turns: number[][] = [];
  let turn: number[] | null = null;
  messages.forEach((message, index) => {
    if (message.role === 'user' && messages[index - 1]?.role !== 'tool') turn = null;
    if (message.role !== 'assistant') return;
    if (!turn) turns.push((turn = []));
    turn.push(index);
  });
  return turns.filter((indexes) => indexes.some((index) => messages[index]!.content.some((part) => part.type === 'reasoning')));
}

/**
 * `clear_thinking_20251015`: the thinking (redacted included) of every assistant turn but the
 * `keep` most recent ones with thinking is removed, as Anthropic removes the blocks; a message left
 * empty goes too. Tokens are the gateway's estimate (kernel/canonical/estimate-tokens.ts), as in
 * clearToolUses.
 *
 * Without the strategy nothing is cleared, whatever the thinking config: Anthropic's default
 * belongs to the Claude model (all turns kept on Opus 4.5+ and Sonnet 4.6+), and off Claude it
 * would do harm where earlier thinking matters: DeepSeek and Kimi get it back as the
 * `reasoning_content` of tool calls and, thinking, want it in every later request. Cleared there
 * (by this strategy), a tool call has no reasoning to send, and the provider turns thinking off
 * for the request (../../providers/openai-chat/tool-loop-reasoning.ts).
 */
export function clearThinking(request: CanonicalRequest, edit: ClearThinkingEdit, inputTokens: number): { request: CanonicalRequest; inputTokens: number; applied: AppliedThinkingEdit } | null {
  if (edit.keep === 'all') return null;
  const turns = thinkingTurns(request.messages);
  const cleared = turns.slice(0, Math.max(0, turns.length - edit.keep));
  if (!cleared.length) return null;
  const indexes = new Set(cleared.flat());
  const messages = request.messages.flatMap((message, index): CanonicalMessage[] => {
    if (message.role !== 'assistant' || !indexes.has(index)) return [message];
    const content = message.content.filter((part) => part.type !== 'reasoning');
    return content.length ? [{ role: 'assistant', content }] : [];
  });
  const edited: CanonicalRequest = { ...request, messages };
  const remaining = estimateRequestTokens(edited);
  return { request: edited, inputTokens: remaining, applied: { type: 'clear_thinking_20251015', cleared_thinking_turns: cleared.length, cleared_input_tokens: inputTokens - remaining } };
}
