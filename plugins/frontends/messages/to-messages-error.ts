import { readErrorFacts, retryHeaders, type ErrorFacts } from '../shared/read-error-facts';
import { threadErrorDetails } from './message-threads';

export interface WireError {
  readonly status: number;
  readonly body: MessagesErrorBody;
  readonly headers: Record<string, string>;
}

/** Anthropic's `error.type` for an HTTP status (https://docs.anthropic.com/en/api/errors). */
export function messagesErrorType(status: number): string {
  switch (status) {
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 503:
    case 529: return 'overloaded_error';
    case 504: return 'timeout_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The `{"type":"error","error":{…},"request_id":…}` body, shared by JSON answers and the SSE `error` event. */
export interface MessagesErrorBody {
  readonly type: 'error';
  /** `details.error_code` is what Anthropic's SDK picks an error class and a recovery by. */
  readonly error: { readonly type: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
  /** The gateway's request id, as Anthropic names its own in error bodies: the `request-id` header's. */
  readonly request_id: string;
}

export function toMessagesErrorBody(facts: ErrorFacts, requestId: string): MessagesErrorBody {
  const details = threadErrorDetails(facts);
  return { type: 'error', error: { type: messagesErrorType(facts.status), message: facts.message, ...(details ? { details } : {}) }, request_id: requestId };
}

/**
 * Anything thrown on the request path → Anthropic's error answer. Status is kept as the
 * error declares it (529 stays 529: Anthropic clients retry on it); `retry-after` is passed on.
 */
export function toMessagesError(error: unknown, requestId: string): WireError {
  const facts = readErrorFacts(error);
  return { status: facts.status, body: toMessagesErrorBody(facts, requestId), headers: retryHeaders(facts) };
}
