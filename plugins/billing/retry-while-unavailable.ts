import type { Logger } from '../../kernel/logger';
import { storeErrors } from '../stores/errors';

/**
 * Runs `work` again while the database is unreachable, for up to `withinMs`. Settling and
 * releasing a hold are idempotent by request id, so a retry after a commit whose answer
 * was lost returns the first outcome. A short database outage then bills what was
 * delivered instead of leaving the hold to expire; a longer one still leaves the hold open
 * in the database, where expiry releases it: no entry is ever half-written.
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, options: { withinMs: number; logger?: Logger; what: string }): Promise<T> {
  const giveUpAt = Date.now() + options.withinMs;
  for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 2000)) {
    try {
      return await work();
    } catch (error) {
      if (!storeErrors.is(error, 'BSK_STORE_UNAVAILABLE') || Date.now() + delayMs > giveUpAt) throw error;
      options.logger?.warn({ err: error, retryInMs: delayMs }, `database unreachable; retrying ${options.what}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
