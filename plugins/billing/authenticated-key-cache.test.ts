import { describe, expect, it } from 'vitest';
import { type ClusterBus, createLocalBus } from '../stores/cluster-bus';
import type { AuthenticatedKey } from './accounts-service';
import { createAuthenticatedKeyCache } from './authenticated-key-cache';

const key = (keyId: string, memberId = 'mem_1') => ({ keyId, memberId }) as AuthenticatedKey;

function reconnectableBus(): ClusterBus & { reconnect(): void } {
  const local = createLocalBus();
  const handlers: (() => void)[] = [];
  return { ...local, onReconnect: (handler) => (handlers.push(handler), () => undefined), reconnect: () => handlers.forEach((handler) => handler()) };
}

describe('createAuthenticatedKeyCache', () => {
  it('serves an entry until its time to live or the key expiry, whichever is first', () => {
    let now = 0;
    const cache = createAuthenticatedKeyCache({ bus: createLocalBus(), ttlMs: 10_000, now: () => now });
    cache.set('a', key('key_a'));
    cache.set('b', key('key_b'), 2_000);
    now = 1_999;
    expect([cache.get('a')?.keyId, cache.get('b')?.keyId]).toEqual(['key_a', 'key_b']);
    now = 2_000;
    expect(cache.get('b')).toBeUndefined();
    now = 10_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops revoked keys and changed members on broadcast, and everything on a bus reconnect', async () => {
    const bus = reconnectableBus();
    const cache = createAuthenticatedKeyCache({ bus, ttlMs: 60_000 });
    cache.set('a', key('key_a'));
    cache.set('b', key('key_b'));
    cache.set('c', key('key_c', 'mem_2'));
    await cache.broadcast({ type: 'keys-revoked', keyIds: ['key_a'] });
    expect([cache.get('a'), cache.get('b')?.keyId]).toEqual([undefined, 'key_b']);
    await cache.broadcast({ type: 'member-changed', memberId: 'mem_2' });
    expect(cache.get('c')).toBeUndefined();
    bus.reconnect();
    expect(cache.get('b')).toBeUndefined();
  });

  it('caches nothing with a time to live of 0', () => {
    const cache = createAuthenticatedKeyCache({ bus: createLocalBus(), ttlMs: 0 });
    cache.set('a', key('key_a'));
    expect(cache.get('a')).toBeUndefined();
  });
});
