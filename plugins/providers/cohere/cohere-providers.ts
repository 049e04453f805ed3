import { countOf } from '../../../kernel/canonical/usage';
import { createEmbedAndRerankProviders, type KeyedUpstreamOptions } from '../shared/create-embed-and-rerank-providers';
import type { ModalityModelEntry } from '../shared/modality-catalog';
import { readRerankResults } from '../shared/read-rerank-results';
import { expectShape } from '../shared/read-upstream-json';
import entries from './models.json';

export const DEFAULT_COHERE_BASE_URL = 'https://api.cohere.com';

interface CohereEmbedBody {
  embeddings?: { float?: unknown };
  meta?: { billed_units?: { input_tokens?: number } };
}

/** Cohere v2: `POST /v2/embed` (float vectors, `search_document` input type) and `POST /v2/rerank`. */
export function createCohereProviders(options: KeyedUpstreamOptions) {
  const name = 'cohere';
  return createEmbedAndRerankProviders({ name, keyVariable: 'COHERE_API_KEY', defaultBaseUrl: DEFAULT_COHERE_BASE_URL, entries: entries as readonly ModalityModelEntry[] }, options, {
    async embed(texts, request, model, post) {
      const body = { model: model.upstreamId, texts, input_type: 'search_document', embedding_types: ['float'], ...(request.dimensions === undefined ? {} : { output_dimension: request.dimensions }) };
      const answer = await post<CohereEmbedBody>('/v2/embed', body);
      const vectors = answer.embeddings?.float;
      expectShape(name, Array.isArray(vectors) && vectors.length === texts.length, `${texts.length} float embeddings`);
      return { vectors: vectors as number[][], inputTokens: countOf(answer.meta?.billed_units?.input_tokens) };
    },
    async rerank(request, model, post) {
      const body = { model: model.upstreamId, query: request.query, documents: request.documents, ...(request.topN === undefined ? {} : { top_n: request.topN }) };
      // Cohere reports search units for a rerank, not tokens (meta.billed_units.search_units): the gateway estimates them.
      return { ...readRerankResults(name, (await post<{ results?: unknown }>('/v2/rerank', body)).results, request.documents.length), inputTokens: 0 };
    },
  });
}
