import { randomUUID } from 'node:crypto';

/** One limit per window on one subject (`key:<id>`, `member:<id>`, `key-tokens:<id>`…). */
export interface RateLimit {
  readonly subject: string;
  readonly limit: number;
  readonly windowMs: number;
  /** What this request counts for: 1 (the default) against a request limit, its tokens against a token limit; at most `limit`. */
  readonly cost?: number;
}

/** Where a key's limits and its member's are stored together: every key of a member shares its member's limits. */
export function rateGroupOf(key: { readonly memberId: string }): string {
  return `member:${key.memberId}`;
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
 * Counts what requests cost per subject in a sliding window. `take` is all-or-nothing: a
 * request refused by one limit is counted by none. `amend` corrects what a request counts
 * for once it is known (a token estimate replaced by the real count). The in-process
 * implementation serves one gateway process; the Redis one (plugins/stores/redis) decides
 * inside Redis, atomically, for every instance at once.
 */
export interface TakeOptions {
  /** Names what is recorded, for `amend` (random when absent). */
  readonly entryId?: string;
  /**
   * Where the subjects are stored together: limits checked in one call must be (a Redis
   * Cluster runs a script on keys of one slot), and every call touching a subject must name the
   * same group (`member:<id>` for a member's and its keys' limits). Without one, all share one group.
   */
  readonly group?: string;
}

export interface RateLimiter {
  take(limits: readonly RateLimit[], options?: TakeOptions): Promise<RateDecision>;
  /** Sets what the entry counts for on these subjects (of `group`, as taken); nothing once it left its window. */
  amend(entryId: string, subjects: readonly string[], cost: number, group?: string): Promise<void>;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    /** A shared limiter (Redis); without one, billing counts in-process. */
    'rate-limiter': RateLimiter;
  }
}

interface Entry {
  readonly id: string;
  readonly at: number;
  cost: number;
}

/** Milliseconds until enough of the oldest entries leave the window for `cost` to fit (0: it fits now). */
function waitFor(entries: readonly Entry[], limit: RateLimit, cost: number, at: number): number {
  let used = entries.reduce((sum, entry) => sum + entry.cost, 0);
  if (used + cost <= limit.limit) return 0;
  for (const entry of entries) {
    used -= entry.cost;
    if (used + cost <= limit.limit) return entry.at + limit.windowMs - at;
  }
  return limit.windowMs;
}

/** Sliding-window log: the accepted requests of the last window (time and cost), per subject. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, Entry[]>();
  const recent = (subject: string, windowMs: number, at: number): Entry[] => {
    const kept = (windows.get(subject) ?? []).filter((entry) => entry.at > at - windowMs);
    if (kept.length) windows.set(subject, kept);
    else windows.delete(subject);
    return kept;
  };
  return {
    async take(limits, { entryId = randomUUID() } = {}) {
      const at = now();
      for (const [index, limit] of limits.entries()) {
        const waitMs = waitFor(recent(limit.subject, limit.windowMs, at), limit, limit.cost ?? 1, at);
        if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), refusedBy: index };
      }
      for (const limit of limits) windows.set(limit.subject, [...recent(limit.subject, limit.windowMs, at), { id: entryId, at, cost: limit.cost ?? 1 }]);
      return { allowed: true, retryAfterSeconds: 0 };
    },
    async amend(entryId, subjects, cost) {
      for (const subject of subjects) {
        const entry = windows.get(subject)?.find((candidate) => candidate.id === entryId);
        if (entry) entry.cost = cost;
      }
    },
  };
}
