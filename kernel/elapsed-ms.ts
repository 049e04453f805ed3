/** Milliseconds since `since` (a `performance.now()` reading), to the hundredth the `bytespike-overhead-ms` header shows. */
export function elapsedMs(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}
