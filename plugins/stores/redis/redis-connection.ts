import { Redis } from 'ioredis';
import type { Logger } from '../../../kernel/logger';
import { storeErrors } from '../errors';

export interface RedisConnectionOptions {
  readonly url: string;
  /** A command not answered by then fails (and a limit check fails closed) instead of hanging a request. */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

/** Reconnect forever, backing off to 2 s: Redis coming back must need no gateway restart. */
const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);

/**
 * A client for commands. No offline queue: while Redis is down a command fails at once
 * (and callers choose: limits refuse, the cache misses) rather than waiting, unbounded,
 * for a reconnect while the client's request hangs.
 */
export function createCommandClient(options: RedisConnectionOptions): Redis {
  const client = new Redis(options.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: options.commandTimeoutMs, retryStrategy, connectionName: 'bytespike' });
  client.on('error', () => undefined);
  return client;
}

/** The subscriber connection: keeps its subscriptions across reconnects (ioredis re-subscribes). */
export function createSubscriberClient(options: RedisConnectionOptions): Redis {
  const client = new Redis(options.url, { lazyConnect: true, autoResubscribe: true, maxRetriesPerRequest: null, retryStrategy, connectionName: 'bytespike-bus' });
  client.on('error', () => undefined);
  return client;
}

/** Connects at boot; a Redis that is configured but unreachable stops the boot with a message that says so. */
export async function connectOrExplain(client: Redis, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw storeErrors.create('BSK_REDIS_UNAVAILABLE', { reason: `${(error as Error).message} at ${redactRedisUrl(url)}` }, { cause: error });
  }
}

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparseable url)';
  }
}

/**
 * Logs a Redis outage loudly (error level) without a line per request: the first failure
 * at once, then at most one line a second with how many failures it stands for.
 */
export function createOutageLog(logger: Logger, what: string) {
  let lastAt = 0;
  let suppressed = 0;
  return (error: unknown) => {
    const now = Date.now();
    if (now - lastAt < 1000) {
      suppressed++;
      return;
    }
    logger.error({ err: error, failuresSinceLastLine: suppressed + 1 }, `REDIS UNAVAILABLE: ${what}`);
    lastAt = now;
    suppressed = 0;
  };
}
