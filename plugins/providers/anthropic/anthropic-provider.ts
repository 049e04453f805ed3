import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider, PassthroughResponse } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import type { Logger } from '../../../kernel/logger';
import { readSseEvents } from '../../../kernel/sse';
import { fetchUpstream, sendUpstream, type FetchFunction } from '../shared/upstream-fetch';
import { anthropicHeaders, anthropicUrl, DEFAULT_ANTHROPIC_BASE_URL } from './anthropic-api';
import { parseAnthropicResponse } from './anthropic-response';
import { AnthropicStreamParser } from './anthropic-stream-parser';
import { createAnthropicUsageTap } from './anthropic-usage-tap';
import type { AnthropicResponseBody } from './anthropic-wire-types';
import { convertToAnthropicRequest, type AnthropicRequestConversion } from './convert-to-anthropic-request';
import { readAnthropicError } from './read-anthropic-error';

export interface AnthropicProviderOptions {
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

async function* readStreamParts(body: ReadableStream<Uint8Array>, parser: AnthropicStreamParser, signal: AbortSignal): AsyncGenerator<StreamPart> {
  try {
    for await (const event of readSseEvents(body)) {
      for (const part of parser.push(event)) {
        yield part;
        // After `finish` or `error` nothing follows; returning also cancels the upstream body.
        if (part.type === 'finish' || part.type === 'error') return;
      }
    }
    yield* parser.end();
  } catch (error) {
    yield { type: 'error', error: interruptionInfo(error, signal) };
  }
}

export function createAnthropicProvider(options: AnthropicProviderOptions): ChatProvider {
  const { name, logger } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const apiKey = (): string => {
    if (!options.apiKey) throw createUpstreamError(name, { kind: 'authentication', message: 'no API key is configured (ANTHROPIC_API_KEY)' });
    return options.apiKey;
  };
  const deadline = (call: CallContext) => AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs)]);
  const convert = (request: CanonicalRequest, model: ModelInfo, stream: boolean): AnthropicRequestConversion => {
    const conversion = convertToAnthropicRequest({ ...request, stream }, model);
    if (conversion.warnings.length) logger.debug({ model: model.id, warnings: conversion.warnings }, 'request mapped with changes');
    return conversion;
  };
  const post = (endpoint: 'messages' | 'count-tokens', body: unknown, call: CallContext, signal: AbortSignal) =>
    fetchUpstream({ provider: name, url: anthropicUrl(baseUrl, endpoint), headers: anthropicHeaders(apiKey(), call.forwardHeaders), body, signal, fetch: options.fetch }, readAnthropicError);

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
    protocol: 'anthropic-messages',
    enabled: Boolean(options.apiKey),
    models: () => options.models,

    async generate(request, model, call): Promise<CanonicalResponse> {
      const conversion = convert(request, model, false);
      const signal = deadline(call);
      const response = await post('messages', conversion.body, call, signal);
      const body = await readJson<AnthropicResponseBody>(response, signal);
      return parseAnthropicResponse(body, { modelId: model.id, ...(conversion.jsonResponseTool ? { jsonResponseTool: conversion.jsonResponseTool } : {}) });
    },

    async stream(request, model, call) {
      const conversion = convert(request, model, true);
      const signal = deadline(call);
      const response = await post('messages', conversion.body, call, signal);
      if (!response.body) throw createUpstreamError(name, { kind: 'malformed-response', message: 'the stream response has no body', status: response.status });
      const parser = new AnthropicStreamParser({ modelId: model.id, ...(conversion.jsonResponseTool ? { jsonResponseTool: conversion.jsonResponseTool } : {}) });
      return readStreamParts(response.body, parser, signal);
    },

    async countTokens(request, model, call) {
      const { body } = convert(request, model, false);
      // count_tokens takes the prompt-shaping fields only; sampling and limits are refused.
      const { model: upstreamModel, messages, system, tools, tool_choice: toolChoice, thinking } = body;
      const countBody = { model: upstreamModel, messages, system, tools, tool_choice: toolChoice, thinking };
      const signal = deadline(call);
      const response = await post('count-tokens', countBody, call, signal);
      const counted = await readJson<{ input_tokens?: unknown }>(response, signal);
      if (typeof counted.input_tokens !== 'number') throw createUpstreamError(name, { kind: 'malformed-response', message: 'count_tokens answered without input_tokens' });
      return counted.input_tokens;
    },

    async passthrough(body, _model, call): Promise<PassthroughResponse> {
      const response = await sendUpstream({
        provider: name, url: anthropicUrl(baseUrl, 'messages'), headers: anthropicHeaders(apiKey(), call.forwardHeaders), body, signal: deadline(call), fetch: options.fetch,
      });
      return { status: response.status, headers: response.headers, body: response.body };
    },

    createUsageTap: createAnthropicUsageTap,
  };
}
