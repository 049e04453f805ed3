import semver from 'semver';
import type { SkillVersionRow } from '../../stores/skill-repository';

/** One skill of the index (schemas/marketplace.schema.json). */
export interface IndexSkill {
  readonly name: string;
  readonly description: string;
  readonly author?: string;
  readonly tags: readonly string[];
  readonly visibility: 'public' | 'org';
  readonly versions: readonly IndexVersion[];
}

export interface IndexVersion {
  readonly version: string;
  readonly description: string;
  readonly archive_url: string;
  readonly sha256: string;
  readonly author?: string;
  readonly published_at: string;
}

export interface MarketplaceIndex {
  readonly name: string;
  readonly owner: string;
  readonly skills: readonly IndexSkill[];
}

export function toIndexVersion(entry: SkillVersionRow, baseUrl: string): IndexVersion {
  return {
    version: entry.version,
    description: entry.description,
    archive_url: `${baseUrl}/v1/skills/${entry.name}/${entry.version}/archive`,
    sha256: entry.sha256,
    ...(entry.author ? { author: entry.author } : {}),
    published_at: entry.publishedAt,
  };
}

function matches(entry: SkillVersionRow, query: string | undefined, tag: string | undefined): boolean {
  if (tag && !entry.tags.includes(tag)) return false;
  if (!query) return true;
  const needle = query.toLowerCase();
  return [entry.name, entry.description, ...entry.tags].some((text) => text.toLowerCase().includes(needle));
}

/** Groups versions by skill, newest version first; the skill's description, author and tags are the newest version's. */
export function buildIndex(meta: { name: string; owner: string }, versions: readonly SkillVersionRow[], baseUrl: string, filter: { q?: string; tag?: string }): MarketplaceIndex {
  const bySkill = new Map<string, SkillVersionRow[]>();
  for (const entry of versions) bySkill.set(entry.name, [...(bySkill.get(entry.name) ?? []), entry]);
  const skills: IndexSkill[] = [];
  for (const [name, entries] of [...bySkill].sort(([a], [b]) => a.localeCompare(b))) {
    const newestFirst = [...entries].sort((a, b) => semver.rcompare(a.version, b.version));
    const latest = newestFirst[0]!;
    if (!matches(latest, filter.q, filter.tag)) continue;
    skills.push({
      name, description: latest.description, ...(latest.author ? { author: latest.author } : {}), tags: latest.tags, visibility: latest.visibility,
      versions: newestFirst.map((entry) => toIndexVersion(entry, baseUrl)),
    });
  }
  return { name: meta.name, owner: meta.owner, skills };
}
