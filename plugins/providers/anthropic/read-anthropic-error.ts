import type { UpstreamErrorInfo, UpstreamErrorKind } from '../../../kernel/canonical/stream';
import type { ErrorBodyReader } from '../shared/upstream-fetch';

const KIND_BY_ERROR_TYPE: Readonly<Record<string, UpstreamErrorKind>> = {
  invalid_request_error: 'invalid-request',
  request_too_large: 'invalid-request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not-found',
  rate_limit_error: 'rate-limit',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  // `api_error` is left to the status: Anthropic sends it with a 500 and with a 503, which is an overload like 529.
  // Our upstream account is out of funds: the gateway's problem, not the client's.
  billing_error: 'upstream',
};

function errorObjectOf(body: unknown): { type?: unknown; message?: unknown } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null ? error : undefined;
}

/** Reads `{"type":"error","error":{"type","message"}}` (HTTP error bodies and the SSE `error` event alike). */
export const readAnthropicError: ErrorBodyReader = (_status, body) => {
  const error = errorObjectOf(body);
  if (!error) return {};
  return {
    ...(typeof error.type === 'string' && KIND_BY_ERROR_TYPE[error.type] ? { kind: KIND_BY_ERROR_TYPE[error.type] } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
  };
};

/** The error info of an in-band error (SSE `error` event or a JSON error body seen by the usage tap). */
export function anthropicErrorInfo(body: unknown, status?: number): UpstreamErrorInfo {
  const read = readAnthropicError(status ?? 0, body);
  return {
    kind: read.kind ?? 'upstream',
    message: read.message ?? 'upstream error',
    ...(status === undefined ? {} : { status }),
  };
}
