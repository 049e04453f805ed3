import type { Layers } from '../layers/layers';
import { PROVIDER_TYPES, type ProviderConfig, type ProviderType } from './dosia-provider';

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
function readEntry(layers: Layers, name: string, raw: unknown): ProviderConfig | ProviderConfigProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { name, reason: 'must be an object {type, url, key}' };
  const entry = raw as { type?: unknown; url?: unknown; key?: unknown };
  const type = entry.type ?? (name === 'bytespike' ? 'bytespike' : undefined);
  if (!isProviderType(type)) return { name, reason: `type must be one of ${PROVIDER_TYPES.join(', ')} (got ${JSON.stringify(entry.type ?? null)})` };
  const url = readUrl(entry.url);
  if (!url) return { name, reason: `url must be an http(s) URL (got ${JSON.stringify(entry.url ?? null)})` };
  if (entry.key !== undefined && typeof entry.key !== 'string') return { name, reason: 'key must be a string' };
  const setting = layers.get(`providers.${name}`);
  return { name, type, url, ...(entry.key ? { key: entry.key } : {}), layer: setting.layer ?? setting.sources[0] ?? null };
}

/**
 * Every provider configured in the merged settings (`providers.<name>` in any layer,
 * narrower layers overriding fields of broader ones), in name order, plus the unusable ones.
 */
export function readProviderConfigs(layers: Layers): { configs: ProviderConfig[]; problems: ProviderConfigProblem[] } {
  const section = layers.settings().providers;
  const configs: ProviderConfig[] = [];
  const problems: ProviderConfigProblem[] = [];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { configs, problems };
  for (const name of Object.keys(section).sort()) {
    const read = readEntry(layers, name, (section as Record<string, unknown>)[name]);
    if ('type' in read) configs.push(read);
    else problems.push(read);
  }
  return { configs, problems };
}
