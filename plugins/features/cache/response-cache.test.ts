import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage } from '../../../kernel/canonical/usage';
import { createLogger } from '../../../kernel/logger';
import type { ChatAnswer, ChatCall } from '../../router/chat-middleware';
import { computeCacheKey } from './cache-key';
import { createCacheMiddleware } from './cache-middleware';
import { createMemoryCacheStore } from './memory-cache-store';
import { createRedisCacheStore } from './redis-cache-store';
import type { CachedAnswer, ResponseCacheStore } from './response-cache-store';
import { type RedisClusterFixture, startRedisCluster } from '../../stores/redis/__fixtures__/redis-cluster';

const model = { id: 'anthropic/claude-sonnet-4-6' } as ModelInfo;
const request = { model: 'sonnet', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stop: [], metadata: {}, stream: true, temperature: 0.2 } as CanonicalRequest;
const parts: StreamPart[] = [
  { type: 'message-start', id: 'm1', model: model.id },
  { type: 'text-start', index: 0 },
  { type: 'text-delta', index: 0, text: 'Hello' },
  { type: 'text-end', index: 0 },
  { type: 'finish', reason: 'stop', usage: makeUsage({ inputTokens: 3, outputTokens: 1 }) },
];
const entry: CachedAnswer = { model: model.id, mode: 'stream', parts };

function callFor(orgId: string, overrides: Partial<CanonicalRequest> = {}): ChatCall {
  return { key: { orgId, keyId: 'k', memberId: 'm' }, request: { ...request, ...overrides }, model, flags: { cache: { ttl_s: 60 } }, passthrough: true, resolve: () => ({ model, provider: {} }) } as unknown as ChatCall;
}

async function collect(answer: ChatAnswer): Promise<StreamPart[]> {
  if (answer.mode !== 'stream') throw new Error(`expected a stream, got ${answer.mode}`);
  const seen: StreamPart[] = [];
  for await (const part of answer.parts) seen.push(part);
  return seen;
}

describe('computeCacheKey', () => {
  it('is the same for the same request in any field order, and differs per org and per content', () => {
    const reordered = Object.fromEntries(Object.entries(request).reverse()) as unknown as CanonicalRequest;
    expect(computeCacheKey(callFor('org_a', reordered))).toBe(computeCacheKey(callFor('org_a')));
    expect(computeCacheKey(callFor('org_a', { model: 'anthropic/claude-sonnet-4-6', metadata: { userId: 'u' } }))).toBe(computeCacheKey(callFor('org_a')));
    expect(computeCacheKey(callFor('org_b'))).not.toBe(computeCacheKey(callFor('org_a')));
    expect(computeCacheKey(callFor('org_a', { temperature: 0.3 }))).not.toBe(computeCacheKey(callFor('org_a')));
  });

  it('is the same for a streamed and a non-streamed request', () => {
    expect(computeCacheKey(callFor('org_a', { stream: false }))).toBe(computeCacheKey(callFor('org_a', { stream: true })));
  });
});

describe('memory cache store', () => {
  it('expires entries and evicts the least recently used', async () => {
    let now = 0;
    const store = createMemoryCacheStore({ maxEntries: 2, now: () => now });
    await store.set('a', entry, 10);
    await store.set('b', entry, 10);
    await store.get('a');
    await store.set('c', entry, 10);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([entry, null, entry]);
    now = 10_000;
    expect(await store.get('a')).toBeNull();
  });
});

describe.each(['server', 'cluster'] as const)('redis cache store (a local Redis %s)', (kind) => {
  let cluster: RedisClusterFixture | undefined;
  let store: ResponseCacheStore;
  beforeAll(async () => {
    if (kind === 'cluster') cluster = await startRedisCluster();
    store = createRedisCacheStore({ target: cluster ? { clusterNodes: cluster.nodes } : { url: 'redis://127.0.0.1:6379' }, keyPrefix: `bytespike-test:${randomUUID()}:` });
  }, 30_000);
  afterAll(async () => {
    await store.close();
    await cluster?.stop();
  });

  it('stores, reads back and expires by TTL', async () => {
    expect(await store.get('missing')).toBeNull();
    await store.set('k1', entry, 1);
    expect(await store.get('k1')).toEqual(entry);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await store.get('k1')).toBeNull();
  });
});

