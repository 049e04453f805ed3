import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import type { ChatAnswer, ChatCall } from '../../router/chat-middleware';
import { retryDelayMs } from './retry-delay';
import { createRetryMiddleware, type RetryClock } from './retry-middleware';

const model = { id: 'anthropic/claude-sonnet-4-6' } as ModelInfo;
const answer: ChatAnswer = { mode: 'response', model, notes: {}, headers: {}, response: {} as never };

function fakeClock(): RetryClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, random: () => 0.5, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

function callWith(retry: { attempts: number; budget_ms: number }): ChatCall {
  const signal = new AbortController().signal;
  return { flags: { retry }, model, receivedAt: 0, signal, clientSignal: signal } as unknown as ChatCall;
}

/** A `next` failing with the given errors in turn, then answering. */
function failing(...errors: Error[]) {
  let calls = 0;
  const next = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return answer;
  };
  return { next, calls: () => calls };
}

const overloaded = (retryAfterSeconds?: number) => createUpstreamError('anthropic', { kind: 'overloaded', message: 'busy', status: 529, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });

describe('retryDelayMs', () => {
  it('doubles per retry with jitter in the upper half, and never undercuts retry-after', () => {
    expect([0, 1, 2].map((index) => retryDelayMs(index, undefined, () => 0))).toEqual([125, 250, 500]);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(0, 3, () => 0.5)).toBe(3_000);
  });
});

describe('retry middleware', () => {
  it('retries retryable failures up to `attempts` and records how many it took', async () => {
    const clock = fakeClock();
    const upstream = failing(overloaded(), overloaded());
    const result = await createRetryMiddleware(clock).handle(callWith({ attempts: 3, budget_ms: 10_000 }), upstream.next);
    expect(upstream.calls()).toBe(3);
    expect(result.notes).toEqual({ retries: 2 });
    expect(clock.slept).toHaveLength(2);
  });

  it('gives up after `attempts`, and never retries a failure that is not retryable', async () => {
    const upstream = failing(overloaded(), overloaded(), overloaded());
    await expect(createRetryMiddleware(fakeClock()).handle(callWith({ attempts: 2, budget_ms: 10_000 }), upstream.next)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
    expect(upstream.calls()).toBe(3);
    const refused = failing(createUpstreamError('anthropic', { kind: 'invalid-request', message: 'bad', status: 400 }));
    await expect(createRetryMiddleware(fakeClock()).handle(callWith({ attempts: 5, budget_ms: 10_000 }), refused.next)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_INVALID_REQUEST' });
    expect(refused.calls()).toBe(1);
  });

  it('does not start a retry that would begin past the budget', async () => {
    const clock = fakeClock();
    const upstream = failing(overloaded(1), overloaded(1), overloaded(1));
    await expect(createRetryMiddleware(clock).handle(callWith({ attempts: 5, budget_ms: 1_500 }), upstream.next)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
    expect(upstream.calls()).toBe(2);
    expect(clock.slept).toEqual([1_000]);
  });
});
