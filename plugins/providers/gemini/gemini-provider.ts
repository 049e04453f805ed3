import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { callDeadline, type ProviderOptions } from '../shared/provider-options';
import { readStreamParts } from '../shared/read-stream-parts';
import { readUpstreamJson, requireApiKey } from '../shared/read-upstream-json';
import { fetchUpstream, fetchUpstreamStream, type UpstreamRequest } from '../shared/upstream-fetch';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { requireConversation } from '../shared/require-conversation';
import { DEFAULT_GEMINI_BASE_URL, geminiHeaders, geminiUrl } from './gemini-api';
import { parseGeminiResponse } from './gemini-response';
import { GeminiStreamParser } from './gemini-stream-parser';
import type { GeminiRequestBody, GeminiResponseChunk } from './gemini-wire-types';
import { readGeminiError } from './read-gemini-error';

/** Gemini has no passthrough: no front-end speaks its protocol. */
export function createGeminiProvider(options: ProviderOptions): ChatProvider {
  const { name, logger } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_GEMINI_BASE_URL;
  const apiKey = () => requireApiKey(name, options.apiKey, 'GEMINI_API_KEY');
  const deadline = (call: CallContext) => callDeadline(call, options.timeoutMs);
  const convert = (request: CanonicalRequest, model: ModelInfo): GeminiRequestBody => {
    requireConversation(request, name);
    const { body, warnings } = convertToGeminiRequest(request, model);
    if (warnings.length) logger.debug({ model: model.id, warnings }, 'request mapped with changes');
    return body;
  };
  const upstream = (url: string, body: unknown, signal: AbortSignal): UpstreamRequest => ({ provider: name, url, headers: geminiHeaders(apiKey()), body, signal, fetch: options.fetch });
  const post = (url: string, body: unknown, signal: AbortSignal) => fetchUpstream(upstream(url, body, signal), readGeminiError);

  return {
    name,
    protocol: 'gemini',
    enabled: Boolean(options.apiKey),
    models: () => options.models,

    async generate(request, model, call): Promise<CanonicalResponse> {
      const body = convert(request, model);
      const signal = deadline(call);
      const response = await post(geminiUrl(baseUrl, model.upstreamId, 'generate'), body, signal);
      const parsed = parseGeminiResponse(await readUpstreamJson<GeminiResponseChunk>(name, response, signal), model.id);
      if ('error' in parsed) throw createUpstreamError(name, parsed.error);
      return parsed;
    },

    async stream(request, model, call) {
      const body = convert(request, model);
      const signal = deadline(call);
      const stream = await fetchUpstreamStream(upstream(geminiUrl(baseUrl, model.upstreamId, 'stream'), body, signal), readGeminiError);
      return readStreamParts(stream, new GeminiStreamParser({ modelId: model.id }), signal);
    },

    async countTokens(request, model, call) {
      const { contents, systemInstruction, tools } = convert(request, model);
      const generateContentRequest = { model: `models/${model.upstreamId}`, contents, systemInstruction, tools };
      const signal = deadline(call);
      const response = await post(geminiUrl(baseUrl, model.upstreamId, 'count-tokens'), { generateContentRequest }, signal);
      const counted = await readUpstreamJson<{ totalTokens?: unknown }>(name, response, signal);
      if (typeof counted.totalTokens !== 'number') throw createUpstreamError(name, { kind: 'malformed-response', message: 'countTokens answered without totalTokens' });
      return counted.totalTokens;
    },
  };
}
