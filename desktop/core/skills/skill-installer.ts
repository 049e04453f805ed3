import semver from 'semver';
import type { LayerName, Layers } from '../layers/layers';
import { skillErrors } from './errors';
import { fetchMarketplaceIndex, fetchSkillArchive, type FetchFunction, type IndexSkill, type IndexVersion } from './marketplace-client';
import { findMarketplace, type MarketplaceSource } from './marketplace-sources';
import { readSkillArchive, sha256Hex } from './skill-archive';
import { type InstallRecord, removeSkillFolder, replaceSkillFolder } from './skill-folder-writer';
import { formatProblem, type GatewayFlags, type SkillPermissions } from './skill-manifest';
import { assertPermitted } from './skill-policy';
import { validateSkillSource } from './validate-skill';

export interface InstallerDependencies {
  readonly layers: Layers;
  readonly marketplaces: () => readonly MarketplaceSource[];
  readonly fetch?: FetchFunction;
  readonly now?: () => Date;
}

/** `name`, `name@1.2.0` or `name@^1.2`. */
export interface SkillSpec {
  readonly name: string;
  readonly range: string | null;
}

export function parseSkillSpec(text: string): SkillSpec {
  const [name, range] = text.split('@', 2) as [string, string | undefined];
  if (range !== undefined && !semver.validRange(range)) throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: text, where: `(bad version "${range}")` });
  return { name, range: range ?? null };
}

/** What an install did, and what the skill asks for (shown to the person installing it). */
export interface InstallResult {
  readonly name: string;
  readonly version: string | null;
  readonly layer: LayerName;
  readonly path: string;
  readonly marketplace: string;
  readonly sha256: string;
  readonly permissions: SkillPermissions;
  readonly tools: readonly string[];
  readonly gateway: GatewayFlags;
}

export interface Candidate {
  readonly source: MarketplaceSource;
  readonly skill: IndexSkill;
  readonly version: IndexVersion;
}

/** The newest version satisfying the range, from the named marketplace or the first one that has the skill. */
export async function findCandidate(sources: readonly MarketplaceSource[], spec: SkillSpec, fetchFunction: FetchFunction): Promise<Candidate> {
  for (const source of sources) {
    const skill = (await fetchMarketplaceIndex(source, fetchFunction)).skills.find((entry) => entry.name === spec.name);
    if (!skill) continue;
    const best = semver.maxSatisfying(skill.versions.map((entry) => entry.version), spec.range ?? '*');
    const version = skill.versions.find((entry) => entry.version === best);
    if (version) return { source, skill, version };
  }
  const where = `${spec.range ? `at ${spec.range} ` : ''}in ${sources.map((source) => source.name).join(', ') || 'any marketplace (none configured)'}`;
  throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: spec.name, where });
}

/** Download, digest, schema, policy — all before the first byte lands in the layer. */
export async function installCandidate(dependencies: InstallerDependencies, candidate: Candidate, layer: LayerName, pinned: boolean): Promise<InstallResult> {
  const { name } = candidate.skill;
  const archive = await fetchSkillArchive(candidate.source, candidate.version, dependencies.fetch ?? fetch);
  const actual = sha256Hex(archive);
  if (actual !== candidate.version.sha256) throw skillErrors.create('BSK_SKILL_DIGEST_MISMATCH', { skill: name, version: candidate.version.version, actual, expected: candidate.version.sha256 });
  const { skill, problems } = validateSkillSource(readSkillArchive(archive, name, `${candidate.source.name}:${name}@${candidate.version.version}`));
  if (!skill) throw skillErrors.create('BSK_SKILL_INVALID', { skill: name, problems: problems.map(formatProblem).join('\n') });
  assertPermitted(dependencies.layers, skill);
  const path = dependencies.layers.writablePath(layer, `skills/${name}`);
  const record: InstallRecord = { marketplace: candidate.source.name, version: skill.version, sha256: actual, pinned, installedAt: (dependencies.now ?? (() => new Date()))().toISOString() };
  replaceSkillFolder(path, skill.source.files, record);
  const dosia = skill.manifest.dosia;
  return { name, version: skill.version, layer, path, marketplace: candidate.source.name, sha256: actual, permissions: dosia?.permissions ?? {}, tools: dosia?.tools ?? [], gateway: dosia?.gateway ?? {} };
}

export async function installSkill(dependencies: InstallerDependencies, spec: SkillSpec, options: { layer?: LayerName; marketplace?: string } = {}): Promise<InstallResult> {
  const all = dependencies.marketplaces();
  const sources = options.marketplace ? [findMarketplace(all, options.marketplace)] : all;
  const candidate = await findCandidate(sources, spec, dependencies.fetch ?? fetch);
  return installCandidate(dependencies, candidate, options.layer ?? 'personal', spec.range !== null);
}

/** Removes the skill from `layer`, or from the narrowest layer holding it. Enterprise skills cannot be removed here. */
export function removeSkill(layers: Layers, name: string, layer?: LayerName): { layer: LayerName; path: string } {
  const resolved = layers.resolve(`skills/${name}`);
  const target = layer ?? resolved?.layer;
  if (!resolved || !target || (resolved.layer !== target && !resolved.shadows.includes(target))) {
    throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: name, where: target ? `in the ${target} layer` : 'in any layer' });
  }
  const path = layers.writablePath(target, `skills/${name}`);
  removeSkillFolder(path);
  return { layer: target, path };
}
