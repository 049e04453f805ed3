import type { ModelInfo } from '../../kernel/canonical/model';

/** What the error answer of a request that failed once its model was resolved reports, besides the error itself. */
export interface FailedRun {
  /** The model the request asked for: its answer warns of the model's retirement as a success would. */
  readonly requestedModel: ModelInfo;
  /**
   * The gateway's own milliseconds before the upstream call, when the request failed at or after
   * that call: the wait for the upstream is not the gateway's overhead, on a failure as on a success.
   */
  readonly overheadMs: number | undefined;
}

/**
 * By the request's signal: HttpHost.watchRequest makes one per request, and every pipeline
 * (chat, embeddings and the other units, count_tokens) is handed it. Not by the error: the
 * drain's deadline aborts every running request with one error object, which a provider may
 * throw as it is (`signal.throwIfAborted()`), and two requests would then read one record.
 * Written on the failure path only, so a success costs nothing.
 */
const failedRuns = new WeakMap<AbortSignal, FailedRun>();

/** Notes, as the request whose `signal` this is fails, what its error answer reports. */
export function recordFailedRun(signal: AbortSignal, run: FailedRun): void {
  failedRuns.set(signal, run);
}

/** What was recorded for the request of `signal`; undefined when it failed before its model was resolved (an unknown or retired one). */
export function failedRunOf(signal: AbortSignal): FailedRun | undefined {
  return failedRuns.get(signal);
}
