import { countOf } from '../../../kernel/canonical/usage';
import { createEmbedAndRerankProviders, type KeyedUpstreamOptions } from '../shared/create-embed-and-rerank-providers';
import type { ModalityModelEntry } from '../shared/modality-catalog';
import { readEmbeddingVectors } from '../shared/read-embedding-vectors';
import { readRerankResults } from '../shared/read-rerank-results';
import entries from './models.json';

export const DEFAULT_VOYAGE_BASE_URL = 'https://api.voyageai.com/v1';

interface VoyageEmbedBody {
  data?: { index?: number; embedding?: unknown }[];
  usage?: { total_tokens?: number };
}

/**
 * `usage.total_tokens`: "the total number of tokens used for computing the reranking" (Voyage's
 * TypeScript SDK, RerankResponseUsage), which Voyage defines as the query's tokens times the
 * documents plus the documents' tokens (https://docs.voyageai.com/reference/reranker-api).
 */
interface VoyageRerankBody {
  data?: unknown;
  usage?: { total_tokens?: number };
}

/** Voyage: `POST /embeddings` (OpenAI-like, `output_dimension`) and `POST /rerank` (`top_k`, results in `data`). */
export function createVoyageProviders(options: KeyedUpstreamOptions) {
  const name = 'voyage';
  return createEmbedAndRerankProviders({ name, keyVariable: 'VOYAGE_API_KEY', defaultBaseUrl: DEFAULT_VOYAGE_BASE_URL, entries: entries as readonly ModalityModelEntry[] }, options, {
    async embed(texts, request, model, post) {
      const body = { model: model.upstreamId, input: texts, ...(request.dimensions === undefined ? {} : { output_dimension: request.dimensions }) };
      const answer = await post<VoyageEmbedBody>('/embeddings', body);
      return { vectors: readEmbeddingVectors(name, answer.data, texts.length), inputTokens: countOf(answer.usage?.total_tokens) };
    },
    async rerank(request, model, post) {
      const body = { model: model.upstreamId, query: request.query, documents: request.documents, ...(request.topN === undefined ? {} : { top_k: request.topN }) };
      const answer = await post<VoyageRerankBody>('/rerank', body);
      return { ...readRerankResults(name, answer.data, request.documents.length), inputTokens: countOf(answer.usage?.total_tokens) };
    },
  });
}
