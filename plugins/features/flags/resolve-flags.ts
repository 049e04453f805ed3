import type { FeatureFlags, FlagName } from '../../router/chat-middleware';
import { flagErrors } from './errors';
import { type CapName, clampTo, type FlagPolicy, readCapped } from './flag-policy';

/** A retry budget nobody set: long enough for a few backoffs, short enough to fail usefully. */
export const DEFAULT_RETRY_BUDGET_MS = 20_000;

export interface FlagLayers {
  readonly request: FeatureFlags;
  readonly key: FeatureFlags;
  readonly org: FeatureFlags;
}

type Origin = 'request' | 'default';

function dropForbidden(flags: FeatureFlags, origins: Map<FlagName, Origin>, policy: FlagPolicy): FeatureFlags {
  const kept: Record<string, unknown> = { ...flags };
  for (const flag of policy.forbid) {
    if (flags[flag] === undefined || flags[flag] === false) continue;
    if (origins.get(flag) === 'request') throw flagErrors.create('BSK_FLAGS_FORBIDDEN', { flag, param: flag });
    delete kept[flag];
  }
  return kept as FeatureFlags;
}

/** A request over a cap is refused (naming the flag); a default over a cap is lowered to it. */
function applyCaps(flags: FeatureFlags, origins: Map<FlagName, Origin>, policy: FlagPolicy): FeatureFlags {
  let capped = flags;
  for (const [cap, limit] of Object.entries(policy.caps) as [CapName, number][]) {
    const value = readCapped(capped, cap);
    if (value === undefined || value <= limit) continue;
    const flag = cap.split('.')[0] as FlagName;
    if (origins.get(flag) === 'request') throw flagErrors.create('BSK_FLAGS_OVER_CAP', { flag: cap, value, cap: limit, param: cap });
    capped = clampTo(capped, cap, limit);
  }
  return capped;
}

function withRetryBudget(flags: FeatureFlags, policy: FlagPolicy): FeatureFlags {
  if (!flags.retry || flags.retry.budget_ms !== undefined) return flags;
  return { ...flags, retry: { ...flags.retry, budget_ms: Math.min(DEFAULT_RETRY_BUDGET_MS, policy.caps['retry.budget_ms'] ?? Infinity) } };
}

function setsNone(flags: FeatureFlags): boolean {
  for (const flag in flags) if (Object.hasOwn(flags, flag)) return false;
  return true;
}

/**
 * The flags in force: request > key > org, flag by flag (`false` switches a default off and
 * is then dropped), minus what the policy forbids, within its caps, retry budget filled in.
 */
export function resolveFlags(layers: FlagLayers, policy: FlagPolicy): FeatureFlags {
  // The usual request (no flags asked, no defaults): none in force, without the steps' maps and copies.
  if (setsNone(layers.request) && setsNone(layers.key) && setsNone(layers.org)) return {};
  const merged: Record<string, unknown> = { ...layers.org, ...layers.key, ...layers.request };
  const origins = new Map<FlagName, Origin>(Object.keys(merged).map((flag) => [flag as FlagName, flag in layers.request ? 'request' : 'default']));
  for (const [flag, value] of Object.entries(merged)) if (value === false) delete merged[flag];
  return withRetryBudget(applyCaps(dropForbidden(merged as FeatureFlags, origins, policy), origins, policy), policy);
}
