import type { ClusterBus } from '../../stores/cluster-bus';
import type { Store } from '../../stores/store';
import type { FeatureFlags, FlagName } from '../../router/chat-middleware';
import { flagErrors } from './errors';
import { type CapName, combinePolicies, type FlagPolicy, type FlagSettings, readCapped } from './flag-policy';
import { checkFlags } from './read-request-flags';

const FLAG_NAMES: readonly FlagName[] = ['cache', 'fallback', 'retry', 'timeout_ms'];
const CAP_NAMES: readonly CapName[] = ['retry.attempts', 'retry.budget_ms', 'timeout_ms', 'cache.ttl_s', 'fallback'];
const SETTINGS_FIELDS = ['defaults', 'forbid', 'caps'];

/** The channel a change is announced on, so every instance drops what it cached. */
const CHANNEL = 'flag-settings';
/** How long resolved settings are served from memory; changes are broadcast, this only bounds a missed broadcast. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 10_000;

/** What a request made with one key starts from. */
export interface EffectiveFlagSettings {
  /** The gateway's defaults under the org's. */
  readonly orgDefaults: FeatureFlags;
  /** The key chain's defaults, each key over its parent. */
  readonly keyDefaults: FeatureFlags;
  /** Gateway, org and every key of the chain combined: forbidden by any, the lowest cap. */
  readonly policy: FlagPolicy;
}

/** Admin-set flag defaults and policy per org and per key, kept in the store. */
export interface FlagSettingsService {
  /** The org's settings as stored, or as configured when none were stored; 404 for an org that does not exist. */
  orgSettings(orgId: string): Promise<FlagSettings>;
  keySettings(keyId: string): Promise<FlagSettings>;
  /** Replaces the org's settings; every instance applies them at once. */
  setOrgSettings(orgId: string, settings: FlagSettings): Promise<FlagSettings>;
  /** Replaces the key's settings; refused (403) when they widen what the gateway, the org or a parent key allows. */
  setKeySettings(keyId: string, settings: FlagSettings): Promise<FlagSettings>;
  effectiveFor(key: { keyId: string; orgId: string }): Promise<EffectiveFlagSettings>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    /** Flag defaults and policy on orgs and keys (in the store, seeded from config). */
    'flag-settings': FlagSettingsService;
  }
}

function invalid(flag: string, reason: string, param: string): never {
  throw flagErrors.create('BSK_FLAGS_INVALID', { flag, reason, param });
}

/** Checks settings as an admin or the config gives them: known fields, flags and caps, defaults against the schema. */
export function checkSettings(settings: FlagSettings, source: string): FlagSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) invalid(source, 'must be an object of defaults, forbid and caps', source);
  const extra = Object.keys(settings).find((field) => !SETTINGS_FIELDS.includes(field));
  if (extra !== undefined) invalid(extra, `is not one of ${SETTINGS_FIELDS.join(', ')}`, `${source}.${extra}`);
  if (settings.defaults !== undefined) checkFlags(settings.defaults, `${source}.defaults`);
  for (const flag of settings.forbid ?? []) {
    if (!FLAG_NAMES.includes(flag)) invalid(String(flag), `is not a flag (in ${source}.forbid)`, `${source}.forbid`);
  }
  for (const [cap, limit] of Object.entries(settings.caps ?? {})) {
    if (!CAP_NAMES.includes(cap as CapName)) invalid(cap, `is not a cap; use one of ${CAP_NAMES.join(', ')}`, `${source}.caps`);
    if (!Number.isSafeInteger(limit) || (limit as number) < 0) invalid(cap, 'must be a whole number of at least 0', `${source}.caps.${cap}`);
  }
  return settings;
}

/** Refuses key settings that allow more than `inherited`: a higher cap, a default above a cap, or a forbidden flag. */
function checkNarrows(settings: FlagSettings, inherited: FlagPolicy, keyId: string): void {
  const widens = (reason: string) => flagErrors.create('BSK_FLAGS_WIDENS_PARENT', { keyId, reason, param: 'flags' });
  for (const [cap, limit] of Object.entries(settings.caps ?? {}) as [CapName, number][]) {
    const above = inherited.caps[cap];
    if (above !== undefined && limit > above) throw widens(`cap ${cap} may be at most ${above}`);
  }
  const defaults = settings.defaults ?? {};
  for (const flag of inherited.forbid) {
    if (defaults[flag] !== undefined && defaults[flag] !== false) throw widens(`flag ${flag} is forbidden above this key`);
  }
  for (const [cap, limit] of Object.entries(inherited.caps) as [CapName, number][]) {
    const value = readCapped(defaults, cap);
    if (value !== undefined && value > limit) throw widens(`default ${cap} is ${value}, above the inherited cap of ${limit}`);
  }
}

