import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';

/**
 * Claude and Gemini take the system prompt apart from the conversation and refuse a request
 * with no turns (Anthropic: "messages: at least one message is required"), which OpenAI's
 * models answer. Said before the call, in words that name the fix; nothing is invented to fill
 * the conversation.
 */
export function requireConversation(request: CanonicalRequest, provider: string): void {
  if (request.messages.length) return;
  throw createUpstreamError(provider, {
    kind: 'invalid-request', status: 400,
    message: `messages: ${provider} models need at least one user or assistant message; this request has only a system prompt (send it as a user message)`,
  });
}
