import { createUpstreamError } from '../../../kernel/canonical/upstream-error';

/** A 2xx body that is not the JSON we expect is the upstream's fault: a 502, never a crash. */
export async function readUpstreamJson<Body>(provider: string, response: Response): Promise<Body> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw createUpstreamError(provider, { kind: 'connection', message: (error as Error).message }, error);
  }
  try {
    return JSON.parse(text) as Body;
  } catch (error) {
    throw createUpstreamError(provider, { kind: 'malformed-response', message: `not JSON: ${text.slice(0, 100)}` }, error);
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
