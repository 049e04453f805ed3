import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider } from '../../../kernel/canonical/modality-providers';
import { expectShape, requireTextInputs } from '../shared/read-upstream-json';
import { callGeminiJson, geminiModelActionUrl, type GeminiMediaOptions } from './gemini-media-api';

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
      const answer = await callGeminiJson<{ embedding?: GeminiEmbedding; embeddings?: GeminiEmbedding[] }>(options, url, call.signal, body);
      const embeddings = single ? [answer.embedding] : answer.embeddings ?? [];
      expectShape(options.name, embeddings.length === texts.length && embeddings.every((embedding) => Array.isArray(embedding?.values)), `${texts.length} embeddings with values`);
      return { vectors: embeddings.map((embedding) => embedding!.values as number[]), inputTokens: 0 };
    },
  };
}
