import type { EmbeddingProvider, RerankProvider } from '../../../kernel/canonical/modality-providers';
import { countOf } from '../../../kernel/canonical/usage';
import { buildModalityCatalog, type ModalityModelEntry } from '../openai-compatible/modality-catalog';
import { expectShape, readUpstreamJson, requireApiKey, requireTextInputs } from '../openai-compatible/read-upstream-json';
import { readMessageError, readRerankResults } from '../openai-compatible/rerank-results';
import { fetchUpstream, joinUrl, type FetchFunction } from '../shared/upstream-fetch';
import entries from './models.json';

export const DEFAULT_VOYAGE_BASE_URL = 'https://api.voyageai.com/v1';

export interface VoyageOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly fetch: FetchFunction;
}

interface VoyageEmbedBody {
  data?: { index?: number; embedding?: unknown }[];
  usage?: { total_tokens?: number };
}

/** Voyage: `POST /embeddings` (OpenAI-like, `output_dimension`) and `POST /rerank` (`top_k`, results in `data`). */
export function createVoyageProviders(options: VoyageOptions): { embeddings: EmbeddingProvider; rerank: RerankProvider } {
  const name = 'voyage';
  const baseUrl = options.baseUrl ?? DEFAULT_VOYAGE_BASE_URL;
  const catalog = (modality: ModalityModelEntry['modality']) => buildModalityCatalog(name, modality, entries as readonly ModalityModelEntry[]);
  const post = (path: string, body: unknown, signal: AbortSignal) =>
    fetchUpstream({ provider: name, url: joinUrl(baseUrl, path), headers: { authorization: `Bearer ${requireApiKey(name, options.apiKey, 'VOYAGE_API_KEY')}` }, body, signal, fetch: options.fetch }, readMessageError);
  const embeddingModels = catalog('embeddings').models;
  const rerankModels = catalog('rerank').models;
  return {
    embeddings: {
      name, enabled: Boolean(options.apiKey), models: () => embeddingModels,
      async embed(request, model, call) {
        const texts = requireTextInputs(name, request.inputs);
        const body = { model: model.upstreamId, input: texts, ...(request.dimensions === undefined ? {} : { output_dimension: request.dimensions }) };
        const answer = await readUpstreamJson<VoyageEmbedBody>(name, await post('/embeddings', body, call.signal));
        const data = [...(answer.data ?? [])].sort((left, right) => (left.index ?? 0) - (right.index ?? 0));
        expectShape(name, data.length === texts.length && data.every((item) => Array.isArray(item.embedding)), `${texts.length} float embeddings`);
        return { vectors: data.map((item) => item.embedding as number[]), inputTokens: countOf(answer.usage?.total_tokens) };
      },
    },
    rerank: {
      name, enabled: Boolean(options.apiKey), models: () => rerankModels,
      async rerank(request, model, call) {
        const body = { model: model.upstreamId, query: request.query, documents: request.documents, ...(request.topN === undefined ? {} : { top_k: request.topN }) };
        const answer = await readUpstreamJson<{ data?: unknown }>(name, await post('/rerank', body, call.signal));
        return readRerankResults(name, answer.data, request.documents.length);
      },
    },
  };
}
