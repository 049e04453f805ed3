import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { createUpstreamError, parseRetryAfter } from '../../../kernel/canonical/upstream-error';
import type { Logger } from '../../../kernel/logger';
import { readUpstreamJson } from '../shared/read-upstream-json';
import { type ErrorBodyReader, type FetchFunction, fetchUpstream, fetchUpstreamStream, joinUrl, sendRaw, type UpstreamRequest } from '../shared/upstream-fetch';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request';
import { fitPassthroughBody } from './fit-passthrough-body';
import type { ModelCatalogEntry } from './model-catalog';
import { convertOpenAIChatResponse } from './openai-chat-response';
import type { OpenAIChatPreset } from './openai-chat-preset';
import { createOpenAIChatUsageTap } from './openai-chat-usage-tap';
import type { OpenAIChatRequestBody, OpenAIChatResponseBody } from './openai-chat-wire';
import { readOpenAIChatStream } from './read-openai-chat-stream';
import { readOpenAIError } from './read-openai-error';

export interface OpenAIChatProviderOptions {
  /** Instance name: the `provider` part of model ids. */
  readonly name: string;
  readonly apiKey?: string | undefined;
  /** Overrides the preset's default base URL (the part before `/chat/completions`). */
  readonly baseUrl?: string | undefined;
  /** Extra headers on every upstream call (e.g. OpenRouter's `HTTP-Referer`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly models: readonly ModelInfo[];
  readonly fetch: FetchFunction;
  readonly logger: Logger;
}

/** An error reader that never lets our key through: some upstreams quote the key they rejected. */
function createErrorReader(apiKey: string | undefined): ErrorBodyReader {
  return (status, body) => {
    const read = readOpenAIError(status, body);
    return apiKey && read.message?.includes(apiKey) ? { ...read, message: read.message.replaceAll(apiKey, '[redacted]') } : read;
  };
}

/** Reads a 2xx JSON answer; compatible servers sometimes say 200 and put an error in the body. */
async function readResponseBody(provider: string, response: Response, signal: AbortSignal, readError: ErrorBodyReader): Promise<OpenAIChatResponseBody> {
  const body = await readUpstreamJson<OpenAIChatResponseBody>(provider, response, signal);
  if (body?.error) {
    const read = readError(response.status, body);
    // OpenRouter may say when to come back (https://openrouter.ai/docs/api-reference/errors).
    const retryAfterSeconds = read.retryAfterSeconds ?? parseRetryAfter(response.headers.get('retry-after'));
    throw createUpstreamError(provider, { kind: read.kind ?? 'upstream', message: read.message ?? 'error in a 2xx response', status: response.status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
  }
  if (!body?.choices?.length) throw createUpstreamError(provider, { kind: 'malformed-response', message: 'the response has no choices', status: response.status });
  return body;
}

/**
 * A ChatProvider for one OpenAI-compatible upstream. It only coordinates: the preset
 * says what differs between upstreams, and the mapping lives in the convert/map/read files.
 */
export function createOpenAIChatProvider(preset: OpenAIChatPreset, options: OpenAIChatProviderOptions): ChatProvider {
  const { name, logger } = options;
  const readError = createErrorReader(options.apiKey);
  const baseUrl = options.baseUrl || preset.defaultBaseUrl || '';
  const headers: Record<string, string> = { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };
  // Built once, not per call: every call goes to the same URL, a passthrough with the same headers.
  const chatUrl = joinUrl(baseUrl, 'chat/completions');
  // Identity: the bytes are relayed as the upstream sent them, with nothing to decompress (the transport would, and drop `content-encoding`).
  const passthroughHeaders: Record<string, string> = { 'content-type': 'application/json', ...headers, 'accept-encoding': 'identity' };
  const upstream = (body: unknown, call: CallContext, callHeaders: Readonly<Record<string, string>> = headers): UpstreamRequest => ({
    provider: name,
    url: chatUrl,
    headers: callHeaders,
    body,
    signal: call.signal,
    fetch: options.fetch,
  });

  const convert = (request: CanonicalRequest, model: ModelInfo, stream: boolean): OpenAIChatRequestBody => {
    const warnings: string[] = [];
    const body = convertToOpenAIChatRequest({ ...request, stream }, model, preset, warnings);
    if (warnings.length) logger.debug({ model: model.id, warnings }, 'request mapped with changes');
    return body;
  };

  const connection = { name, baseUrl, headers, fetch: options.fetch, readError };
  const translation = preset.translateVia?.(connection, logger);
  return {
    name,
    protocol: 'openai-chat',
    enabled: Boolean(baseUrl) && (Boolean(options.apiKey) || !preset.requiresApiKey),
    models: () => options.models,
    async generate(request, model, call) {
      if (translation?.handles(request, model)) return translation.generate(request, model, call);
      const response = await fetchUpstream(upstream(convert(request, model, false), call), readError);
      return convertOpenAIChatResponse(await readResponseBody(name, response, call.signal, readError), model, call.requestId);
    },
    async stream(request, model, call) {
      if (translation?.handles(request, model)) return translation.stream(request, model, call);
      const stream = await fetchUpstreamStream(upstream(convert(request, model, true), call), readError);
      const onError = (error: { kind: string; message: string }) => logger.warn({ requestId: call.requestId, provider: name, kind: error.kind }, 'upstream stream failed');
      return readOpenAIChatStream(stream, { model: model.id, requestId: call.requestId, signal: call.signal, onError });
    },
    async passthrough(body, model, call) {
      return sendRaw(upstream(fitPassthroughBody(body, model, preset.wireShape(model.upstreamId)), call, passthroughHeaders));
    },
    createUsageTap: createOpenAIChatUsageTap,
    ...(preset.alsoSpeaks ? { alsoSpeaks: preset.alsoSpeaks(connection) } : {}),
  };
}

/** What a preset's plugin factory takes: the catalog comes from the plugin's models.json, with `configuredModels` applied. */
export type PresetProviderOptions = Omit<OpenAIChatProviderOptions, 'models' | 'name'> & { readonly name?: string; readonly configuredModels?: readonly ModelCatalogEntry[] };
