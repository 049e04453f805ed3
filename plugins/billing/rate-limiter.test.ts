import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limiter';

describe('createMemoryRateLimiter', () => {
  it('allows the limit per window, then refuses until the oldest request leaves the window', () => {
    let now = 0;
    const limiter = createMemoryRateLimiter(() => now);
    expect(limiter.hit('k', 2, 60_000).allowed).toBe(true);
    now = 10_000;
    expect(limiter.hit('k', 2, 60_000).allowed).toBe(true);
    expect(limiter.hit('k', 2, 60_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.hit('other', 2, 60_000).allowed).toBe(true);
    now = 60_001;
    expect(limiter.hit('k', 2, 60_000).allowed).toBe(true);
    expect(limiter.peek('k', 2, 60_000)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });
});