export interface FlagSettingsDeps {
  readonly store: Store;
  readonly bus: ClusterBus;
  /** Applies to every org, under each org's own settings. */
  readonly gateway: FlagSettings;
  /** Settings from config, used for an org or key that has none stored. */
  readonly configured: { readonly orgs: Record<string, FlagSettings>; readonly keys: Record<string, FeatureFlags> };
  readonly now?: () => number;
}

/**
 * Settings per subject (`org:<id>`, `key:<id>`) in the store, so they survive a restart and
 * every instance reads the same. A request resolves its org and its whole key chain, served
 * from memory for a while; a change is broadcast on the cluster bus and drops every
 * instance's cache.
 */
export function createFlagSettings(deps: FlagSettingsDeps): FlagSettingsService & { dispose(): void } {
  const now = deps.now ?? Date.now;
  const gateway = checkSettings(deps.gateway, 'gateway');
  const configured = new Map<string, FlagSettings>([
    ...Object.entries(deps.configured.orgs).map(([orgId, settings]) => [`org:${orgId}`, checkSettings(settings, `orgs.${orgId}`)] as const),
    ...Object.entries(deps.configured.keys).map(([keyId, defaults]) => [`key:${keyId}`, { defaults: checkFlags(defaults, `keys.${keyId}`) }] as const),
  ]);
  const cache = new Map<string, { value: Promise<EffectiveFlagSettings>; until: number }>();
  const unsubscribe = deps.bus.subscribe(CHANNEL, () => cache.clear());
  const stopReconnect = deps.bus.onReconnect(() => cache.clear());

  async function read(subjects: readonly string[]): Promise<FlagSettings[]> {
    const stored = new Map((await deps.store.listFlagSettings(subjects)).map((row) => [row.subject, checkSettings(row.settings as FlagSettings, row.subject)]));
    return subjects.map((subject) => stored.get(subject) ?? configured.get(subject) ?? {});
  }

  /** The key's chain, root first. */
  async function chainOf(keyId: string): Promise<{ orgId: string; ids: string[] }> {
    const chain = await deps.store.listKeyChain(keyId);
    if (!chain.length) throw flagErrors.create('BSK_FLAGS_SUBJECT_NOT_FOUND', { kind: 'key', id: keyId });
    return { orgId: chain[0]!.orgId, ids: chain.map((row) => row.id).reverse() };
  }

  async function resolve(key: { keyId: string; orgId: string }): Promise<EffectiveFlagSettings> {
    const { ids } = await chainOf(key.keyId);
    const [org, ...keys] = await read([`org:${key.orgId}`, ...ids.map((id) => `key:${id}`)]);
    return {
      orgDefaults: { ...gateway.defaults, ...org!.defaults },
      keyDefaults: Object.assign({}, ...keys.map((settings) => settings.defaults ?? {})) as FeatureFlags,
      policy: combinePolicies(gateway, org!, ...keys),
    };
  }

  async function store(subject: string, settings: FlagSettings): Promise<FlagSettings> {
    await deps.store.putFlagSettings({ subject, settings: settings as Record<string, unknown>, updatedAt: new Date(now()).toISOString() });
    await deps.bus.publish(CHANNEL, { subject });
    return settings;
  }

  async function requireOrg(orgId: string): Promise<void> {
    if (!(await deps.store.getOrg(orgId))) throw flagErrors.create('BSK_FLAGS_SUBJECT_NOT_FOUND', { kind: 'organisation', id: orgId });
  }

  return {
    async orgSettings(orgId) {
      await requireOrg(orgId);
      return (await read([`org:${orgId}`]))[0]!;
    },
    async keySettings(keyId) {
      await chainOf(keyId);
      return (await read([`key:${keyId}`]))[0]!;
    },
    async setOrgSettings(orgId, settings) {
      checkSettings(settings, 'flags');
      await requireOrg(orgId);
      return store(`org:${orgId}`, settings);
    },
    async setKeySettings(keyId, settings) {
      checkSettings(settings, 'flags');
      const { orgId, ids } = await chainOf(keyId);
      const [org, ...parents] = await read([`org:${orgId}`, ...ids.slice(0, -1).map((id) => `key:${id}`)]);
      checkNarrows(settings, combinePolicies(gateway, org!, ...parents), keyId);
      return store(`key:${keyId}`, settings);
    },
    effectiveFor(key) {
      const cached = cache.get(key.keyId);
      if (cached && cached.until > now()) return cached.value;
      if (cache.size >= CACHE_ENTRIES) cache.clear();
      const value = resolve(key);
      cache.set(key.keyId, { value, until: now() + CACHE_MS });
      // A failed read (store down) is not remembered: the next request asks again.
      value.catch(() => cache.delete(key.keyId));
      return value;
    },
    dispose() {
      unsubscribe();
      stopReconnect();
      cache.clear();
    },
  };
}
