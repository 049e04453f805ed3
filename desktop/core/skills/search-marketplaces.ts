import { isBskError } from '../../../kernel/errors';
import { fetchMarketplaceIndex, type FetchFunction } from './marketplace-client';
import type { MarketplaceSource } from './marketplace-sources';

export interface SearchHit {
  readonly marketplace: string;
  readonly name: string;
  /** The newest version. */
  readonly version: string;
  readonly versions: readonly string[];
  readonly description: string;
  readonly tags: readonly string[];
  readonly author?: string;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Marketplaces that could not be read, and why: one unreachable marketplace does not hide the others. */
  readonly failures: readonly { readonly marketplace: string; readonly reason: string }[];
}

function matches(hit: SearchHit, query: string): boolean {
  const needle = query.toLowerCase();
  return [hit.name, hit.description, ...hit.tags].some((text) => text.toLowerCase().includes(needle));
}

/** Searches every marketplace by name, description and tags (gateways filter too; folders only here). */
export async function searchMarketplaces(sources: readonly MarketplaceSource[], query: string, fetchFunction: FetchFunction = fetch): Promise<SearchResult> {
  const hits: SearchHit[] = [];
  const failures: { marketplace: string; reason: string }[] = [];
  for (const source of sources) {
    try {
      const index = await fetchMarketplaceIndex(source, fetchFunction, query || undefined);
      hits.push(...index.skills.map((skill) => ({
        marketplace: source.name, name: skill.name, version: skill.versions[0]!.version, versions: skill.versions.map((entry) => entry.version),
        description: skill.description, tags: skill.tags ?? [], ...(skill.author ? { author: skill.author } : {}),
      })));
    } catch (error) {
      if (!isBskError(error)) throw error;
      failures.push({ marketplace: source.name, reason: error.message });
    }
  }
  return { hits: hits.filter((hit) => !query || matches(hit, query)), failures };
}
