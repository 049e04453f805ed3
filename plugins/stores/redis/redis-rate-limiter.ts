import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../../kernel/logger';
import type { RateLimiter } from '../../billing/rate-limiter';
import { storeErrors } from '../errors';
import { createOutageLog } from './redis-connection';

/**
 * Sliding-window log in one sorted set per subject, decided inside Redis in one script so
 * that N instances checking at once still allow exactly `limit`: there is no read in the
 * gateway followed by a write. Time is Redis's own clock, so instances with skewed clocks
 * agree. All limits pass or nothing is recorded.
 *
 * KEYS: one sorted set per limit. ARGV[1]: a unique member for this request; then
 * limit and window (ms) per key. Returns {0, 0} when allowed, else {index, ms to wait}.
 */
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for index, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[index * 2])
  local window = tonumber(ARGV[index * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local used = redis.call('ZCARD', key)
  if used >= limit then
    local oldest = redis.call('ZRANGE', key, used - limit, used - limit, 'WITHSCORES')
    return {index, tonumber(oldest[2]) + window - now}
  end
end
for index, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[index * 2 + 1]))
end
return {0, 0}
`;

type TakeCommand = (keyCount: number, ...args: (string | number)[]) => Promise<[number, number]>;

/**
 * Fails closed: when Redis cannot answer, the request is refused with 503 (retry in 1 s)
 * rather than allowed unlimited, and the outage is logged at error level. Requests whose
 * key and member have no limit never reach Redis.
 */
export function createRedisRateLimiter(client: Redis, options: { keyPrefix: string; logger: Logger }): RateLimiter {
  client.defineCommand('bytespikeTakeRate', { lua: TAKE_SCRIPT });
  const take = (client as unknown as { bytespikeTakeRate: TakeCommand }).bytespikeTakeRate.bind(client);
  const logOutage = createOutageLog(options.logger, 'rate limits fail closed; limited keys get 503 until Redis is back');
  return {
    async take(limits) {
      if (!limits.length) return { allowed: true, retryAfterSeconds: 0 };
      const keys = limits.map((limit) => `${options.keyPrefix}rate:${limit.subject}`);
      const args = limits.flatMap((limit) => [limit.limit, limit.windowMs]);
      let answer: [number, number];
      try {
        answer = await take(keys.length, ...keys, randomUUID(), ...args);
      } catch (error) {
        logOutage(error);
        throw storeErrors.create('BSK_REDIS_UNAVAILABLE', { reason: (error as Error).message, retryAfterSeconds: 1 }, { cause: error });
      }
      const [refused, waitMs] = answer;
      return refused === 0 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), refusedBy: refused - 1 };
    },
  };
}
