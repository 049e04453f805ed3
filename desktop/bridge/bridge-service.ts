import { isBskError } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import type { Layers } from '../core/layers/layers';
import type { ProviderSlot } from '../core/providers/dosia-provider';
import type { BridgeEvent, BridgeEventSink, BridgeEvents, BridgeMethod, BridgeReply, ParamsOf, ResultOf } from './bridge-contract';
import { BRIDGE_METHODS } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { createBridgeHandlers } from './bridge-handlers';
import { paramsObject } from './bridge-params';
import { createChatSessions } from './chat-sessions';

export interface BridgeServiceDeps {
  readonly layers: Layers;
  /** The Provider slot (`providers` capability); undefined when the profile does not load it. */
  readonly providers: ProviderSlot | undefined;
  readonly shell: 'electron' | 'web';
  readonly version: string;
  readonly dataDir: string;
  readonly logger: Logger;
  /** Electron opens the system browser itself; on the web the renderer opens the returned URL. */
  readonly openExternal?: (url: string) => Promise<void>;
  readonly fetch?: typeof fetch;
}

export type BridgeHandlers = { [M in BridgeMethod]: (params: Record<string, unknown>) => Promise<ResultOf<M>> | ResultOf<M> };

/** Core's side of the bridge, the same object behind Electron's IPC and `dosia web`. */
export interface BridgeService {
  /** Never throws: failures come back as `{ ok: false, error: { code, message } }`. */
  invoke(method: string, params: unknown): Promise<BridgeReply>;
  /** Every event, for the transport to forward; returns the unsubscribe. */
  subscribe(sink: BridgeEventSink): () => void;
  /** Typed call for in-process callers (tests, the Electron menu). Throws the BSK error. */
  call<M extends BridgeMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Resolves when no turn is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function failureOf(error: unknown): BridgeReply {
  if (isBskError(error)) return { ok: false, error: { code: error.code, message: error.message } };
  return { ok: false, error: { code: 'BSK_BRIDGE_INTERNAL', message: error instanceof Error ? error.message : String(error) } };
}

export function createBridgeService(deps: BridgeServiceDeps): BridgeService {
  const sinks = new Set<BridgeEventSink>();
  const emit: BridgeEventSink = <E extends BridgeEvent>(event: E, payload: BridgeEvents[E]) => {
    for (const sink of sinks) sink(event, payload);
  };
  const providers = (): ProviderSlot => deps.providers ?? failUnavailable();
  const failUnavailable = (): never => {
    throw bridgeErrors.create('BSK_BRIDGE_UNAVAILABLE', { service: 'the Provider slot (`providers`)', method: 'this call' });
  };
  const sessions = createChatSessions({ providers, layers: deps.layers, emit });
  const { handlers, close: closeHandlers } = createBridgeHandlers({ ...deps, providers, sessions, emit });
  const stopWatching = deps.layers.onChange((change) => emit('scopes.changed', { layers: change.layers }));

  async function dispatch(method: string, params: unknown): Promise<unknown> {
    if (!BRIDGE_METHODS.includes(method as BridgeMethod)) throw bridgeErrors.create('BSK_BRIDGE_UNKNOWN_METHOD', { method });
    const handler = handlers[method as BridgeMethod] as (params: Record<string, unknown>) => unknown;
    return handler(paramsObject(method, params));
  }

  return {
    async invoke(method, params) {
      try {
        return { ok: true, result: await dispatch(method, params) };
      } catch (error) {
        deps.logger.debug({ method, code: isBskError(error) ? error.code : undefined }, 'bridge call failed');
        return failureOf(error);
      }
    },
    subscribe(sink) {
      sinks.add(sink);
      return () => void sinks.delete(sink);
    },
    call: async (method, params) => (await dispatch(method, params)) as ResultOf<typeof method>,
    idle: () => sessions.idle(),
    async close() {
      stopWatching();
      sessions.close();
      await sessions.idle();
      closeHandlers();
      sinks.clear();
    },
  };
}
