/**
 * A cache every gateway instance shares (Redis, plugin `redis-state`), for the response
 * cache feature and anything else that is cheap to lose. It never fails a request: while
 * Redis is unreachable `get` misses and `set` does nothing (and both are logged).
 */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  /** Stores `value` for `ttlSeconds` (at least 1). */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    'shared-cache': SharedCache;
  }
}
