import { definePlugin } from '../../../kernel/plugin';
import { creatingRedisClients } from '../../stores/redis/redis-connection';
import { createCacheMiddleware } from './cache-middleware';
import { createMemoryCacheStore } from './memory-cache-store';
import { createRedisCacheStore } from './redis-cache-store';

interface CacheConfig {
  readonly maxEntries: number;
  readonly hitCreditPercent: number;
  readonly redisUrl?: string;
  readonly redisClusterNodes?: readonly string[];
  readonly redisKeyPrefix: string;
}

export const activate = definePlugin<CacheConfig>((ctx) => {
  const { config } = ctx;
  const target = config.redisClusterNodes?.length ? { clusterNodes: config.redisClusterNodes } : config.redisUrl ? { url: config.redisUrl } : null;
  // This section names the Redis fields redisUrl and redisClusterNodes.
  const fieldOf = (field: string) => `redis${field[0]!.toUpperCase()}${field.slice(1)}`;
  const store = target ? creatingRedisClients(ctx, fieldOf, () => createRedisCacheStore({ target, keyPrefix: config.redisKeyPrefix })) : createMemoryCacheStore({ maxEntries: config.maxEntries });
  ctx.contribute('chat-middleware', createCacheMiddleware({ store, hitCreditPercent: config.hitCreditPercent, logger: ctx.logger }));
  ctx.use('http').addHealthCheck('responseCache', () => ({ store: store.kind }));
  return () => store.close();
});
