import { isBskError } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import { createAgentTurns } from './agent-turns';
import type { BridgeEvent, BridgeEventSink, BridgeEvents, BridgeMethod, BridgeReply, ParamsOf, ResultOf } from './bridge-contract';
import { BRIDGE_METHODS } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';
import { createBridgeHandlers } from './bridge-handlers';
import { paramsObject } from './bridge-params';
import { createCompareRuns } from './compare-runs';
import { type CoreServices, requireService } from './core-services';

export interface BridgeServiceDeps {
  readonly services: CoreServices;
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
  /** Resolves when no turn or compare run is streaming. */
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
  const { services } = deps;
  const conversations = () => requireService(services, 'conversations')('sessions');
  const turns = createAgentTurns({ agent: () => requireService(services, 'agent')('chat.send'), conversations, emit });
  const compares = createCompareRuns({ compare: () => requireService(services, 'compare')('compare.run'), conversations, emit });
  const { handlers, close: closeHandlers } = createBridgeHandlers({ ...deps, turns, compares, emit });
  const stopWatching = services.layers.onChange((change) => emit('scopes.changed', { layers: change.layers }));

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
    idle: async () => {
      await Promise.all([turns.idle(), compares.idle()]);
    },
    async close() {
      stopWatching();
      turns.close();
      compares.close();
      await Promise.all([turns.idle(), compares.idle()]);
      closeHandlers();
      sinks.clear();
    },
  };
}
