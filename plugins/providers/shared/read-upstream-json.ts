import type { UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { type ErrorBodyReader, fetchUpstream, type UpstreamRequest } from './upstream-fetch';

/** Why reading an already-open upstream body failed: our deadline / the client leaving, or the connection. */
export function interruptionInfo(error: unknown, signal: AbortSignal): UpstreamErrorInfo {
  if (signal.aborted) return { kind: 'timeout', message: signal.reason instanceof Error ? signal.reason.message : 'aborted' };
  return { kind: 'connection', message: error instanceof Error ? error.message : String(error) };
}

/** A 2xx body that is not the JSON we expect is the upstream's fault: a 502, never a crash. */
export async function readUpstreamJson<Body>(provider: string, response: Response, signal: AbortSignal): Promise<Body> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw createUpstreamError(provider, interruptionInfo(error, signal), error);
  }
  try {
    return JSON.parse(text) as Body;
  } catch (error) {
    throw createUpstreamError(provider, { kind: 'malformed-response', message: 'the response body is not JSON', status: response.status }, error);
  }
}

/** Fails as a malformed response unless `valid`; keeps adapters from passing garbage to clients. */
export function expectShape(provider: string, valid: boolean, what: string): void {
  if (!valid) throw createUpstreamError(provider, { kind: 'malformed-response', message: `expected ${what}` });
}

/** An operation the upstream cannot serve without a key fails like a rejected key would. */
export function requireApiKey(provider: string, apiKey: string | undefined, variable: string): string {
  if (!apiKey) throw createUpstreamError(provider, { kind: 'authentication', message: `no API key is configured (${variable})` });
  return apiKey;
}

/** Upstreams that embed text only refuse token-id inputs: the client's request is at fault (400). */
export function requireTextInputs(provider: string, inputs: readonly (string | readonly number[])[]): string[] {
  if (inputs.some((input) => typeof input !== 'string')) throw createUpstreamError(provider, { kind: 'invalid-request', message: 'token-id inputs are not supported by this model; send text' });
  return inputs as string[];
}

/** Calls the upstream and reads its 2xx JSON answer; every failure is an UpstreamError. */
export async function fetchUpstreamJson<Body>(request: UpstreamRequest, readErrorBody: ErrorBodyReader): Promise<Body> {
  return readUpstreamJson<Body>(request.provider, await fetchUpstream(request, readErrorBody), request.signal);
}
