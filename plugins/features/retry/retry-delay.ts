/** First backoff step; each retry doubles it. */
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random, so retries of many
 * clients spread out yet never collapse to zero), and never sooner than the upstream's
 * `retry-after`.
 */
export function retryDelayMs(retryIndex: number, retryAfterSeconds: number | undefined, random: () => number): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retryIndex);
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, (retryAfterSeconds ?? 0) * 1000));
}
