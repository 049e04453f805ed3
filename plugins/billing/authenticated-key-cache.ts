import type { ClusterBus } from '../stores/cluster-bus';
import type { AuthenticatedKey } from './accounts-service';

/** The channel accounts broadcast on; every instance's cache listens. */
export const ACCOUNTS_CHANNEL = 'accounts';

export type AccountsBroadcast = { readonly type: 'keys-revoked'; readonly keyIds: readonly string[] } | { readonly type: 'member-changed'; readonly memberId: string };

export interface AuthenticatedKeyCache {
  get(digest: string): AuthenticatedKey | undefined;
  /** `notAfter` (ms since epoch): never serve the entry past it (the key's own expiry). */
  set(digest: string, key: AuthenticatedKey, notAfter?: number): void;
  /** Forgets every entry (this instance only). */
  clear(): void;
  /** Tells every instance (this one included) to forget what it cached about these keys or this member. */
  broadcast(message: AccountsBroadcast): Promise<void>;
  dispose(): void;
}

/**
 * Authenticated keys by key digest, for `ttlMs` at most (0 turns caching off). The TTL
 * bounds how stale an entry can get; the broadcast makes a revocation or a member change
 * take effect on every instance as soon as it arrives, and a bus reconnect, after which
 * broadcasts may have been missed, empties the cache.
 */
export function createAuthenticatedKeyCache(options: { bus: ClusterBus; ttlMs: number; now?: () => number }): AuthenticatedKeyCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { key: AuthenticatedKey; until: number }>();
  const forget = (matches: (key: AuthenticatedKey) => boolean) => {
    for (const [digest, entry] of entries) if (matches(entry.key)) entries.delete(digest);
  };
  const unsubscribe = options.bus.subscribe(ACCOUNTS_CHANNEL, (message) => {
    const broadcast = message as AccountsBroadcast;
    if (broadcast.type === 'keys-revoked') {
      const revoked = new Set(broadcast.keyIds);
      forget((key) => revoked.has(key.keyId));
    } else if (broadcast.type === 'member-changed') forget((key) => key.memberId === broadcast.memberId);
  });
  const stopReconnect = options.bus.onReconnect(() => entries.clear());
  return {
    get(digest) {
      const entry = entries.get(digest);
      if (!entry) return undefined;
      if (entry.until > now()) return entry.key;
      entries.delete(digest);
      return undefined;
    },
    set(digest, key, notAfter = Number.POSITIVE_INFINITY) {
      if (options.ttlMs > 0) entries.set(digest, { key, until: Math.min(now() + options.ttlMs, notAfter) });
    },
    clear: () => entries.clear(),
    broadcast: (message) => options.bus.publish(ACCOUNTS_CHANNEL, message),
    dispose() {
      unsubscribe();
      stopReconnect();
      entries.clear();
    },
  };
}
