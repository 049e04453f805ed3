import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../kernel/logger';
import type { RateLimiter } from '../../billing/rate-limiter';
import { storeErrors } from '../errors';
import { createOutageLog, type RedisClient } from './redis-connection';

/**
 * Sliding-window log per subject, decided inside Redis in one script so that N instances
 * checking at once still allow exactly `limit`: there is no read in the gateway followed
 * by a write. Time is Redis's own clock, so instances with skewed clocks agree. All limits
 * pass or nothing is recorded.
 *
 * Per subject: a sorted set (entry → time) and a hash (entry → cost, plus `#total`, the
 * sum of the costs in the window), so a request costs 1 against a request limit and its
 * tokens against a token limit, and `amend` can correct one entry's cost.
 *
 * KEYS: the log and cost keys of each limit, in pairs. ARGV[1]: the entry; then limit,
 * window (ms) and cost per limit. Returns {0, 0} when allowed, else {index, ms to wait}.
 */
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local entry = ARGV[1]
local function costOf(costs, member)
  return tonumber(redis.call('HGET', costs, member) or '0')
end
local function expire(log, costs, window)
  local gone = redis.call('ZRANGEBYSCORE', log, '-inf', now - window)
  for _, member in ipairs(gone) do
    redis.call('HINCRBY', costs, '#total', -costOf(costs, member))
    redis.call('HDEL', costs, member)
  end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window) end
  return tonumber(redis.call('HGET', costs, '#total') or '0')
end
local function waitMs(log, costs, used, cost, limit, window)
  local entries = redis.call('ZRANGE', log, 0, -1, 'WITHSCORES')
  for index = 1, #entries, 2 do
    used = used - costOf(costs, entries[index])
    if used + cost <= limit then return tonumber(entries[index + 1]) + window - now end
  end
  return window
end
local count = #KEYS / 2
for index = 1, count do
  local log, costs = KEYS[index * 2 - 1], KEYS[index * 2]
  local limit, window, cost = tonumber(ARGV[index * 3 - 1]), tonumber(ARGV[index * 3]), tonumber(ARGV[index * 3 + 1])
  local used = expire(log, costs, window)
  if used + cost > limit then return {index, waitMs(log, costs, used, cost, limit, window)} end
end
for index = 1, count do
  local log, costs = KEYS[index * 2 - 1], KEYS[index * 2]
  local window, cost = tonumber(ARGV[index * 3]), tonumber(ARGV[index * 3 + 1])
  redis.call('ZADD', log, now, entry)
  redis.call('HINCRBY', costs, '#total', cost - costOf(costs, entry))
  redis.call('HSET', costs, entry, cost)
  redis.call('PEXPIRE', log, window)
  redis.call('PEXPIRE', costs, window)
end
return {0, 0}
`;

/** KEYS: log and cost keys in pairs; ARGV[1]: the entry, ARGV[2]: its new cost. Entries no longer logged are left alone. */
const AMEND_SCRIPT = `
for index = 1, #KEYS / 2 do
  local log, costs = KEYS[index * 2 - 1], KEYS[index * 2]
  if redis.call('ZSCORE', log, ARGV[1]) then
    local previous = tonumber(redis.call('HGET', costs, ARGV[1]) or '0')
    redis.call('HINCRBY', costs, '#total', tonumber(ARGV[2]) - previous)
    redis.call('HSET', costs, ARGV[1], ARGV[2])
  end
end
return 0
`;

type ScriptCommand<Answer> = (keyCount: number, ...args: (string | number)[]) => Promise<Answer>;

/**
 * Fails closed: when Redis cannot answer `take`, the request is refused with 503 (retry in
 * 1 s) rather than allowed unlimited, and the outage is logged at error level. Requests
 * whose key and member have no limit never reach Redis. An `amend` Redis misses is logged
 * and dropped: the entry keeps its estimate, which errs on the side of the limit.
 */
export function createRedisRateLimiter(client: RedisClient, options: { keyPrefix: string; logger: Logger }): RateLimiter {
  client.defineCommand('bytespikeTakeRate', { lua: TAKE_SCRIPT });
  client.defineCommand('bytespikeAmendRate', { lua: AMEND_SCRIPT });
  const commands = client as unknown as { bytespikeTakeRate: ScriptCommand<[number, number]>; bytespikeAmendRate: ScriptCommand<number> };
  const logOutage = createOutageLog(options.logger, 'rate limits fail closed; limited keys get 503 until Redis is back');
  // The group is the hash tag: a request's limits (its key's and its member's) are checked and
  // recorded in one script, which a Redis Cluster runs only on keys of one slot. Tagged by
  // member, each member's limits sit together and members spread over the shards.
  const keysOf = (subject: string, group: string | undefined) => {
    const tag = `{${options.keyPrefix}rate${group === undefined ? '' : `:${group}`}}`;
    return [`${tag}:${subject}`, `${tag}:${subject}:cost`];
  };
  return {
    async take(limits, { entryId = randomUUID(), group } = {}) {
      if (!limits.length) return { allowed: true, retryAfterSeconds: 0 };
      const keys = limits.flatMap((limit) => keysOf(limit.subject, group));
      const args = limits.flatMap((limit) => [limit.limit, limit.windowMs, limit.cost ?? 1]);
      let answer: [number, number];
      try {
        answer = await commands.bytespikeTakeRate.call(client, keys.length, ...keys, entryId, ...args);
      } catch (error) {
        logOutage(error);
        throw storeErrors.create('BSK_REDIS_UNAVAILABLE', { reason: (error as Error).message, retryAfterSeconds: 1 }, { cause: error });
      }
      const [refused, waitMs] = answer;
      return refused === 0 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), refusedBy: refused - 1 };
    },
    async amend(entryId, subjects, cost, group) {
      if (!subjects.length) return;
      const keys = subjects.flatMap((subject) => keysOf(subject, group));
      await commands.bytespikeAmendRate.call(client, keys.length, ...keys, entryId, cost).catch((error: unknown) => logOutage(error));
    },
  };
}
