import type { UpstreamErrorKind } from '../../../kernel/canonical/stream';
import { kindForStatus } from '../../../kernel/canonical/upstream-error';
import type { ErrorBodyReader } from '../shared/upstream-fetch';
import type { OpenAIChatErrorBody } from './openai-chat-wire';

/**
 * Error codes and types (OpenAI, DeepSeek, Moonshot) whose meaning the HTTP status alone
 * gets wrong: a 429 `insufficient_quota` is our upstream account being out of money, not
 * a rate limit worth waiting for; Moonshot answers overload with 429 too. Generic types
 * (`invalid_request_error` comes with 401s and 404s) are left to the status.
 */
const KIND_BY_CODE: Readonly<Record<string, UpstreamErrorKind>> = {
  insufficient_quota: 'upstream',
  exceeded_current_quota_error: 'upstream',
  rate_limit_exceeded: 'rate-limit',
  rate_limit_reached_error: 'rate-limit',
  engine_overloaded_error: 'overloaded',
  server_overloaded: 'overloaded',
  context_length_exceeded: 'invalid-request',
  unsupported_parameter: 'invalid-request',
  invalid_api_key: 'authentication',
  invalid_authentication_error: 'authentication',
  authentication_error: 'authentication',
  permission_denied_error: 'permission',
  model_not_found: 'not-found',
  resource_not_found_error: 'not-found',
};

/**
 * A numeric code is the HTTP status the error stands for: OpenRouter sends one inside a 200 body
 * or a stream chunk once the model has started, where the status can no longer say it (429 rate
 * limited, 502 the model is down, 503 no provider available;
 * https://openrouter.ai/docs/api-reference/errors), and vLLM's error bodies carry their status too.
 */
function kindOf(code: unknown): UpstreamErrorKind | undefined {
  if (typeof code === 'number') return Number.isInteger(code) && code >= 400 && code < 600 ? kindForStatus(code) : undefined;
  return typeof code === 'string' ? KIND_BY_CODE[code] : undefined;
}

/** Reads `{ error: { message, type, code, param } }` (or `{ error: "text" }`) into a kind and message. */
export const readOpenAIError: ErrorBodyReader = (_status, body) => {
  // Not JSON (a proxy's HTML page, say): the start of the text is the message.
  if (typeof body === 'string') return body ? { message: body.slice(0, 200) } : {};
  const error = (body as OpenAIChatErrorBody | null)?.error;
  if (typeof error === 'string') return { message: error };
  if (!error || typeof error !== 'object') return {};
  const kind = kindOf(error.code) ?? kindOf(error.type);
  const message = typeof error.message === 'string' && error.message ? error.message : undefined;
  return { ...(kind ? { kind } : {}), ...(message ? { message } : {}) };
};
