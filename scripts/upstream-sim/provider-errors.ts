import { deterministicId } from './deterministic';
import type { ErrorDetail } from './sim-request-error';

/** Every upstream the simulator stands in for; Jina-style rerank lives under `openai`. */
export type ProviderName = 'anthropic' | 'openai' | 'deepseek' | 'kimi' | 'gemini' | 'cohere' | 'voyage';

export const PROVIDER_NAMES: readonly ProviderName[] = ['anthropic', 'openai', 'deepseek', 'kimi', 'gemini', 'cohere', 'voyage'];

/** An error as the provider sends it: status, headers and body. */
export interface ProviderErrorReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request (simulated)',
  401: 'Invalid API key (simulated)',
  403: 'Permission denied (simulated)',
  404: 'Not found (simulated)',
  429: 'Rate limit exceeded (simulated)',
  500: 'Internal server error (simulated)',
  503: 'Service unavailable (simulated)',
  529: 'Overloaded',
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
  413: 'request_too_large', 429: 'rate_limit_error', 529: 'overloaded_error', 504: 'timeout_error',
};

const OPENAI_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null], 401: ['invalid_request_error', 'invalid_api_key'], 403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'], 429: ['requests', 'rate_limit_exceeded'],
};

const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

function openAiFamilyError(status: number, message: string, detail: ErrorDetail | undefined): unknown {
  const [type, code] = OPENAI_TYPES[status] ?? (status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
  return { error: { message, type, param: detail?.param ?? null, code: detail ? detail.code : code } };
}

function googleDetails(status: number, retryAfterSeconds: number): unknown[] | undefined {
  if (status === 401) return [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }];
  if (status === 429) return [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }];
  return undefined;
}

function errorBody(provider: ProviderName, status: number, message: string, retryAfterSeconds: number, detail: ErrorDetail | undefined): unknown {
  switch (provider) {
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message }, request_id: `req_sim${deterministicId(message)}` };
    case 'gemini': {
      const details = googleDetails(status, retryAfterSeconds);
      return { error: { code: status, message, status: GOOGLE_STATUSES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'), ...(details ? { details } : {}) } };
    }
    case 'cohere': return { id: deterministicId(message, 36), message };
    case 'voyage': return { detail: message };
    default: return openAiFamilyError(status, message, detail);
  }
}

/** The provider's error reply for `status`; a 429 always says when to retry. `detail` fills the OpenAI shape's `param` and `code`. */
export function buildProviderError(provider: ProviderName, status: number, message?: string, retryAfterSeconds?: number, detail?: ErrorDetail): ProviderErrorReply {
  const retryAfter = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  const text = message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status} (simulated)`;
  return {
    status,
    headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    body: errorBody(provider, status, text, retryAfter ?? 0, detail),
  };
}
