import { joinUrl } from '../shared/upstream-fetch';

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

const PATH_BY_ENDPOINT = {
  generate: ':generateContent',
  stream: ':streamGenerateContent?alt=sse',
  'count-tokens': ':countTokens',
} as const;

/** `GEMINI_BASE_URL` is the host, as in Google's SDK; the API version is part of the path. */
export function geminiUrl(baseUrl: string, upstreamModel: string, endpoint: keyof typeof PATH_BY_ENDPOINT): string {
  return joinUrl(baseUrl, `/v1beta/models/${encodeURIComponent(upstreamModel)}${PATH_BY_ENDPOINT[endpoint]}`);
}

export function geminiHeaders(apiKey: string): Record<string, string> {
  return { 'x-goog-api-key': apiKey };
}
