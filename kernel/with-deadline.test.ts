import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './with-deadline';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('withDeadline', () => {
  it('aborts with a TimeoutError even when only a listener holds the signal and a collection runs', async () => {
    const client = new AbortController();
    // Nested as the timeout flag's deadline sits inside each provider's own one.
    const signal = withDeadline(withDeadline(client.signal, 50), 600_000);
    const aborted = new Promise<string | undefined>((resolve) => {
      signal.addEventListener('abort', () => resolve((signal.reason as Error).name), { once: true });
      setTimeout(() => resolve(undefined), 300);
    });
    // From a timer: the frame that built the signals is gone, so nothing of it holds them.
    setTimeout(collectGarbage, 10);
    expect(await aborted).toBe('TimeoutError');
  });

  it('still aborts at once when the client goes', () => {
    const client = new AbortController();
    const signal = withDeadline(client.signal, 600_000);
    client.abort(new Error('client closed the connection'));
    expect(signal.reason).toMatchObject({ message: 'client closed the connection' });
  });
});
