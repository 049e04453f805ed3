import { joinUrl } from '../shared/upstream-fetch';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Client headers worth forwarding: a newer API version and opt-in betas change what the upstream accepts. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

export function anthropicUrl(baseUrl: string, endpoint: 'messages' | 'count-tokens'): string {
  return joinUrl(baseUrl, endpoint === 'messages' ? '/v1/messages' : '/v1/messages/count_tokens');
}

/** Our key plus the client's `anthropic-version` / `anthropic-beta` (header names are matched case-insensitively). */
export function anthropicHeaders(apiKey: string, forwardHeaders: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { 'x-api-key': apiKey, 'anthropic-version': DEFAULT_ANTHROPIC_VERSION };
  for (const [name, value] of Object.entries(forwardHeaders)) {
    const lower = name.toLowerCase();
    if ((FORWARDED_HEADERS as readonly string[]).includes(lower) && value) headers[lower] = value;
  }
  return headers;
}
