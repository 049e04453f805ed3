import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider, PassthroughCount, PassthroughResponse } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { callDeadline, type ProviderOptions } from '../shared/provider-options';
import { readStreamParts } from '../shared/read-stream-parts';
import { readUpstreamJson, requireApiKey } from '../shared/read-upstream-json';
import { fetchUpstream, fetchUpstreamStream, sendRaw, type UpstreamRequest } from '../shared/upstream-fetch';
import { anthropicHeaders, anthropicUrl, DEFAULT_ANTHROPIC_BASE_URL } from './anthropic-api';
import { withAutoCacheBreakpoints } from './auto-cache-breakpoints';
import { parseAnthropicResponse } from './anthropic-response';
import { AnthropicStreamParser } from './anthropic-stream-parser';
import { createAnthropicUsageTap } from './anthropic-usage-tap';
import type { AnthropicResponseBody } from './anthropic-wire-types';
import { fitPassthroughMessages } from './fit-passthrough-messages';
import { toCountTokensBody } from './count-tokens-body';
import { convertToAnthropicRequest, type AnthropicRequestConversion } from './convert-to-anthropic-request';
import { readAnthropicError } from './read-anthropic-error';
import { requireConversation } from '../shared/require-conversation';

export interface AnthropicProviderOptions extends ProviderOptions {
  /** Breakpoints for translated requests that carry none (auto-cache-breakpoints.ts). */
  readonly autoPromptCache?: boolean;
}

/** Anthropic's count answer (`{input_tokens, context_management?}`), kept whole for a client of its protocol. */
function readCountAnswer(provider: string, answer: unknown): PassthroughCount {
  const inputTokens = (answer as { input_tokens?: unknown } | null)?.input_tokens;
  if (typeof inputTokens !== 'number') throw createUpstreamError(provider, { kind: 'malformed-response', message: 'count_tokens answered without input_tokens' });
  return { inputTokens, answer: answer as Readonly<Record<string, unknown>> };
}

export function createAnthropicProvider(options: AnthropicProviderOptions): ChatProvider {
  const { name, logger } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL;
  const apiKey = () => requireApiKey(name, options.apiKey, 'ANTHROPIC_API_KEY');
  const deadline = (call: CallContext) => callDeadline(call, options.timeoutMs);
  const convert = (request: CanonicalRequest, model: ModelInfo, stream: boolean): AnthropicRequestConversion => {
    requireConversation(request, name);
    const conversion = convertToAnthropicRequest({ ...(options.autoPromptCache ? withAutoCacheBreakpoints(request) : request), stream }, model);
    if (conversion.warnings.length) logger.debug({ model: model.id, warnings: conversion.warnings }, 'request mapped with changes');
    return conversion;
  };
  const upstream = (endpoint: 'messages' | 'count-tokens', body: unknown, call: CallContext, signal: AbortSignal, betas: readonly string[] = []): UpstreamRequest =>
    ({ provider: name, url: anthropicUrl(baseUrl, endpoint), headers: anthropicHeaders(apiKey(), call.forwardHeaders, betas), body, signal, fetch: options.fetch });
  const post = (endpoint: 'messages' | 'count-tokens', body: unknown, call: CallContext, signal: AbortSignal, betas?: readonly string[]) => fetchUpstream(upstream(endpoint, body, call, signal, betas), readAnthropicError);
  const count = async (body: unknown, call: CallContext, betas?: readonly string[]): Promise<PassthroughCount> => {
    const signal = deadline(call);
    const response = await post('count-tokens', body, call, signal, betas);
    return readCountAnswer(name, await readUpstreamJson<unknown>(name, response, signal));
  };

  return {
    name,
    protocol: 'anthropic-messages',
    enabled: Boolean(options.apiKey),
    models: () => options.models,

    async generate(request, model, call): Promise<CanonicalResponse> {
      const conversion = convert(request, model, false);
      const signal = deadline(call);
      const response = await post('messages', conversion.body, call, signal, conversion.betas);
      const body = await readUpstreamJson<AnthropicResponseBody>(name, response, signal);
      return parseAnthropicResponse(body, { modelId: model.id, ...(conversion.jsonResponseTool ? { jsonResponseTool: conversion.jsonResponseTool } : {}) });
    },

    async stream(request, model, call) {
      const conversion = convert(request, model, true);
      const signal = deadline(call);
      const stream = await fetchUpstreamStream(upstream('messages', conversion.body, call, signal, conversion.betas), readAnthropicError);
      const parser = new AnthropicStreamParser({ modelId: model.id, ...(conversion.jsonResponseTool ? { jsonResponseTool: conversion.jsonResponseTool } : {}) });
      return readStreamParts(stream, parser, signal);
    },

    async countTokens(request, model, call) {
      const { body, betas } = convert(request, model, false);
      // count_tokens takes the prompt-shaping fields only (structured outputs' schema is one, under
      // the same beta); sampling and limits are refused.
      const { model: upstreamModel, messages, system, tools, tool_choice: toolChoice, thinking, output_format: outputFormat } = body;
      const countBody = { model: upstreamModel, messages, system, tools, tool_choice: toolChoice, thinking, output_format: outputFormat };
      return (await count(countBody, call, betas)).inputTokens;
    },

    // No betas of ours: the client's own go with its body, as on passthrough.
    countPassthrough: (body, _model, call) => count(toCountTokensBody(body), call),

    async passthrough(body, _model, call): Promise<PassthroughResponse> {
      // Identity: the bytes are relayed as the upstream sent them, with nothing to decompress.
      return sendRaw({
        provider: name, url: anthropicUrl(baseUrl, 'messages'), headers: { ...anthropicHeaders(apiKey(), call.forwardHeaders), 'accept-encoding': 'identity' }, body: fitPassthroughMessages(body), signal: deadline(call), fetch: options.fetch,
      });
    },

    createUsageTap: createAnthropicUsageTap,
  };
}
