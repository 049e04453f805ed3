type WireMessage = { readonly role?: unknown; readonly tool_calls?: unknown; readonly reasoning_content?: unknown } | null | undefined;

/**
 * True when some assistant tool-call message goes without the reasoning that led to it, which a
 * `toolCallsNeedReasoning` upstream refuses with thinking on. DeepSeek wants it back "in all
 * subsequent requests", not only in the loop in progress
 * (https://api-docs.deepseek.com/guides/thinking_mode), and Moonshot names the first message at
 * any index, so every message counts. An empty one counts as missing: neither documents that it
 * would do. Such turns come from other models (Claude without its thinking kept, GPT, Gemini),
 * whose reasoning, if any, the client had nowhere to keep.
 */
export function toolCallLacksReasoning(messages: readonly unknown[]): boolean {
  return (messages as readonly WireMessage[]).some((message) => message?.role === 'assistant'
    && Array.isArray(message.tool_calls) && message.tool_calls.length > 0
    && (typeof message.reasoning_content !== 'string' || message.reasoning_content === ''));
}

export const TOOL_LOOP_THINKING_OFF_WARNING = 'thinking left off: a tool call in the conversation came without the reasoning this model needs back with it';
