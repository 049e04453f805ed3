import type { ErrorBodyReader, FetchFunction } from '../../../plugins/providers/shared/upstream-fetch';
import type { BskError } from '../../../kernel/errors';
import { providerErrors } from './errors';

export type { FetchFunction };

export interface ProviderRequest {
  readonly provider: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  readonly fetch: FetchFunction;
  /** Reads the provider's error body (Anthropic or OpenAI shape) into a message. */
  readonly readErrorBody: ErrorBodyReader;
  /** A chat call names a model: a 404 then means the model is gone, not a wrong URL. */
  readonly model?: string;
}

/** Why fetch itself failed: ECONNREFUSED and friends hide in `cause.code`. */
function connectionReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function readFailure(request: ProviderRequest, response: Response): Promise<BskError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A proxy's HTML page, say: the text itself is the message.
  }
  const reason = request.readErrorBody(response.status, body).message ?? (text.slice(0, 200) || response.statusText || 'no details');
  const details = { provider: request.provider, httpStatus: response.status, reason };
  if (response.status === 401) return providerErrors.create('BSK_PROVIDER_AUTH', details);
  if (response.status === 404 && request.model) {
    return providerErrors.create('BSK_PROVIDER_UNKNOWN_MODEL', { ...details, model: request.model, where: `provider "${request.provider}" (${reason})` });
  }
  return providerErrors.create('BSK_PROVIDER_FAILED', details);
}

/**
 * One HTTP call to a provider. Resolves with the Response for 2xx; rejects with a
 * BSK_PROVIDER_* error for an unreachable host, a rejected key, a vanished model or any
 * other error status. A call the caller cancelled rejects with the signal's reason.
 */
export async function sendProviderRequest(request: ProviderRequest): Promise<Response> {
  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method: request.method,
      headers: request.body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    throw providerErrors.create('BSK_PROVIDER_UNREACHABLE', { provider: request.provider, url: request.url.split('?')[0], reason: connectionReason(error) }, { cause: error });
  }
  if (!response.ok) throw await readFailure(request, response);
  return response;
}

/** Reads a JSON body, or fails with BSK_PROVIDER_MALFORMED. */
export async function readJsonBody(provider: string, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw providerErrors.create('BSK_PROVIDER_MALFORMED', { provider, reason: `expected JSON, got "${text.slice(0, 80)}"` }, { cause: error });
  }
}

/**
 * Joins a base URL and an API path (`v1/models`). A base that already ends in a version
 * segment (`…/v1`, as OpenAI-style URLs are usually written) is not given a second one.
 */
export function apiUrl(base: string, path: string): string {
  const trimmed = base.replace(/\/+$/, '');
  const versioned = /\/v\d+[a-z]*$/.test(trimmed);
  return `${trimmed}/${versioned ? path.replace(/^v\d+\//, '') : path}`;
}
