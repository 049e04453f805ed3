import semver from 'semver';
import type { LayerName } from '../layers/layers';
import { isBskError } from '../../../kernel/errors';
import { listSkillCopies } from './installed-skills';
import { findMarketplace } from './marketplace-sources';
import { findCandidate, installCandidate, type InstallerDependencies } from './skill-installer';

export interface UpdateOutcome {
  readonly name: string;
  readonly layer: LayerName;
  readonly from: string | null;
  readonly to: string | null;
  readonly status: 'updated' | 'current' | 'pinned' | 'local' | 'failed';
  readonly reason?: string;
}

/**
 * Moves each installed copy of each skill (or only `name`), in every layer, to the newest
 * version its marketplace offers.
 * Pinned installs (`install name@version`) stay; skills not installed from a marketplace and
 * skills in the read-only Enterprise layer are left alone.
 */
export async function updateSkills(dependencies: InstallerDependencies, name?: string): Promise<UpdateOutcome[]> {
  const installed = listSkillCopies(dependencies.layers).filter((skill) => (name === undefined || skill.name === name) && skill.layer !== 'enterprise');
  const outcomes: UpdateOutcome[] = [];
  for (const skill of installed) {
    const base = { name: skill.name, layer: skill.layer, from: skill.version };
    if (!skill.install) outcomes.push({ ...base, to: null, status: 'local' });
    else if (skill.install.pinned) outcomes.push({ ...base, to: null, status: 'pinned' });
    else outcomes.push(await updateOne(dependencies, skill.name, skill.layer, skill.install.marketplace, base));
  }
  return outcomes;
}

async function updateOne(dependencies: InstallerDependencies, name: string, layer: LayerName, marketplace: string, base: Pick<UpdateOutcome, 'name' | 'layer' | 'from'>): Promise<UpdateOutcome> {
  try {
    const source = findMarketplace(dependencies.marketplaces(), marketplace);
    const candidate = await findCandidate([source], { name, range: null }, dependencies.fetch ?? fetch);
    if (base.from && !semver.gt(candidate.version.version, base.from)) return { ...base, to: base.from, status: 'current' };
    const result = await installCandidate(dependencies, candidate, layer, false);
    return { ...base, to: result.version, status: 'updated' };
  } catch (error) {
    if (!isBskError(error)) throw error;
    return { ...base, to: null, status: 'failed', reason: error.message };
  }
}
