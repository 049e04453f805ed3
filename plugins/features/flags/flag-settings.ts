import type { FeatureFlags, FlagName } from '../../router/chat-middleware';
import { flagErrors } from './errors';
import type { OrgFlagSettings } from './flag-policy';
import { checkFlags } from './read-request-flags';

const FLAG_NAMES: readonly FlagName[] = ['cache', 'fallback', 'retry', 'timeout_ms'];

/** Admin-set flag defaults and policy per org and per key. */
export interface FlagSettingsService {
  orgSettings(orgId: string): OrgFlagSettings;
  keyDefaults(keyId: string): FeatureFlags;
  setOrgSettings(orgId: string, settings: OrgFlagSettings): void;
  setKeyDefaults(keyId: string, defaults: FeatureFlags): void;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    /** Flag defaults and policy on orgs and keys (held in memory, seeded from config). */
    'flag-settings': FlagSettingsService;
  }
}

export function checkOrgSettings(settings: OrgFlagSettings, source: string): OrgFlagSettings {
  if (settings.defaults) checkFlags(settings.defaults, `${source}.defaults`);
  for (const flag of settings.forbid ?? []) {
    if (!FLAG_NAMES.includes(flag)) throw flagErrors.create('BSK_FLAGS_INVALID', { flag, reason: `is not a flag (in ${source}.forbid)`, param: `${source}.forbid` });
  }
  return settings;
}

/**
 * Settings from the plugin config, changeable at run time by an admin. They live in memory:
 * the store has no columns for them yet, so a restart goes back to the config.
 */
export function createFlagSettings(initial: { orgs: Record<string, OrgFlagSettings>; keys: Record<string, FeatureFlags> }): FlagSettingsService {
  const orgs = new Map(Object.entries(initial.orgs).map(([orgId, settings]) => [orgId, checkOrgSettings(settings, `orgs.${orgId}`)]));
  const keys = new Map(Object.entries(initial.keys).map(([keyId, defaults]) => [keyId, checkFlags(defaults, `keys.${keyId}`)]));
  return {
    orgSettings: (orgId) => orgs.get(orgId) ?? {},
    keyDefaults: (keyId) => keys.get(keyId) ?? {},
    setOrgSettings: (orgId, settings) => void orgs.set(orgId, checkOrgSettings(settings, 'org')),
    setKeyDefaults: (keyId, defaults) => void keys.set(keyId, checkFlags(defaults, 'key')),
  };
}
