import { joinUrl } from '../shared/upstream-fetch';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Client headers worth forwarding: a newer API version and opt-in betas change what the upstream accepts. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

export function anthropicUrl(baseUrl: string, endpoint: 'messages' | 'count-tokens'): string {
  return joinUrl(baseUrl, endpoint === 'messages' ? '/v1/messages' : '/v1/messages/count_tokens');
}

/** The client's betas (comma-separated) and those a translated body needs, each once. */
function joinBetas(clientBetas: string | undefined, betas: readonly string[]): string | undefined {
  if (!betas.length) return clientBetas;
  const missing = betas.filter((beta) => !clientBetas?.split(',').some((given) => given.trim() === beta));
  if (!missing.length) return clientBetas;
  return [...(clientBetas ? [clientBetas] : []), ...missing].join(',');
}

/**
 * Our key plus the client's `anthropic-version` / `anthropic-beta` (header names are matched
 * case-insensitively), and the betas a translated body relies on.
 */
export function anthropicHeaders(apiKey: string, forwardHeaders: Readonly<Record<string, string>>, betas: readonly string[] = []): Record<string, string> {
  const headers: Record<string, string> = { 'x-api-key': apiKey, 'anthropic-version': DEFAULT_ANTHROPIC_VERSION };
  for (const [name, value] of Object.entries(forwardHeaders)) {
    const lower = name.toLowerCase();
    if ((FORWARDED_HEADERS as readonly string[]).includes(lower) && value) headers[lower] = value;
  }
  const beta = joinBetas(headers['anthropic-beta'], betas);
  if (beta) headers['anthropic-beta'] = beta;
  return headers;
}
