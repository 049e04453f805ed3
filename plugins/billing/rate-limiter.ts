/** The answer to one request against a requests-per-window limit. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until a request would be allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/**
 * Counts requests per subject in a sliding window. The in-process implementation serves
 * one gateway process; a shared one (Redis sorted sets) replaces it for several.
 */
export interface RateLimiter {
  /** Records a request for `subject` if it fits `limit` per `windowMs`; a refused request is not recorded. */
  hit(subject: string, limit: number, windowMs: number): RateDecision;
  /** Records nothing; says whether `hit` would be allowed now. */
  peek(subject: string, limit: number, windowMs: number): RateDecision;
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
  const decide = (times: number[], limit: number, windowMs: number, at: number): RateDecision =>
    times.length < limit ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[times.length - limit]! + windowMs - at) / 1000)) };
  return {
    hit(subject, limit, windowMs) {
      const at = now();
      const times = recent(subject, windowMs, at);
      const decision = decide(times, limit, windowMs, at);
      if (decision.allowed) windows.set(subject, [...times, at]);
      return decision;
    },
    peek(subject, limit, windowMs) {
      const at = now();
      return decide(recent(subject, windowMs, at), limit, windowMs, at);
    },
  };
}
