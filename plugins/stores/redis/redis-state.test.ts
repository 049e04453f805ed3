import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBskError } from '../../../kernel/errors';
import { createLogger } from '../../../kernel/logger';
import { type RedisClusterFixture, startRedisCluster } from './__fixtures__/redis-cluster';
import { createCommandClient, createSubscriberClient, type RedisClient, type RedisTarget } from './redis-connection';
import { createRedisClusterBus } from './redis-cluster-bus';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { createRedisSharedCache } from './redis-shared-cache';

const REDIS_URL = process.env.BYTESPIKE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const keyPrefix = `bsktest:${randomBytes(4).toString('hex')}:`;

/**
 * The same behaviour on the local Redis server and on a real three-master Redis Cluster
 * started for this file, where a script may only touch keys of one slot.
 */
describe.each(['server', 'cluster'] as const)('redis shared state on a Redis %s', (kind) => {
const clients: RedisClient[] = [];
let cluster: RedisClusterFixture | undefined;
let target: RedisTarget;
const unreachable: RedisTarget = kind === 'server' ? { url: 'redis://127.0.0.1:1' } : { clusterNodes: ['redis://127.0.0.1:1'] };

async function client(role: 'command' | 'subscriber' = 'command', to: RedisTarget = target): Promise<RedisClient> {
  const created = (role === 'command' ? createCommandClient : createSubscriberClient)({ target: to, commandTimeoutMs: 500, logger });
  clients.push(created);
  if (to === target) await created.connect();
  return created;
}

let admin: RedisClient;
beforeAll(async () => {
  if (kind === 'cluster') cluster = await startRedisCluster();
  target = cluster ? { clusterNodes: cluster.nodes } : { url: REDIS_URL };
  admin = await client();
}, 30_000);
afterAll(async () => {
  if (!cluster) {
    const keys = await admin.keys(`*${keyPrefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  for (const created of clients) created.disconnect();
  await cluster?.stop();
});

describe('createRedisRateLimiter', () => {
  it('allows exactly the limit when six gateway connections race for it', async () => {
    const limiters = await Promise.all(Array.from({ length: 6 }, async () => createRedisRateLimiter(await client(), { keyPrefix, logger })));
    const decisions = await Promise.all(Array.from({ length: 90 }, (_, index) => limiters[index % 6]!.take([{ subject: 'key:race', limit: 60, windowMs: 60_000 }])));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(60);
    const refused = decisions.find((decision) => !decision.allowed)!;
    expect(refused.refusedBy).toBe(0);
    expect(refused.retryAfterSeconds).toBeGreaterThan(50);
  });

  it('checks a request\'s limits together when connections race: key and member limits both hold exactly', async () => {
    const limiters = await Promise.all(Array.from({ length: 4 }, async () => createRedisRateLimiter(await client(), { keyPrefix, logger })));
    const limits = (keyIndex: number) => [{ subject: `key:pair-${keyIndex % 2}`, limit: 15, windowMs: 60_000 }, { subject: 'member:pair', limit: 20, windowMs: 60_000 }];
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, index) => limiters[index % 4]!.take(limits(index))));
    const admitted = decisions.flatMap((decision, index) => (decision.allowed ? [index % 2] : []));
    expect(admitted).toHaveLength(20);
    expect(Math.max(admitted.filter((key) => key === 0).length, admitted.filter((key) => key === 1).length)).toBeLessThanOrEqual(15);
  });

  it('counts a request against no limit when one refuses it', async () => {
    const limiter = createRedisRateLimiter(await client(), { keyPrefix, logger });
    expect((await limiter.take([{ subject: 'member:full', limit: 1, windowMs: 60_000 }])).allowed).toBe(true);
    expect(await limiter.take([{ subject: 'key:free', limit: 5, windowMs: 60_000 }, { subject: 'member:full', limit: 1, windowMs: 60_000 }])).toMatchObject({ allowed: false, refusedBy: 1 });
    expect(await admin.zcard(`{${keyPrefix}rate}:key:free`)).toBe(0);
  });

  it('stores a member\'s limits under its own hash tag, so members spread over a cluster\'s slots', async () => {
    const limiter = createRedisRateLimiter(await client(), { keyPrefix, logger });
    const members = Array.from({ length: 20 }, (_, index) => `m${index}`);
    for (const member of members) {
      const decision = await limiter.take([{ subject: `key:k_${member}`, limit: 5, windowMs: 60_000 }, { subject: `member:${member}`, limit: 5, windowMs: 60_000 }], { entryId: `req_${member}`, group: `member:${member}` });
      expect(decision.allowed).toBe(true);
    }
    expect(await admin.zcard(`{${keyPrefix}rate:member:m0}:key:k_m0`)).toBe(1);
    expect(await admin.zcard(`{${keyPrefix}rate:member:m0}:member:m0`)).toBe(1);
    await limiter.amend('req_m0', ['key:k_m0'], 3, 'member:m0');
    expect(Number(await admin.hget(`{${keyPrefix}rate:member:m0}:key:k_m0:cost`, '#total'))).toBe(3);
    if (kind === 'cluster') {
      const slots = await Promise.all(members.map((member) => admin.cluster('KEYSLOT', `{${keyPrefix}rate:member:${member}}`) as Promise<number>));
      expect(new Set(slots).size).toBeGreaterThan(1);
    }
  });

  it('lets requests in again as the window slides', async () => {
    const limiter = createRedisRateLimiter(await client(), { keyPrefix, logger });
    const limit = { subject: 'key:slide', limit: 2, windowMs: 300 };
    expect((await limiter.take([limit])).allowed).toBe(true);
    expect((await limiter.take([limit])).allowed).toBe(true);
    expect((await limiter.take([limit])).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await limiter.take([limit])).allowed).toBe(true);
  });

  it('counts token costs across racing connections, and amends an entry to its real cost', async () => {
    const limiters = await Promise.all(Array.from({ length: 3 }, async () => createRedisRateLimiter(await client(), { keyPrefix, logger })));
    const tokens = (cost: number) => ({ subject: 'key-tokens:race', limit: 10_000, windowMs: 60_000, cost });
    const decisions = await Promise.all(Array.from({ length: 30 }, (_, index) => limiters[index % 3]!.take([tokens(1_000)], { entryId: `req_${index}` })));
    const admitted = decisions.flatMap((decision, index) => (decision.allowed ? [`req_${index}`] : []));
    expect(admitted).toHaveLength(10);
    expect(decisions.find((decision) => !decision.allowed)?.retryAfterSeconds).toBeGreaterThan(50);
    for (const entry of admitted) await limiters[0]!.amend(entry, ['key-tokens:race'], 100);
    expect(Number(await admin.hget(`{${keyPrefix}rate}:key-tokens:race:cost`, '#total'))).toBe(1_000);
    expect((await limiters[1]!.take([tokens(9_000)], { entryId: 'req_big' })).allowed).toBe(true);
    expect((await limiters[2]!.take([tokens(1)], { entryId: 'req_over' })).allowed).toBe(false);
    await limiters[0]!.amend('req_unknown', ['key-tokens:race'], 5_000);
    expect(Number(await admin.hget(`{${keyPrefix}rate}:key-tokens:race:cost`, '#total'))).toBe(10_000);
  });

  it('fails closed with 503 when Redis cannot be reached', async () => {
    const limiter = createRedisRateLimiter(await client('command', unreachable), { keyPrefix, logger });
    const failure = await limiter.take([{ subject: 'key:x', limit: 100, windowMs: 60_000 }]).catch((error: unknown) => error);
    expect(isBskError(failure) && [failure.code, failure.status, failure.details.retryAfterSeconds]).toEqual(['BSK_REDIS_UNAVAILABLE', 503, 1]);
  });
});

describe('createRedisClusterBus', () => {
  it('delivers a publish from one instance to the subscribers of every instance', async () => {
    const buses = await Promise.all([1, 2].map(async () => createRedisClusterBus(await client(), await client('subscriber'), { keyPrefix, logger })));
    const heard: unknown[][] = [[], []];
    buses.forEach((bus, index) => bus.subscribe('accounts', (message) => heard[index]!.push(message)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await buses[0]!.publish('accounts', { type: 'keys-revoked', keyIds: ['key_1'] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([[{ type: 'keys-revoked', keyIds: ['key_1'] }], [{ type: 'keys-revoked', keyIds: ['key_1'] }]]);
  });
});

describe('createRedisSharedCache', () => {
  it('stores with a time to live, and misses instead of failing when Redis is away', async () => {
    const cache = createRedisSharedCache(await client(), { keyPrefix, logger });
    await cache.set('answer', 'forty-two', 60);
    expect(await cache.get('answer')).toBe('forty-two');
    expect(await admin.ttl(`${keyPrefix}cache:answer`)).toBeGreaterThan(50);
    await cache.delete('answer');
    expect(await cache.get('answer')).toBeNull();
    const away = createRedisSharedCache(await client('command', unreachable), { keyPrefix, logger });
    await away.set('answer', 'x', 60);
    expect(await away.get('answer')).toBeNull();
  });
});
});
