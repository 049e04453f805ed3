type Turn = { readonly role?: unknown; readonly content?: unknown };

/**
 * True when thinking cannot be on for these turns. With thinking, Anthropic requires the
 * assistant turn of the tool loop in progress (the last assistant turn, when it called tools
 * and their results follow) to open with the thinking block Claude signed for it, since Claude
 * carries that reasoning on after the results. Clients of other protocols have nowhere to keep
 * the signature (Chat Completions), and reasoning from another model cannot be replayed, so
 * such a turn often reaches Claude without one; the request then goes without thinking rather
 * than to a certain 400.
 */
export function toolLoopLacksThinking(turns: readonly Turn[]): boolean {
  const index = turns.findLastIndex((turn) => turn.role === 'assistant');
  if (index < 0 || index === turns.length - 1) return false;
  const blocks = turns[index]!.content;
  if (!Array.isArray(blocks) || !blocks.some((block: { type?: unknown }) => block?.type === 'tool_use')) return false;
  const first = (blocks[0] as { type?: unknown } | undefined)?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
