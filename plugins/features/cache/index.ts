import { definePlugin } from '../../../kernel/plugin';
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
  const store = target ? createRedisCacheStore({ target, keyPrefix: config.redisKeyPrefix }) : createMemoryCacheStore({ maxEntries: config.maxEntries });
  ctx.contribute('chat-middleware', createCacheMiddleware({ store, hitCreditPercent: config.hitCreditPercent, logger: ctx.logger }));
  ctx.use('http').addHealthCheck('responseCache', () => ({ store: store.kind }));
  return () => store.close();
});
