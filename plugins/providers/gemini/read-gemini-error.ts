import type { UpstreamErrorInfo, UpstreamErrorKind } from '../../../kernel/canonical/stream';
import type { ErrorBodyReader } from '../shared/upstream-fetch';

const KIND_BY_STATUS: Readonly<Record<string, UpstreamErrorKind>> = {
  INVALID_ARGUMENT: 'invalid-request',
  FAILED_PRECONDITION: 'invalid-request',
  OUT_OF_RANGE: 'invalid-request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not-found',
  RESOURCE_EXHAUSTED: 'rate-limit',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'upstream',
};

interface GoogleErrorDetail { '@type'?: string; reason?: string; retryDelay?: string }
interface GoogleError { message?: unknown; status?: unknown; details?: GoogleErrorDetail[] }

/** Google wraps stream errors in an array; plain responses are an object. */
function googleErrorOf(body: unknown): GoogleError | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  const error = typeof first === 'object' && first !== null ? (first as { error?: unknown }).error : undefined;
  return typeof error === 'object' && error !== null ? (error as GoogleError) : undefined;
}

/** `RetryInfo.retryDelay` ("34.4s") in whole seconds, rounded up so a client never retries early. */
function retryDelaySeconds(details: readonly GoogleErrorDetail[]): number | undefined {
  const delay = details.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const seconds = delay === undefined ? Number.NaN : Number.parseFloat(delay);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** A bad key comes back as 400 INVALID_ARGUMENT with reason API_KEY_INVALID: that is our credentials. */
function kindOf(error: GoogleError, details: readonly GoogleErrorDetail[]): UpstreamErrorKind | undefined {
  if (details.some((detail) => detail.reason === 'API_KEY_INVALID')) return 'authentication';
  return typeof error.status === 'string' ? KIND_BY_STATUS[error.status] : undefined;
}

export const readGeminiError: ErrorBodyReader = (_status, body) => {
  const error = googleErrorOf(body);
  if (!error) return {};
  const details = Array.isArray(error.details) ? error.details : [];
  const kind = kindOf(error, details);
  const retryAfterSeconds = retryDelaySeconds(details);
  return {
    ...(kind ? { kind } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
};

/** An error that arrived inside a stream chunk. */
export function geminiErrorInfo(body: unknown): UpstreamErrorInfo {
  const read = readGeminiError(0, body);
  const code = googleErrorOf(body) as { code?: unknown } | undefined;
  return {
    kind: read.kind ?? 'upstream',
    message: read.message ?? 'upstream error',
    ...(typeof code?.code === 'number' ? { status: code.code } : {}),
    ...(read.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: read.retryAfterSeconds }),
  };
}
