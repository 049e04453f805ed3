import { definePlugin } from '../../../kernel/plugin';
import { connectOrExplain, createCommandClient, createSubscriberClient, creatingRedisClients, describeRedisTarget, type RedisTarget } from './redis-connection';
import { createRedisClusterBus } from './redis-cluster-bus';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { createRedisSharedCache } from './redis-shared-cache';

interface RedisStateConfig {
  readonly url?: string;
  readonly clusterNodes?: readonly string[];
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
}

export const activate = definePlugin<RedisStateConfig>(async (ctx) => {
  const { url, clusterNodes, keyPrefix } = ctx.config;
  const target: RedisTarget | null = clusterNodes?.length ? { clusterNodes } : url ? { url } : null;
  if (!target) return;
  const connection = { target, commandTimeoutMs: ctx.config.commandTimeoutMs, logger: ctx.logger };
  const command = creatingRedisClients(ctx, (field) => field, () => createCommandClient(connection));
  const subscriber = createSubscriberClient(connection);
  await connectOrExplain(command, target);
  try {
    await connectOrExplain(subscriber, target);
  } catch (error) {
    command.disconnect();
    throw error;
  }
  const shared = { keyPrefix, logger: ctx.logger };
  ctx.provide('rate-limiter', createRedisRateLimiter(command, shared));
  ctx.provide('cluster-bus', createRedisClusterBus(command, subscriber, shared));
  ctx.provide('shared-cache', createRedisSharedCache(command, shared));
  ctx.tryUse('http')?.addHealthCheck('redis', async () => ({ target: describeRedisTarget(target), status: command.status === 'ready' ? 'ok' : command.status }));
  ctx.logger.info({ target: describeRedisTarget(target) }, 'redis shared state connected');
  return () => {
    subscriber.disconnect();
    command.disconnect();
  };
});
