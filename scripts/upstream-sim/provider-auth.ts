import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName } from './provider-errors';

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headerValue(headers, 'authorization') ?? '');
  return match?.[1]?.trim();
}

/** The API key a request presents, read the way the provider reads it. */
export function readPresentedKey(provider: ProviderName, headers: IncomingHttpHeaders, url: URL): string | undefined {
  switch (provider) {
    // Current Anthropic SDKs send the key as a bearer token; older clients use x-api-key.
    case 'anthropic': return headerValue(headers, 'x-api-key') ?? bearerToken(headers);
    case 'gemini': return headerValue(headers, 'x-goog-api-key') ?? url.searchParams.get('key') ?? undefined;
    default: return bearerToken(headers);
  }
}

/** Why the provider refuses this key, or undefined when it is accepted. */
export function checkPresentedKey(provider: ProviderName, presented: string | undefined, expected: string | undefined): string | undefined {
  if (!presented) return provider === 'anthropic' ? 'x-api-key header is required' : 'No API key provided (simulated)';
  if (expected !== undefined && presented !== expected) return provider === 'anthropic' ? 'invalid x-api-key' : 'Incorrect API key provided (simulated)';
  return undefined;
}

/** Header names whose values the request log never shows. */
export const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'cookie', 'proxy-authorization']);

/** Headers the provider requires besides the key; the message it answers when one is missing. */
export function checkRequiredHeaders(provider: ProviderName, headers: IncomingHttpHeaders): string | undefined {
  if (provider === 'anthropic' && !headerValue(headers, 'anthropic-version')) return 'anthropic-version: header is required';
  return undefined;
}

/** The header a provider names its request id in. */
export function requestIdHeader(provider: ProviderName): string | undefined {
  if (provider === 'anthropic') return 'request-id';
  if (provider === 'openai' || provider === 'deepseek' || provider === 'kimi') return 'x-request-id';
  return undefined;
}
