import type { Logger } from '../../../kernel/logger';
import { type ClusterBus, createSubscriberTable } from '../cluster-bus';
import { createOutageLog, type RedisClient } from './redis-connection';

/**
 * Pub/sub over Redis. Every instance (this one included) hears a message through its
 * subscriber connection. If Redis cannot take a publish, the message is still delivered
 * here, and the other instances drop their caches when their subscriber reconnects
 * (`onReconnect`), so a revocation is never lost, only delayed to the reconnect.
 */
export function createRedisClusterBus(publisher: RedisClient, subscriber: RedisClient, options: { keyPrefix: string; logger: Logger }): ClusterBus {
  const table = createSubscriberTable();
  const reconnectHandlers = new Set<() => void>();
  const logOutage = createOutageLog(options.logger, 'broadcast not sent to other instances; they drop cached keys when they reconnect');
  const prefixed = (channel: string) => `${options.keyPrefix}${channel}`;
  let connectedBefore = subscriber.status === 'ready';

  subscriber.on('message', (channel: string, text: string) => {
    if (!channel.startsWith(options.keyPrefix)) return;
    try {
      table.deliver(channel.slice(options.keyPrefix.length), JSON.parse(text));
    } catch (error) {
      options.logger.warn({ err: error, channel }, 'ignored an unreadable broadcast');
    }
  });
  // 'ready' fires on every (re)connection; only the ones after the first can have missed messages.
  subscriber.on('ready', () => {
    if (connectedBefore) {
      options.logger.warn('Redis bus reconnected; dropping state that may have missed broadcasts');
      for (const handler of reconnectHandlers) handler();
    }
    connectedBefore = true;
  });

  return {
    async publish(channel, message) {
      try {
        await publisher.publish(prefixed(channel), JSON.stringify(message));
      } catch (error) {
        logOutage(error);
        table.deliver(channel, message);
      }
    },
    subscribe(channel, handler) {
      if (!table.channels().includes(channel)) void subscriber.subscribe(prefixed(channel)).catch((error: unknown) => options.logger.error({ err: error, channel }, 'subscribe failed'));
      return table.add(channel, handler);
    },
    onReconnect(handler) {
      reconnectHandlers.add(handler);
      return () => void reconnectHandlers.delete(handler);
    },
  };
}
