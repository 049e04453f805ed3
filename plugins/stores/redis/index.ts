import { definePlugin } from '../../../kernel/plugin';
import { connectOrExplain, createCommandClient, createSubscriberClient, redactRedisUrl } from './redis-connection';
import { createRedisClusterBus } from './redis-cluster-bus';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { createRedisSharedCache } from './redis-shared-cache';

interface RedisStateConfig {
  readonly url?: string;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
}

export const activate = definePlugin<RedisStateConfig>(async (ctx) => {
  const { url, keyPrefix } = ctx.config;
  if (!url) return;
  const connection = { url, commandTimeoutMs: ctx.config.commandTimeoutMs, logger: ctx.logger };
  const command = createCommandClient(connection);
  const subscriber = createSubscriberClient(connection);
  await connectOrExplain(command, url);
  try {
    await connectOrExplain(subscriber, url);
  } catch (error) {
    command.disconnect();
    throw error;
  }
  const shared = { keyPrefix, logger: ctx.logger };
  ctx.provide('rate-limiter', createRedisRateLimiter(command, shared));
  ctx.provide('cluster-bus', createRedisClusterBus(command, subscriber, shared));
  ctx.provide('shared-cache', createRedisSharedCache(command, shared));
  ctx.tryUse('http')?.addHealthCheck('redis', async () => ({ url: redactRedisUrl(url), status: command.status === 'ready' ? 'ok' : command.status }));
  ctx.logger.info({ url: redactRedisUrl(url) }, 'redis shared state connected');
  return () => {
    subscriber.disconnect();
    command.disconnect();
  };
});
