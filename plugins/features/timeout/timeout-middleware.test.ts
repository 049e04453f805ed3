import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ChatAnswer, ChatCall } from '../../router/chat-middleware';
import { callDeadline } from '../../providers/shared/provider-options';
import { timeoutMiddleware } from './timeout-middleware';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('timeout_ms', () => {
  it('fires under the provider\'s own deadline after the middleware returned, a garbage collection notwithstanding', async () => {
    const client = new AbortController();
    let upstreamSignal: AbortSignal | undefined;
    const call = { signal: client.signal, flags: { timeout_ms: 50 } } as unknown as ChatCall;
    // As a passthrough body is read: the calls that set the deadlines have returned, a listener remains.
    await timeoutMiddleware.handle(call, async (inner) => {
      upstreamSignal = callDeadline({ signal: inner.signal, requestId: 'req_1', forwardHeaders: {} });
      return {} as ChatAnswer;
    });
    const aborted = new Promise<string | undefined>((resolve) => {
      upstreamSignal!.addEventListener('abort', () => resolve((upstreamSignal!.reason as Error).name), { once: true });
      setTimeout(() => resolve(undefined), 300);
    });
    // From a timer: the frame that built the signals is gone, so nothing of it holds them.
    setTimeout(collectGarbage, 10);
    expect(await aborted).toBe('TimeoutError');
  });
});
