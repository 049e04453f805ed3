import { billingErrors } from './errors';
import { type RateLimit, type RateLimiter, rateGroupOf } from './rate-limiter';

const WINDOW_MS = 60_000;

/** The part of an authenticated key its token limits need. */
export interface TokenLimitedKey {
  readonly keyId: string;
  readonly memberId: string;
  readonly tpm?: number | null | undefined;
  readonly memberTpm?: number | null | undefined;
}

type TokenLimit = RateLimit & { readonly code: 'BSK_RATE_KEY_TPM' | 'BSK_RATE_MEMBER_TPM' };

/**
 * Tokens-per-minute limits of keys and members, counted in the rate limiter (Redis when
 * configured, so the limit holds across instances). A request holds its estimated tokens
 * when admitted and is corrected to the real count when it settles (0 when it failed).
 * A request estimated above the whole limit counts as the limit: it gets in only when the
 * window is empty, then counts what it really used.
 */
export function createTokenLimits(deps: { rateLimiter: RateLimiter; now?: () => number }) {
  const now = deps.now ?? Date.now;
  /** Requests admitted here with a token hold, until corrected; a correction after the window changes nothing, so older ones are dropped. */
  const pending = new Map<string, { subjects: string[]; group: string; at: number }>();

  const limitsOf = (key: TokenLimitedKey, tokens: number): TokenLimit[] => {
    const limits: TokenLimit[] = [];
    if (key.tpm != null) limits.push({ subject: `key-tokens:${key.keyId}`, limit: key.tpm, windowMs: WINDOW_MS, cost: Math.min(tokens, key.tpm), code: 'BSK_RATE_KEY_TPM' });
    if (key.memberTpm != null) limits.push({ subject: `member-tokens:${key.memberId}`, limit: key.memberTpm, windowMs: WINDOW_MS, cost: Math.min(tokens, key.memberTpm), code: 'BSK_RATE_MEMBER_TPM' });
    return limits;
  };

  const forgetStale = (at: number) => {
    for (const [requestId, entry] of pending) {
      if (at - entry.at < WINDOW_MS) break;
      pending.delete(requestId);
    }
  };

  return {
    /** Holds `tokens` (the request's estimate) for `requestId`; 429 naming the limit and when it resets when over. */
    async reserve(key: TokenLimitedKey, requestId: string, tokens: number): Promise<void> {
      const limits = tokens > 0 ? limitsOf(key, tokens) : [];
      if (!limits.length) return;
      const group = rateGroupOf(key);
      const decision = await deps.rateLimiter.take(limits, { entryId: requestId, group });
      const at = now();
      if (!decision.allowed) {
        const refused = limits[decision.refusedBy ?? 0]!;
        const resetsAt = new Date(at + decision.retryAfterSeconds * 1000).toISOString();
        throw billingErrors.create(refused.code, { limit: refused.limit, tokens, memberId: key.memberId, keyId: key.keyId, retryAfterSeconds: decision.retryAfterSeconds, resetsAt });
      }
      forgetStale(at);
      pending.set(requestId, { subjects: limits.map((limit) => limit.subject), group, at });
    },

    /** Replaces the hold of `requestId` by what it used; nothing when it held none. */
    async settle(requestId: string, tokens: number): Promise<void> {
      const entry = pending.get(requestId);
      if (!entry) return;
      pending.delete(requestId);
      await deps.rateLimiter.amend(requestId, entry.subjects, tokens, entry.group);
    },
  };
}
