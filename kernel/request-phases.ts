import { channel } from 'node:diagnostics_channel';

/**
 * Where a gateway request is, published on a diagnostics channel for profiling tools
 * (`scripts/bench/gateway-phases.ts` turns them into a per-phase latency breakdown) and any
 * APM that subscribes. Free when nobody listens: one `hasSubscribers` check per mark.
 */
export const REQUEST_PHASE_CHANNEL = 'bytespike:request-phase';

export type RequestPhase =
  /** The chat handler starts (body read and parsed, route found). */
  | 'handler'
  | 'authenticated'
  /** Model resolved, flags and limits checked: the hold is next. */
  | 'reserving'
  | 'reserved'
  /** The provider is about to send the upstream request. */
  | 'calling-upstream'
  /** The upstream's answer is back (status and headers); the body is relayed or read next. */
  | 'relaying'
  /** A whole (non-streamed) upstream body has been read and tapped. */
  | 'body-read'
  /** The settlement's figure is decided: the client is answered now. */
  | 'charged'
  | 'answered';

export interface RequestPhaseMessage {
  readonly requestId: string;
  readonly phase: RequestPhase;
  /** `performance.now()` when the phase began. */
  readonly at: number;
}

const phases = channel(REQUEST_PHASE_CHANNEL);

export function markRequestPhase(requestId: string, phase: RequestPhase): void {
  if (phases.hasSubscribers) phases.publish({ requestId, phase, at: performance.now() } satisfies RequestPhaseMessage);
}
