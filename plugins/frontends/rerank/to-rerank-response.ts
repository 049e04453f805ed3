import type { RerankResult } from '../../../kernel/canonical/modality-providers';
import type { RerankClientRequest } from './parse-rerank-request';

/** A string document comes back as `{ text }` (Cohere's and Jina's shape); an object as sent. */
function returnedDocument(document: unknown): unknown {
  return typeof document === 'string' ? { text: document } : document;
}

/** The de-facto rerank answer: results best first, at most `top_n`, documents when asked for. */
export function toRerankResponse(input: { id: string; model: string; request: RerankClientRequest; result: RerankResult; searches: number }) {
  const ranked = [...input.result.results].sort((left, right) => right.relevanceScore - left.relevanceScore || left.index - right.index).slice(0, input.request.topN ?? input.request.documents.length);
  return {
    id: input.id,
    model: input.model,
    results: ranked.map((result) => ({
      index: result.index,
      relevance_score: result.relevanceScore,
      ...(input.request.returnDocuments ? { document: returnedDocument(input.request.documents[result.index]) } : {}),
    })),
    usage: { search_units: input.searches },
  };
}
