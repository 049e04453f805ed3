import type { CachedAnswer, ResponseCacheStore } from './response-cache-store';

interface Entry {
  readonly answer: CachedAnswer;
  readonly expiresAt: number;
}

/**
 * An in-process LRU: a Map keeps insertion order, so re-inserting on each hit makes the
 * first key the least recently used, the one evicted when the cache is full.
 */
export function createMemoryCacheStore(options: { maxEntries: number; now?: () => number }): ResponseCacheStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    kind: 'memory',
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      entries.delete(key);
      if (entry.expiresAt <= now()) return null;
      entries.set(key, entry);
      return entry.answer;
    },
    async set(key, answer, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { answer, expiresAt: now() + ttlSeconds * 1000 });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
    async close() {
      entries.clear();
    },
  };
}
