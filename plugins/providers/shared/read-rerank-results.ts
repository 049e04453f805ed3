import type { RerankResult } from '../../../kernel/canonical/modality-providers';
import type { ErrorBodyReader } from '../shared/upstream-fetch';
import { expectShape } from './read-upstream-json';

/**
 * `[{ index, relevance_score }]` as Cohere (`results`), Jina / Together (`results`) and
 * Voyage (`data`) all answer it, checked against the documents sent and sorted best first
 * (upstreams already sort, but the contract must not depend on it).
 */
export function readRerankResults(provider: string, items: unknown, documentCount: number): RerankResult {
  const list = Array.isArray(items) ? (items as { index?: unknown; relevance_score?: unknown }[]) : [];
  const valid = list.every((item) => Number.isInteger(item.index) && (item.index as number) >= 0 && (item.index as number) < documentCount && typeof item.relevance_score === 'number');
  expectShape(provider, Array.isArray(items) && valid, 'results with index and relevance_score');
  const results = list.map((item) => ({ index: item.index as number, relevanceScore: item.relevance_score as number }));
  return { results: results.sort((left, right) => right.relevanceScore - left.relevanceScore || left.index - right.index) };
}

/** Cohere answers errors as `{ message }`, Voyage as `{ detail }`: either is the message; the status gives the kind. */
export const readMessageError: ErrorBodyReader = (_status, body) => {
  if (typeof body === 'string') return body ? { message: body.slice(0, 200) } : {};
  const fields = (body ?? {}) as { message?: unknown; detail?: unknown };
  const message = typeof fields.message === 'string' ? fields.message : typeof fields.detail === 'string' ? fields.detail : undefined;
  return message ? { message } : {};
};
