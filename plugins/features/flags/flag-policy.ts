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

/** What an admin sets on an org: defaults for its keys, flags it forbids, caps. */
export interface OrgFlagSettings {
  readonly defaults?: FeatureFlags;
  readonly forbid?: readonly FlagName[];
  readonly caps?: FlagCaps;
}

export interface FlagPolicy {
  readonly forbid: readonly FlagName[];
  readonly caps: FlagCaps;
}

/** The gateway's policy tightened by the org's: forbidden by either, the lower of two caps. */
export function combinePolicies(gateway: OrgFlagSettings, org: OrgFlagSettings): FlagPolicy {
  const caps: Record<string, number> = { ...gateway.caps };
  for (const [name, cap] of Object.entries(org.caps ?? {})) caps[name] = Math.min(cap, caps[name] ?? cap);
  return { forbid: [...new Set([...(gateway.forbid ?? []), ...(org.forbid ?? [])])], caps };
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
