import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import type { Logger } from '../../../kernel/logger';
import { readSseEvents } from '../../../kernel/sse';
import { fetchUpstream, type FetchFunction } from '../shared/upstream-fetch';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { DEFAULT_GEMINI_BASE_URL, geminiHeaders, geminiUrl } from './gemini-api';
import { parseGeminiResponse } from './gemini-response';
import { GeminiStreamParser } from './gemini-stream-parser';
import type { GeminiRequestBody, GeminiResponseChunk } from './gemini-wire-types';
import { readGeminiError } from './read-gemini-error';

export interface GeminiProviderOptions {
  /** Instance name: the `provider` part of model ids. */
  readonly name: string;
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Deadline for a whole upstream call, streams included. */
  readonly timeoutMs?: number | undefined;
  readonly models: readonly ModelInfo[];
  readonly fetch: FetchFunction;
  readonly logger: Logger;
}

const DEFAULT_TIMEOUT_MS = 600_000;

/** Why reading an already-open upstream body failed: our deadline / the client leaving, or the connection. */
function interruptionInfo(error: unknown, signal: AbortSignal): UpstreamErrorInfo {
  if (signal.aborted) return { kind: 'timeout', message: signal.reason instanceof Error ? signal.reason.message : 'aborted' };
  return { kind: 'connection', message: error instanceof Error ? error.message : String(error) };
}

async function* readStreamParts(body: ReadableStream<Uint8Array>, parser: GeminiStreamParser, signal: AbortSignal): AsyncGenerator<StreamPart> {
  try {
    for await (const event of readSseEvents(body)) {
      for (const part of parser.push(event)) {
        yield part;
        // Nothing follows an error; returning also cancels the upstream body.
        if (part.type === 'error') return;
      }
    }
    yield* parser.end();
  } catch (error) {
    yield { type: 'error', error: interruptionInfo(error, signal) };
  }
}

/** Gemini has no passthrough: no front-end speaks its protocol. */
export function createGeminiProvider(options: GeminiProviderOptions): ChatProvider {
  const { name, logger } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_GEMINI_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const apiKey = (): string => {
    if (!options.apiKey) throw createUpstreamError(name, { kind: 'authentication', message: 'no API key is configured (GEMINI_API_KEY)' });
    return options.apiKey;
  };
  const deadline = (call: CallContext) => AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs)]);
  const convert = (request: CanonicalRequest, model: ModelInfo): GeminiRequestBody => {
    const { body, warnings } = convertToGeminiRequest(request);
    if (warnings.length) logger.debug({ model: model.id, warnings }, 'request mapped with changes');
    return body;
  };
  const post = (url: string, body: unknown, signal: AbortSignal) =>
    fetchUpstream({ provider: name, url, headers: geminiHeaders(apiKey()), body, signal, fetch: options.fetch }, readGeminiError);

  async function readJson<Body>(response: Response, signal: AbortSignal): Promise<Body> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw createUpstreamError(name, interruptionInfo(error, signal), error);
    }
    try {
      return JSON.parse(text) as Body;
    } catch (error) {
      throw createUpstreamError(name, { kind: 'malformed-response', message: 'the response body is not JSON', status: response.status }, error);
    }
  }

  return {
    name,
    protocol: 'gemini',
    enabled: Boolean(options.apiKey),
    models: () => options.models,

    async generate(request, model, call): Promise<CanonicalResponse> {
      const body = convert(request, model);
      const signal = deadline(call);
      const response = await post(geminiUrl(baseUrl, model.upstreamId, 'generate'), body, signal);
      const parsed = parseGeminiResponse(await readJson<GeminiResponseChunk>(response, signal), model.id);
      if ('error' in parsed) throw createUpstreamError(name, parsed.error);
      return parsed;
    },

    async stream(request, model, call) {
      const body = convert(request, model);
      const signal = deadline(call);
      const response = await post(geminiUrl(baseUrl, model.upstreamId, 'stream'), body, signal);
      if (!response.body) throw createUpstreamError(name, { kind: 'malformed-response', message: 'the stream response has no body', status: response.status });
      return readStreamParts(response.body, new GeminiStreamParser({ modelId: model.id }), signal);
    },

    async countTokens(request, model, call) {
      const { contents, systemInstruction, tools } = convert(request, model);
      const generateContentRequest = { model: `models/${model.upstreamId}`, contents, systemInstruction, tools };
      const signal = deadline(call);
      const response = await post(geminiUrl(baseUrl, model.upstreamId, 'count-tokens'), { generateContentRequest }, signal);
      const counted = await readJson<{ totalTokens?: unknown }>(response, signal);
      if (typeof counted.totalTokens !== 'number') throw createUpstreamError(name, { kind: 'malformed-response', message: 'countTokens answered without totalTokens' });
      return counted.totalTokens;
    },
  };
}
