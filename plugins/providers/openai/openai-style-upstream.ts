import { readOpenAIError } from '../openai-chat/read-openai-error';
import { fetchUpstreamJson } from '../shared/read-upstream-json';
import { joinUrl, type FetchFunction } from '../shared/upstream-fetch';

/** One upstream that speaks OpenAI's REST shapes: OpenAI itself, or a compatible server from config. */
export interface OpenAIStyleOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  /** Hosted APIs need a key; a local server (vLLM, Ollama) runs without one. */
  readonly requiresApiKey: boolean;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly fetch: FetchFunction;
}

/** Bearer auth plus any configured headers. */
export function openAIStyleHeaders(options: OpenAIStyleOptions): Record<string, string> {
  return { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };
}

export function isOpenAIStyleEnabled(options: OpenAIStyleOptions): boolean {
  return !options.requiresApiKey || Boolean(options.apiKey);
}

/** POSTs `body` as JSON to `path` below the base URL and reads its JSON answer; errors read in OpenAI's shape. */
export function callOpenAIStyleJson<Body>(options: OpenAIStyleOptions, path: string, signal: AbortSignal, body: unknown): Promise<Body> {
  return fetchUpstreamJson<Body>({ provider: options.name, url: joinUrl(options.baseUrl, path), method: 'POST', headers: openAIStyleHeaders(options), body, signal, fetch: options.fetch }, readOpenAIError);
}
