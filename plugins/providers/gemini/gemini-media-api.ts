import { fetchUpstreamJson, requireApiKey } from '../shared/read-upstream-json';
import { fetchUpstream, joinUrl, type FetchFunction, type UpstreamRequest } from '../shared/upstream-fetch';
import { geminiHeaders } from './gemini-api';
import { readGeminiError } from './read-gemini-error';

export interface GeminiMediaOptions {
  readonly name: string;
  readonly apiKey?: string | undefined;
  readonly baseUrl: string;
  readonly fetch: FetchFunction;
}

/** A request with our key to a full URL: a GET without a body, a JSON POST with one. */
function geminiRequest(options: GeminiMediaOptions, url: string, signal: AbortSignal, body?: unknown): UpstreamRequest {
  const headers = geminiHeaders(requireApiKey(options.name, options.apiKey, 'GEMINI_API_KEY'));
  return { provider: options.name, url, method: body === undefined ? 'GET' : 'POST', headers, body, signal, fetch: options.fetch };
}

/** Calls a Gemini endpoint and reads its JSON answer; errors read in Google's shape. */
export function callGeminiJson<Body>(options: GeminiMediaOptions, url: string, signal: AbortSignal, body?: unknown): Promise<Body> {
  return fetchUpstreamJson<Body>(geminiRequest(options, url, signal, body), readGeminiError);
}

/** Calls a Gemini endpoint and hands back the raw 2xx response (file downloads). */
export function callGemini(options: GeminiMediaOptions, url: string, signal: AbortSignal): Promise<Response> {
  return fetchUpstream(geminiRequest(options, url, signal), readGeminiError);
}

/** Endpoints of Gemini's non-chat models, below the same host as generateContent. */
export function geminiModelActionUrl(baseUrl: string, upstreamModel: string, action: 'embedContent' | 'batchEmbedContents' | 'predict' | 'predictLongRunning'): string {
  return joinUrl(baseUrl, `/v1beta/models/${encodeURIComponent(upstreamModel)}:${action}`);
}

/** A long-running operation by its name (`models/veo-3.0-generate-001/operations/abc`). */
export function geminiOperationUrl(baseUrl: string, operationName: string): string {
  return joinUrl(baseUrl, `/v1beta/${operationName.split('/').map(encodeURIComponent).join('/')}`);
}

/** Imagen and Veo take an aspect ratio, not pixels; these are the sizes they produce for each. */
const ASPECT_RATIO_BY_SIZE: Readonly<Record<string, string>> = {
  '1024x1024': '1:1',
  '896x1280': '3:4',
  '1280x896': '4:3',
  '768x1408': '9:16',
  '1408x768': '16:9',
  '1280x720': '16:9',
  '720x1280': '9:16',
};

export function aspectRatioOf(size: string | undefined): string | undefined {
  return size === undefined ? undefined : ASPECT_RATIO_BY_SIZE[size];
}
