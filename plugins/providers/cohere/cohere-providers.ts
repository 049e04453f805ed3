import type { EmbeddingProvider, RerankProvider } from '../../../kernel/canonical/modality-providers';
import { countOf } from '../../../kernel/canonical/usage';
import { buildModalityCatalog, type ModalityModelEntry } from '../openai-compatible/modality-catalog';
import { expectShape, readUpstreamJson, requireApiKey, requireTextInputs } from '../openai-compatible/read-upstream-json';
import { readMessageError, readRerankResults } from '../openai-compatible/rerank-results';
import { fetchUpstream, joinUrl, type FetchFunction } from '../shared/upstream-fetch';
import entries from './models.json';

export const DEFAULT_COHERE_BASE_URL = 'https://api.cohere.com';

export interface CohereOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly fetch: FetchFunction;
}

interface CohereEmbedBody {
  embeddings?: { float?: unknown };
  meta?: { billed_units?: { input_tokens?: number } };
}

/** Cohere v2: `POST /v2/embed` (float vectors, `search_document` input type) and `POST /v2/rerank`. */
export function createCohereProviders(options: CohereOptions): { embeddings: EmbeddingProvider; rerank: RerankProvider } {
  const name = 'cohere';
  const baseUrl = options.baseUrl ?? DEFAULT_COHERE_BASE_URL;
  const catalog = (modality: ModalityModelEntry['modality']) => buildModalityCatalog(name, modality, entries as readonly ModalityModelEntry[]);
  const post = (path: string, body: unknown, signal: AbortSignal) =>
    fetchUpstream({ provider: name, url: joinUrl(baseUrl, path), headers: { authorization: `Bearer ${requireApiKey(name, options.apiKey, 'COHERE_API_KEY')}` }, body, signal, fetch: options.fetch }, readMessageError);
  const embeddingModels = catalog('embeddings').models;
  const rerankModels = catalog('rerank').models;
  return {
    embeddings: {
      name, enabled: Boolean(options.apiKey), models: () => embeddingModels,
      async embed(request, model, call) {
        const texts = requireTextInputs(name, request.inputs);
        const body = { model: model.upstreamId, texts, input_type: 'search_document', embedding_types: ['float'], ...(request.dimensions === undefined ? {} : { output_dimension: request.dimensions }) };
        const answer = await readUpstreamJson<CohereEmbedBody>(name, await post('/v2/embed', body, call.signal));
        const vectors = answer.embeddings?.float;
        expectShape(name, Array.isArray(vectors) && vectors.length === texts.length, `${texts.length} float embeddings`);
        return { vectors: vectors as number[][], inputTokens: countOf(answer.meta?.billed_units?.input_tokens) };
      },
    },
    rerank: {
      name, enabled: Boolean(options.apiKey), models: () => rerankModels,
      async rerank(request, model, call) {
        const body = { model: model.upstreamId, query: request.query, documents: request.documents, ...(request.topN === undefined ? {} : { top_n: request.topN }) };
        const answer = await readUpstreamJson<{ results?: unknown }>(name, await post('/v2/rerank', body, call.signal));
        return readRerankResults(name, answer.results, request.documents.length);
      },
    },
  };
}
