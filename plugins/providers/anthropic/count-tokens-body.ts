import { fitPassthroughMessages } from './fit-passthrough-messages';

/**
 * What the create call takes and `POST /v1/messages/count_tokens` refuses ("max_tokens: Extra
 * inputs are not permitted"): the create parameters of `@anthropic-ai/sdk`'s
 * `MessageCreateParams` and `BetaMessageCreateParams` missing from its `MessageCountTokensParams`
 * and `BetaMessageCountTokensParams` (sampling, limits, delivery, where and how to run), and the
 * sampling fields the API's older versions take on create. A client may count the very body it
 * will send, as the gateway's count took it before it passed bodies through.
 */
const CREATE_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'max_tokens', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'service_tier',
  'container', 'inference_geo', 'diagnostics', 'fallbacks', 'fallback_credit_token', 'thread',
]);

/**
 * A Messages body as Anthropic's count endpoint takes it: the conversation fitted as passthrough
 * fits it (fit-passthrough-messages.ts), so the count is of what create would send, and the
 * fields only create takes left out. Everything else (server tools, `mcp_servers`,
 * `context_management`, `cache_control`, fields the gateway does not know) goes as written.
 */
export function toCountTokensBody(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const counted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fitPassthroughMessages(body))) {
    if (!CREATE_ONLY_FIELDS.has(field)) counted[field] = value;
  }
  return counted;
}
