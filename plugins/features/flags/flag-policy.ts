import type { FeatureFlags, FlagName } from '../../router/chat-middleware';

/** Upper bounds an org (or the gateway, for every org) puts on flag values. */
export interface FlagCaps {
  readonly 'retry.attempts'?: number;
  readonly 'retry.budget_ms'?: number;
  readonly timeout_ms?: number;
  readonly 'cache.ttl_s'?: number;
  /** The longest fallback chain. */
  readonly fallback?: number;
}

export type CapName = keyof FlagCaps;

/** What an admin sets on an org or a key: defaults for its requests, flags it forbids, caps. */
export interface FlagSettings {
  readonly defaults?: FeatureFlags;
  readonly forbid?: readonly FlagName[];
  readonly caps?: FlagCaps;
}

export interface FlagPolicy {
  readonly forbid: readonly FlagName[];
  readonly caps: FlagCaps;
}

/**
 * Policies tightened layer by layer (the gateway's, the org's, then each key from the root
 * down): forbidden by any, the lowest cap.
 */
export function combinePolicies(...layers: readonly FlagSettings[]): FlagPolicy {
  const caps: Record<string, number> = {};
  for (const layer of layers) {
    for (const [name, cap] of Object.entries(layer.caps ?? {})) caps[name] = Math.min(cap, caps[name] ?? cap);
  }
  return { forbid: [...new Set(layers.flatMap((layer) => layer.forbid ?? []))], caps };
}

/** The value a cap applies to, when the flag is on. */
export function readCapped(flags: FeatureFlags, cap: CapName): number | undefined {
  switch (cap) {
    case 'retry.attempts': return flags.retry ? flags.retry.attempts : undefined;
    case 'retry.budget_ms': return flags.retry ? flags.retry.budget_ms : undefined;
    case 'timeout_ms': return flags.timeout_ms;
    case 'cache.ttl_s': return flags.cache ? flags.cache.ttl_s : undefined;
    case 'fallback': return flags.fallback ? flags.fallback.length : undefined;
  }
}

/** The same flags with one capped value lowered to its cap (for defaults set by an admin). */
export function clampTo(flags: FeatureFlags, cap: CapName, limit: number): FeatureFlags {
  switch (cap) {
    case 'retry.attempts': return flags.retry ? { ...flags, retry: { ...flags.retry, attempts: limit } } : flags;
    case 'retry.budget_ms': return flags.retry ? { ...flags, retry: { ...flags.retry, budget_ms: limit } } : flags;
    case 'timeout_ms': return { ...flags, timeout_ms: limit };
    case 'cache.ttl_s': return flags.cache ? { ...flags, cache: { ttl_s: limit } } : flags;
    case 'fallback': return flags.fallback ? { ...flags, fallback: flags.fallback.slice(0, limit) } : flags;
  }
}
