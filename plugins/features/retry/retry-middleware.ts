import { setTimeout as sleep } from 'node:timers/promises';
import { isUpstreamError } from '../../../kernel/canonical/upstream-error';
import { type AttemptMiddleware, type ChatMiddleware, isWorthAnotherTry } from '../../router/chat-middleware';
import { retryDelayMs } from './retry-delay';

export interface RetryClock {
  /** Milliseconds on the `performance.now()` scale the request's `receivedAt` uses. */
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

const realClock: RetryClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  random: Math.random,
};

/**
 * `retry`: the same model again after a retryable failure before the first byte, with
 * backoff and jitter, honouring `retry-after`. A retry that could not start before the
 * budget (counted from the request's arrival) runs out is not made: the last error stands.
 * Once an answer is returned its bytes belong to the client, so nothing here retries it.
 */
export function createRetryMiddleware(clock: RetryClock = realClock): ChatMiddleware {
  const retryAttempt: AttemptMiddleware = (call, next) => {
    const { attempts, budget_ms: budgetMs = 0 } = call.flags.retry || { attempts: 0 };
    const deadline = call.receivedAt + budgetMs;
    const attempt = async (retries: number): ReturnType<typeof next> => {
      try {
        const answer = await next(call);
        return retries ? { ...answer, notes: { ...answer.notes, retries } } : answer;
      } catch (error) {
        if (retries >= attempts || !isWorthAnotherTry(error) || call.clientSignal.aborted) throw error;
        const delay = retryDelayMs(retries, isUpstreamError(error) ? error.details.info.retryAfterSeconds : undefined, clock.random);
        if (clock.now() + delay > deadline) throw error;
        await clock.sleep(delay, call.clientSignal).catch(() => {
          throw error;
        });
        return attempt(retries + 1);
      }
    };
    return attempt(0);
  };
  return { name: 'retry', flag: 'retry', order: 300, handle: retryAttempt, aroundAttempt: retryAttempt };
}
