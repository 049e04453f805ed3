/**
 * Messages every gateway instance hears: key revocations, member and config changes.
 * With Redis (plugin `redis-state`) it is pub/sub across instances; without, billing uses
 * the in-process bus below so a single instance behaves the same way.
 */
export interface ClusterBus {
  /** Delivers `message` (JSON-serialisable) to every subscriber of `channel` on every instance, this one included. */
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): () => void;
  /**
   * Runs after the bus lost and regained its connection: messages sent meanwhile are gone,
   * so anything cached on the strength of "no news" must be dropped.
   */
  onReconnect(handler: () => void): () => void;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    'cluster-bus': ClusterBus;
  }
}

/** Subscribers by channel; shared by the local bus and the Redis bus's delivery side. */
export function createSubscriberTable() {
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  return {
    add(channel: string, handler: (message: unknown) => void): () => void {
      const set = handlers.get(channel) ?? new Set();
      set.add(handler);
      handlers.set(channel, set);
      return () => void set.delete(handler);
    },
    deliver(channel: string, message: unknown): void {
      for (const handler of handlers.get(channel) ?? []) handler(message);
    },
    channels: () => [...handlers.keys()],
  };
}

/** One process, no network: publish delivers synchronously to this process's subscribers. */
export function createLocalBus(): ClusterBus {
  const table = createSubscriberTable();
  return {
    publish: async (channel, message) => table.deliver(channel, message),
    subscribe: (channel, handler) => table.add(channel, handler),
    onReconnect: () => () => undefined,
  };
}
