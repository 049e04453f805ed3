import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limiter';

const perMinute = (subject: string, limit: number) => ({ subject, limit, windowMs: 60_000 });

describe('createMemoryRateLimiter', () => {
  it('allows the limit per window, then refuses until the oldest request leaves the window', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.take([perMinute('k', 2)])).allowed).toBe(true);
    now = 10_000;
    expect((await limiter.take([perMinute('k', 2)])).allowed).toBe(true);
    expect(await limiter.take([perMinute('k', 2)])).toEqual({ allowed: false, retryAfterSeconds: 50, refusedBy: 0 });
    expect((await limiter.take([perMinute('other', 2)])).allowed).toBe(true);
    now = 60_001;
    expect((await limiter.take([perMinute('k', 2)])).allowed).toBe(true);
    expect(await limiter.take([perMinute('k', 2)])).toEqual({ allowed: false, retryAfterSeconds: 10, refusedBy: 0 });
  });

  it('counts a request against no limit when any limit refuses it', async () => {
    const limiter = createMemoryRateLimiter(() => 0);
    await limiter.take([perMinute('member', 1)]);
    expect(await limiter.take([perMinute('key', 5), perMinute('member', 1)])).toMatchObject({ allowed: false, refusedBy: 1 });
    for (let request = 0; request < 5; request++) expect((await limiter.take([perMinute('key', 5)])).allowed).toBe(true);
  });
});

describe('createMemoryRateLimiter with costs', () => {
  const tokens = (subject: string, limit: number, cost: number) => ({ subject, limit, windowMs: 60_000, cost });

  it('admits costs up to the limit, waits for enough of the oldest to leave, and counts amended costs', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.take([tokens('t', 1000, 600)], { entryId: 'first' })).allowed).toBe(true);
    now = 20_000;
    expect((await limiter.take([tokens('t', 1000, 300)], { entryId: 'second' })).allowed).toBe(true);
    expect(await limiter.take([tokens('t', 1000, 200)], { entryId: 'third' })).toEqual({ allowed: false, retryAfterSeconds: 40, refusedBy: 0 });
    await limiter.amend('first', ['t'], 100);
    expect((await limiter.take([tokens('t', 1000, 200)], { entryId: 'third' })).allowed).toBe(true);
    await limiter.amend('second', ['t'], 700);
    expect(await limiter.take([tokens('t', 1000, 1)], { entryId: 'fourth' })).toEqual({ allowed: false, retryAfterSeconds: 40, refusedBy: 0 });
  });
});
