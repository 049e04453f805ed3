import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider } from '../../../kernel/canonical/modality-providers';
import { expectShape, readUpstreamJson, requireApiKey, requireTextInputs } from '../openai-compatible/read-upstream-json';
import { fetchUpstream, type FetchFunction } from '../shared/upstream-fetch';
import { geminiHeaders } from './gemini-api';
import { geminiModelActionUrl } from './gemini-media-api';
import { readGeminiError } from './read-gemini-error';

export interface GeminiMediaOptions {
  readonly name: string;
  readonly apiKey?: string | undefined;
  readonly baseUrl: string;
  readonly fetch: FetchFunction;
}

interface GeminiEmbedding { values?: unknown }

function contentRequest(model: ModelInfo, text: string, dimensions: number | undefined) {
  return { model: `models/${model.upstreamId}`, content: { parts: [{ text }] }, ...(dimensions === undefined ? {} : { outputDimensionality: dimensions }) };
}

/** One input goes to `:embedContent`, several to `:batchEmbedContents`. Gemini reports no token usage. */
export function createGeminiEmbeddingProvider(options: GeminiMediaOptions & { readonly models: readonly ModelInfo[] }): EmbeddingProvider {
  return {
    name: options.name,
    enabled: Boolean(options.apiKey),
    models: () => options.models,
    async embed(request, model, call) {
      const texts = requireTextInputs(options.name, request.inputs);
      const single = texts.length === 1;
      const body = single ? contentRequest(model, texts[0]!, request.dimensions) : { requests: texts.map((text) => contentRequest(model, text, request.dimensions)) };
      const url = geminiModelActionUrl(options.baseUrl, model.upstreamId, single ? 'embedContent' : 'batchEmbedContents');
      const response = await fetchUpstream({ provider: options.name, url, headers: geminiHeaders(requireApiKey(options.name, options.apiKey, 'GEMINI_API_KEY')), body, signal: call.signal, fetch: options.fetch }, readGeminiError);
      const answer = await readUpstreamJson<{ embedding?: GeminiEmbedding; embeddings?: GeminiEmbedding[] }>(options.name, response);
      const embeddings = single ? [answer.embedding] : answer.embeddings ?? [];
      expectShape(options.name, embeddings.length === texts.length && embeddings.every((embedding) => Array.isArray(embedding?.values)), `${texts.length} embeddings with values`);
      return { vectors: embeddings.map((embedding) => embedding!.values as number[]), inputTokens: 0 };
    },
  };
}
