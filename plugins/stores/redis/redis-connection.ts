import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../../kernel/logger';
import type { PluginContext } from '../../../kernel/plugin';
import { storeErrors } from '../errors';

/** A single server's client or a Redis Cluster's: the commands used here are the same on both. */
export type RedisClient = Redis | Cluster;

/** Which Redis: one server by URL, or a cluster by some of its nodes (the client finds the rest). */
export type RedisTarget = { readonly url: string } | { readonly clusterNodes: readonly string[] };

export interface RedisConnectionOptions {
  readonly target: RedisTarget;
  /** A command not answered by then fails (and a limit check fails closed) instead of hanging a request. */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

/** Reconnect forever, backing off to 2 s: Redis coming back must need no gateway restart. */
const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);

type ClientOptions = Omit<RedisOptions, 'retryStrategy' | 'enableOfflineQueue' | 'lazyConnect'> & { readonly enableOfflineQueue: boolean };

/**
 * Runs `parse` on a target URL. One that does not parse is named by its field (`url`,
 * `clusterNodes.<i>`) and never quoted (it may hold a password): Node's bare "Invalid URL"
 * says neither which one nor where it was set.
 */
function parsingUrl<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_INVALID_URL') throw error;
    throw storeErrors.create('BSK_STORE_CONFIG_INVALID', { field, reason: 'is not a valid URL (redis://[:password@]host:port)' }, { cause: error });
  }
}

/**
 * Runs `create`, which makes the plugin's Redis clients, so that a target URL that does not
 * parse stops the boot naming the plugin's own config field (`fieldOf` maps `url` or
 * `clusterNodes.<i>` to it).
 */
export function creatingRedisClients<T>(ctx: Pick<PluginContext, 'configProblem'>, fieldOf: (field: string) => string, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (storeErrors.is(error, 'BSK_STORE_CONFIG_INVALID')) throw ctx.configProblem(fieldOf(String(error.details.field)), error);
    throw error;
  }
}

/**
 * The client for a target. A cluster's nodes take the credentials and TLS of the first node URL
 * that has them (every node of a cluster shares them).
 */
export function createRedisClient(target: RedisTarget, options: ClientOptions): RedisClient {
  if ('url' in target) return parsingUrl('url', () => new Redis(target.url, { ...options, lazyConnect: true, retryStrategy }));
  const urls = target.clusterNodes.map((node, index) => parsingUrl(`clusterNodes.${index}`, () => new URL(node)));
  const withAuth = urls.find((url) => url.password || url.username);
  const { enableOfflineQueue, keyPrefix, ...redisOptions } = options;
  return new Cluster(urls.map((url) => ({ host: url.hostname, port: Number(url.port || 6379) })), {
    lazyConnect: true,
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    ...(keyPrefix ? { keyPrefix } : {}),
    redisOptions: {
      ...redisOptions,
      ...(withAuth ? { username: decodeURIComponent(withAuth.username), password: decodeURIComponent(withAuth.password) } : {}),
      ...(urls.some((url) => url.protocol === 'rediss:') ? { tls: {} } : {}),
    },
  });
}

/**
 * A client for commands. No offline queue: while Redis is down a command fails at once
 * (and callers choose: limits refuse, the cache misses) rather than waiting, unbounded,
 * for a reconnect while the client's request hangs.
 */
export function createCommandClient(options: RedisConnectionOptions): RedisClient {
  const client = createRedisClient(options.target, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: options.commandTimeoutMs, connectionName: 'bytespike' });
  client.on('error', () => undefined);
  return client;
}

/** The subscriber connection: keeps its subscriptions across reconnects (ioredis re-subscribes). */
export function createSubscriberClient(options: RedisConnectionOptions): RedisClient {
  const client = createRedisClient(options.target, { enableOfflineQueue: true, autoResubscribe: true, maxRetriesPerRequest: null, connectionName: 'bytespike-bus' });
  client.on('error', () => undefined);
  return client;
}

/** Connects at boot; a Redis that is configured but unreachable stops the boot with a message that says so. */
export async function connectOrExplain(client: RedisClient, target: RedisTarget): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw storeErrors.create('BSK_REDIS_UNAVAILABLE', { reason: `${(error as Error).message} at ${describeRedisTarget(target)}` }, { cause: error });
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

/** The target for logs and /health, passwords hidden. */
export function describeRedisTarget(target: RedisTarget): string {
  return 'url' in target ? redactRedisUrl(target.url) : `cluster ${target.clusterNodes.map(redactRedisUrl).join(', ')}`;
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
