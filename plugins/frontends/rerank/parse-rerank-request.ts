import { rerankErrors } from './errors';
import { isJsonObject } from '../shared/wire-reader';

/** Cohere's and Jina's limit on documents per request. */
export const MAX_RERANK_DOCUMENTS = 1000;
/** Cohere bills one search unit per query over up to 100 documents; we price searches the same way. */
export const DOCUMENTS_PER_SEARCH = 100;

export interface RerankClientRequest {
  readonly model: string;
  readonly query: string;
  /** As the client sent them (strings or objects), to return with `return_documents`. */
  readonly documents: readonly unknown[];
  /** The text each document is scored by. */
  readonly texts: readonly string[];
  readonly topN?: number;
  readonly returnDocuments: boolean;
}

function invalid(param: string, reason: string): never {
  throw rerankErrors.create('BSK_RERANK_INVALID_REQUEST', { param, reason });
}

/** A string, or an object scored by its `text` field, as Cohere and Voyage take them; anything else is refused, never scored as its JSON. */
function documentText(document: unknown, index: number): string {
  if (typeof document === 'string' && document !== '') return document;
  const text = isJsonObject(document) ? document.text : undefined;
  if (typeof text === 'string' && text !== '') return text;
  return invalid(`documents.${index}`, 'must be a non-empty string or an object with a non-empty "text" string');
}

export function parseRerankRequest(body: unknown): RerankClientRequest {
  if (!isJsonObject(body)) return invalid('body', 'must be a JSON object');
  const fields = body;
  if (typeof fields.model !== 'string' || fields.model === '') return invalid('model', 'is required');
  if (typeof fields.query !== 'string' || fields.query === '') return invalid('query', 'must be a non-empty string');
  if (!Array.isArray(fields.documents) || fields.documents.length === 0) return invalid('documents', 'must be a non-empty array');
  if (fields.documents.length > MAX_RERANK_DOCUMENTS) return invalid('documents', `at most ${MAX_RERANK_DOCUMENTS} documents per request (got ${fields.documents.length})`);
  const topN = fields.top_n;
  if (topN !== undefined && (!Number.isInteger(topN) || (topN as number) < 1)) return invalid('top_n', 'must be a positive integer');
  if (fields.return_documents !== undefined && typeof fields.return_documents !== 'boolean') return invalid('return_documents', 'must be a boolean');
  return {
    model: fields.model,
    query: fields.query,
    documents: fields.documents,
    texts: fields.documents.map(documentText),
    ...(topN === undefined ? {} : { topN: topN as number }),
    returnDocuments: fields.return_documents === true,
  };
}

export function searchesFor(documentCount: number): number {
  return Math.ceil(documentCount / DOCUMENTS_PER_SEARCH);
}
