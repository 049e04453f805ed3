import type { BridgeEvent, BridgeEvents, BridgeMethod, BridgeTransport, DosiaBridge, ParamsOf, ResultOf } from './bridge-contract';

/** A bridge call core refused, with its BSK code so the UI can react to specific ones. */
export class BridgeCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}

/** Types a transport: invoke resolves with the result or throws a BridgeCallError. */
export function createBridgeClient(transport: BridgeTransport): DosiaBridge {
  return {
    async invoke<M extends BridgeMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const reply = await transport.invoke(method, params);
      if (!reply.ok) throw new BridgeCallError(reply.error.code, reply.error.message);
      return reply.result as ResultOf<M>;
    },
    on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
  };
}
