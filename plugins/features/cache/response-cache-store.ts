import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { StreamPart } from '../../../kernel/canonical/stream';

/** What a cache entry holds: the canonical answer, so any front-end can replay it through its own writer. */
export type CachedAnswer =
  | { readonly model: string; readonly mode: 'stream'; readonly parts: readonly StreamPart[] }
  | { readonly model: string; readonly mode: 'response'; readonly response: CanonicalResponse };

export interface ResponseCacheStore {
  /** `memory` or `redis`, for /health. */
  readonly kind: string;
  get(key: string): Promise<CachedAnswer | null>;
  set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}
