import { seededRandom } from './deterministic';

/** A unit-length vector derived from the text: equal texts embed equally, different ones differ. */
export function embeddingVector(text: string, dimensions: number, model: string): number[] {
  const random = seededRandom(`${model}:${text}`);
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/** Little-endian float32 bytes in base64: the `encoding_format: "base64"` wire form. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** Words shared by query and document, in (0, 1): a deterministic stand-in for a reranker. */
export function relevanceScore(query: string, document: string): number {
  const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const queryWords = words(query);
  const documentWords = words(document);
  const shared = [...queryWords].filter((word) => documentWords.has(word)).length;
  const tieBreak = seededRandom(`${query}\u0000${document}`)() * 0.01;
  return Number(((shared / Math.max(1, queryWords.size)) * 0.9 + 0.05 + tieBreak).toFixed(8));
}

export interface RankedDocument {
  readonly index: number;
  readonly relevanceScore: number;
  readonly text: string;
}

/** Documents scored against the query, best first, cut to `topN`. */
export function rankDocuments(query: string, documents: readonly string[], topN?: number): RankedDocument[] {
  const ranked = documents
    .map((text, index) => ({ index, text, relevanceScore: relevanceScore(query, text) }))
    .sort((left, right) => right.relevanceScore - left.relevanceScore || left.index - right.index);
  return topN === undefined ? ranked : ranked.slice(0, topN);
}
