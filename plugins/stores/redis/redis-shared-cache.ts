import type { Logger } from '../../../kernel/logger';
import type { SharedCache } from '../shared-cache';
import { createOutageLog, type RedisClient } from './redis-connection';

/** A cache is an optimisation: while Redis is down it misses and forgets, never failing the request. */
export function createRedisSharedCache(client: RedisClient, options: { keyPrefix: string; logger: Logger }): SharedCache {
  const logOutage = createOutageLog(options.logger, 'shared cache bypassed (misses) until Redis is back');
  const key = (name: string) => `${options.keyPrefix}cache:${name}`;
  return {
    async get(name) {
      try {
        return await client.get(key(name));
      } catch (error) {
        logOutage(error);
        return null;
      }
    },
    async set(name, value, ttlSeconds) {
      try {
        await client.set(key(name), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
      } catch (error) {
        logOutage(error);
      }
    },
    async delete(name) {
      try {
        await client.del(key(name));
      } catch (error) {
        logOutage(error);
      }
    },
  };
}
