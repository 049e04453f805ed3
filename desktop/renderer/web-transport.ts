import type { BridgeReply, BridgeTransport } from '../bridge/bridge-contract';

type Listener = (payload: unknown) => void;

/**
 * The bridge's transport on `dosia web`: invoke is a POST to /bridge/invoke, events come
 * from one EventSource on /bridge/events. The launch token rides in the HttpOnly cookie
 * the first visit set, so page code never sees it.
 */
export function createWebTransport(origin = ''): BridgeTransport {
  const listeners = new Map<string, Set<Listener>>();
  const source = new EventSource(`${origin}/bridge/events`);

  function listenersOf(event: string): Set<Listener> {
    let set = listeners.get(event);
    if (!set) {
      const created = new Set<Listener>();
      listeners.set(event, created);
      source.addEventListener(event, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of created) listener(payload);
      });
      set = created;
    }
    return set;
  }

  return {
    async invoke(method, params) {
      const response = await fetch(`${origin}/bridge/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, params }), credentials: 'same-origin' });
      if (!response.ok) return { ok: false, error: { code: 'BSK_BRIDGE_HTTP', message: `the DOSIA server answered HTTP ${response.status}` } };
      return (await response.json()) as BridgeReply;
    },
    on(event, listener) {
      const set = listenersOf(event);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
}
