import type { CacheControl, CanonicalMessage, CanonicalRequest } from '../../../kernel/canonical/request';

const EPHEMERAL: CacheControl = { type: 'ephemeral' };

function hasCacheControl(request: CanonicalRequest): boolean {
  return request.system.some((part) => part.cacheControl)
    || request.tools.some((tool) => tool.cacheControl)
    || request.messages.some((message) => message.content.some((part) => 'cacheControl' in part && part.cacheControl));
}

/** The message with a breakpoint on its last part; reasoning and tool calls take none. */
function markLastPart(message: CanonicalMessage): CanonicalMessage {
  const last = message.content.at(-1);
  if (!last || last.type === 'reasoning' || last.type === 'tool-call') return message;
  return { ...message, content: [...message.content.slice(0, -1), { ...last, cacheControl: EPHEMERAL }] } as CanonicalMessage;
}

/**
 * Anthropic reads a prompt prefix from its cache only up to a `cache_control` breakpoint, and
 * clients of other protocols (Chat Completions, Responses: Cursor, Cline, Codex) cannot place
 * one, so a long agentic conversation pays full input price on every turn. With the provider's
 * `autoPromptCache` on, a request that carries no breakpoint of its own gets two, as a Claude
 * client would place them: after the system prompt (tools and system cached together) and after
 * the last message (each turn reads what the turn before wrote). A prompt shorter than the
 * model's minimum is simply not cached; a write costs 1.25x input once, a read 0.1x.
 */
export function withAutoCacheBreakpoints(request: CanonicalRequest): CanonicalRequest {
  if (hasCacheControl(request)) return request;
  const lastSystem = request.system.at(-1);
  const lastMessage = request.messages.at(-1);
  return {
    ...request,
    system: lastSystem ? [...request.system.slice(0, -1), { ...lastSystem, cacheControl: EPHEMERAL }] : request.system,
    messages: lastMessage ? [...request.messages.slice(0, -1), markLastPart(lastMessage)] : request.messages,
  };
}
