/** One requests-per-window limit on one subject (`key:<id>`, `member:<id>`). */
export interface RateLimit {
  readonly subject: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** The answer to one request against a set of limits. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until a request would be allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
  /** Index (in the limits given) of the limit that refused; absent when allowed. */
  readonly refusedBy?: number;
}

/**
 * Counts requests per subject in a sliding window. `take` is all-or-nothing: a request
 * refused by one limit is counted by none. The in-process implementation serves one
 * gateway process; the Redis one (plugins/stores/redis) decides inside Redis, atomically,
 * for every instance at once.
 */
export interface RateLimiter {
  take(limits: readonly RateLimit[]): Promise<RateDecision>;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    /** A shared limiter (Redis); without one, billing counts in-process. */
    'rate-limiter': RateLimiter;
  }
}

/** Sliding-window log: the timestamps of the accepted requests of the last window, per subject. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, number[]>();
  const recent = (subject: string, windowMs: number, at: number): number[] => {
    const kept = (windows.get(subject) ?? []).filter((time) => time > at - windowMs);
    if (kept.length) windows.set(subject, kept);
    else windows.delete(subject);
    return kept;
  };
  return {
    async take(limits) {
      const at = now();
      for (const [index, { subject, limit, windowMs }] of limits.entries()) {
        const times = recent(subject, windowMs, at);
        if (times.length >= limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[times.length - limit]! + windowMs - at) / 1000)), refusedBy: index };
      }
      for (const { subject, windowMs } of limits) windows.set(subject, [...recent(subject, windowMs, at), at]);
      return { allowed: true, retryAfterSeconds: 0 };
    },
  };
}
