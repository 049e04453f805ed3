import { isAbsolute } from 'node:path';
import type { LayerName, Layers } from '../layers/layers';
import type { ProviderConfig } from '../providers/dosia-provider';
import { skillErrors } from './errors';

/** A marketplace DOSIA reads skills from: a gateway's `/v1/skills`, or a folder (or git checkout) holding marketplace.json. */
export interface MarketplaceSource {
  readonly name: string;
  readonly kind: 'gateway' | 'folder';
  /** Base URL (gateway) or absolute folder. */
  readonly location: string;
  /** The ByteSpike key a gateway marketplace is called with (from the provider it came with). */
  readonly key?: string;
  /** The layer whose settings.json lists it. */
  readonly layer: LayerName | null;
  /** True when it comes from a ByteSpike provider rather than `marketplaces.<name>`. */
  readonly fromProvider: boolean;
}

export const MARKETPLACES_KEY = 'marketplaces';

/** What `dosia marketplace add` writes as `marketplaces.<name>`. */
export function marketplaceSetting(location: string): { url: string } | { folder: string } {
  return /^https?:\/\//.test(location) ? { url: location.replace(/\/+$/, '') } : { folder: location };
}

function readEntry(layers: Layers, name: string, raw: unknown): MarketplaceSource | null {
  const entry = (raw ?? {}) as { url?: unknown; folder?: unknown; key?: unknown };
  const layer = layers.get(`${MARKETPLACES_KEY}.${name}`).layer;
  const key = typeof entry.key === 'string' ? { key: entry.key } : {};
  if (typeof entry.url === 'string') return { name, kind: 'gateway', location: entry.url.replace(/\/+$/, ''), ...key, layer, fromProvider: false };
  if (typeof entry.folder === 'string' && isAbsolute(entry.folder)) return { name, kind: 'folder', location: entry.folder, layer, fromProvider: false };
  return null;
}

/**
 * Every marketplace: `marketplaces.<name>` from the merged settings, plus one per ByteSpike
 * provider, whose gateway serves one. An Enterprise lock on `marketplaces` fixes the list:
 * nothing can be added, and providers bring none of their own.
 */
export function listMarketplaces(layers: Layers, providers: readonly ProviderConfig[]): MarketplaceSource[] {
  const section = layers.settings()[MARKETPLACES_KEY];
  const configured = typeof section === 'object' && section !== null && !Array.isArray(section)
    ? Object.entries(section).flatMap(([name, raw]) => readEntry(layers, name, raw) ?? [])
    : [];
  if (layers.get(MARKETPLACES_KEY).locked) return configured.sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(configured.map((source) => source.name));
  const fromProviders = providers
    .filter((provider) => provider.type === 'bytespike' && !names.has(provider.name))
    .map((provider): MarketplaceSource => ({ name: provider.name, kind: 'gateway', location: provider.url, ...(provider.key ? { key: provider.key } : {}), layer: provider.layer, fromProvider: true }));
  return [...configured, ...fromProviders].sort((a, b) => a.name.localeCompare(b.name));
}

export function findMarketplace(sources: readonly MarketplaceSource[], name: string): MarketplaceSource {
  const source = sources.find((candidate) => candidate.name === name);
  if (!source) throw skillErrors.create('BSK_SKILL_MARKETPLACE_UNKNOWN', { marketplace: name });
  return source;
}
