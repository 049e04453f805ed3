import { createRedisClient, type RedisTarget } from '../../stores/redis/redis-connection';
import type { CachedAnswer, ResponseCacheStore } from './response-cache-store';

/**
 * Entries in Redis (one server or a cluster), shared by every gateway instance, expiring by
 * Redis's own TTL. Commands fail fast instead of queueing while Redis is away: the caller
 * treats that as a miss.
 */
export function createRedisCacheStore(options: { target: RedisTarget; keyPrefix: string }): ResponseCacheStore {
  const redis = createRedisClient(options.target, { keyPrefix: options.keyPrefix, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let connecting: Promise<void> | null = null;
  const connected = async () => {
    if (redis.status === 'ready') return;
    connecting ??= redis.connect().finally(() => (connecting = null));
    await connecting;
  };
  return {
    kind: 'redis',
    async get(key) {
      await connected();
      const text = await redis.get(key);
      return text === null ? null : (JSON.parse(text) as CachedAnswer);
    },
    async set(key, answer, ttlSeconds) {
      await connected();
      await redis.set(key, JSON.stringify(answer), 'EX', ttlSeconds);
    },
    async close() {
      redis.disconnect();
    },
  };
}