describe('cache middleware', () => {
  const logger = createLogger({ level: 'silent' });

  it('forces the canonical path on a miss, stores a finished stream, and replays it on a hit at the configured share', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    const cache = createCacheMiddleware({ store, hitCreditPercent: 10, logger });
    const seenPassthrough: boolean[] = [];
    const next = async (call: ChatCall): Promise<ChatAnswer> => {
      seenPassthrough.push(call.passthrough);
      return { mode: 'stream', model, notes: {}, headers: {}, parts: (async function* () { yield* parts; })() };
    };
    const miss = await cache.handle(callFor('org_a'), next);
    expect(miss.headers).toEqual({ 'bytespike-cache': 'miss' });
    expect(await collect(miss)).toEqual(parts);
    const hit = await cache.handle(callFor('org_a'), next);
    expect(hit).toMatchObject({ headers: { 'bytespike-cache': 'hit' }, creditPercent: 10, notes: { cache: 'hit' } });
    expect(await collect(hit)).toEqual(parts);
    expect(seenPassthrough).toEqual([false]);
  });

  it('answers a non-streamed request from a stored stream, and a streamed one from a stored answer', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    const cache = createCacheMiddleware({ store, hitCreditPercent: 0, logger });
    const streamed = async (): Promise<ChatAnswer> => ({ mode: 'stream', model, notes: {}, headers: {}, parts: (async function* () { yield* parts; })() });
    await collect(await cache.handle(callFor('org_a'), streamed));
    const whole = await cache.handle(callFor('org_a', { stream: false }), () => Promise.reject(new Error('a hit must not call upstream')));
    expect(whole).toMatchObject({ mode: 'response', headers: { 'bytespike-cache': 'hit' } });
    if (whole.mode !== 'response') throw new Error('response expected');
    expect(whole.response).toEqual({ id: 'm1', model: model.id, content: [{ type: 'text', text: 'Hello' }], finishReason: 'stop', usage: makeUsage({ inputTokens: 3, outputTokens: 1 }) });

    const answered = async (): Promise<ChatAnswer> => ({ mode: 'response', model, notes: {}, headers: {}, response: { ...whole.response, id: 'm2' } });
    await cache.handle(callFor('org_b', { stream: false }), answered);
    const replayed = await collect(await cache.handle(callFor('org_b', { stream: true }), () => Promise.reject(new Error('a hit must not call upstream'))));
    expect(replayed.map((part) => part.type)).toEqual(['message-start', 'text-start', 'text-delta', 'text-end', 'finish']);
    expect(replayed.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: makeUsage({ inputTokens: 3, outputTokens: 1 }) });
  });

  it('does not store a stream the client stopped reading, nor one that failed', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10 });
    const cache = createCacheMiddleware({ store, hitCreditPercent: 0, logger });
    const streamOf = (items: StreamPart[]) => async (): Promise<ChatAnswer> => ({ mode: 'stream', model, notes: {}, headers: {}, parts: (async function* () { yield* items; })() });
    const stopped = await cache.handle(callFor('org_a'), streamOf(parts));
    if (stopped.mode !== 'stream') throw new Error('stream expected');
    for await (const part of stopped.parts) if (part.type === 'text-delta') break;
    await collect(await cache.handle(callFor('org_a'), streamOf([...parts.slice(0, 3), { type: 'error', error: { kind: 'connection', message: 'cut' } }])));
    expect((await cache.handle(callFor('org_a'), streamOf(parts))).headers).toEqual({ 'bytespike-cache': 'miss' });
  });
});
