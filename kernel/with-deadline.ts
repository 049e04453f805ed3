/** Where a combined signal keeps what it was combined from (two fields: no array per request). */
const SIGNAL = Symbol('combined signal');
const DEADLINE = Symbol('combined deadline');

type HoldingSignal = AbortSignal & { [SIGNAL]?: AbortSignal; [DEADLINE]?: AbortSignal };

/**
 * `signal`, also aborting with a TimeoutError once `timeoutMs` have passed. Node 20 holds the
 * sources of `AbortSignal.any` weakly, and `AbortSignal.timeout`'s timer holds its signal
 * weakly too: once the caller has let go of them (an upstream body still being read after
 * the call that set the deadline returned), a garbage collection takes them and the deadline
 * never fires. The combined signal holds its sources, so a deadline lives as long as anything
 * still listens to it, and no longer (no timer outlives a finished request).
 */
export function withDeadline(signal: AbortSignal, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined: HoldingSignal = AbortSignal.any([signal, deadline]);
  combined[SIGNAL] = signal;
  combined[DEADLINE] = deadline;
  return combined;
}
