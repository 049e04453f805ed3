import type { Layers } from '../layers/layers';
import { resolveKeyReference } from '../secrets/key-reference';
import type { SecretStore } from '../secrets/secret-store';
import { PROVIDER_TYPES, type ProviderConfig, type ProviderType } from './dosia-provider';

/** Where `secret:` and `env:` key references are looked up. */
export interface KeySources {
  readonly secrets?: SecretStore;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ProviderConfigProblem {
  readonly name: string;
  readonly reason: string;
}

function isProviderType(value: unknown): value is ProviderType {
  return (PROVIDER_TYPES as readonly unknown[]).includes(value);
}

function readUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

/** One `providers.<name>` entry, or why it cannot be used. `type` defaults to `bytespike` only for the entry named `bytespike`. */
function readEntry(layers: Layers, keySources: KeySources, name: string, raw: unknown): ProviderConfig | ProviderConfigProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { name, reason: 'must be an object {type, url, key}' };
  const entry = raw as { type?: unknown; url?: unknown; key?: unknown };
  const type = entry.type ?? (name === 'bytespike' ? 'bytespike' : undefined);
  if (!isProviderType(type)) return { name, reason: `type must be one of ${PROVIDER_TYPES.join(', ')} (got ${JSON.stringify(entry.type ?? null)})` };
  const url = readUrl(entry.url);
  if (!url) return { name, reason: `url must be an http(s) URL (got ${JSON.stringify(entry.url ?? null)})` };
  if (entry.key !== undefined && typeof entry.key !== 'string') return { name, reason: 'key must be a string' };
  const resolved = entry.key ? resolveKeyReference(entry.key, keySources.secrets, keySources.env) : null;
  if (resolved && 'problem' in resolved) return { name, reason: resolved.problem };
  const setting = layers.get(`providers.${name}`);
  return { name, type, url, ...(resolved ? { key: resolved.key } : {}), layer: setting.layer ?? setting.sources[0] ?? null };
}

/**
 * Every provider configured in the merged settings (`providers.<name>` in any layer,
 * narrower layers overriding fields of broader ones), in name order, plus the unusable ones.
 */
export function readProviderConfigs(layers: Layers, keySources: KeySources): { configs: ProviderConfig[]; problems: ProviderConfigProblem[] } {
  const section = layers.settings().providers;
  const configs: ProviderConfig[] = [];
  const problems: ProviderConfigProblem[] = [];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { configs, problems };
  for (const name of Object.keys(section).sort()) {
    const read = readEntry(layers, keySources, name, (section as Record<string, unknown>)[name]);
    if ('type' in read) configs.push(read);
    else problems.push(read);
  }
  return { configs, problems };
}
