import type { RerankResult } from '../../../kernel/canonical/modality-providers';
import { expectShape } from './read-upstream-json';

/**
 * `[{ index, relevance_score }]` as Cohere (`results`), Jina / Together (`results`) and
 * Voyage (`data`) all answer it, checked against the documents sent and sorted best first
 * (upstreams already sort, but the contract must not depend on it).
 */
export function readRerankResults(provider: string, items: unknown, documentCount: number): Pick<RerankResult, 'results'> {
  const list = Array.isArray(items) ? (items as { index?: unknown; relevance_score?: unknown }[]) : [];
  const valid = list.every((item) => Number.isInteger(item.index) && (item.index as number) >= 0 && (item.index as number) < documentCount && typeof item.relevance_score === 'number');
  expectShape(provider, Array.isArray(items) && valid, 'results with index and relevance_score');
  const results = list.map((item) => ({ index: item.index as number, relevanceScore: item.relevance_score as number }));
  return { results: results.sort((left, right) => right.relevanceScore - left.relevanceScore || left.index - right.index) };
}
