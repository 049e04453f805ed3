import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerName, Layers } from '../layers/layers';
import type { InstallRecord } from './skill-folder-writer';
import { formatProblem } from './skill-manifest';
import { policyDenial } from './skill-policy';
import { INSTALL_RECORD, readSkillFolder } from './skill-source';
import { validateSkillSource, type ValidSkill } from './validate-skill';

/** One skill as `dosia skill list` shows it. */
export interface InstalledSkill {
  readonly name: string;
  readonly layer: LayerName;
  /** Broader layers holding a skill of the same name, hidden by this one. */
  readonly shadows: readonly LayerName[];
  readonly path: string;
  readonly version: string | null;
  readonly description: string | null;
  /** Validation problems (`file:line: message`); empty when the skill is valid. */
  readonly problems: readonly string[];
  /** Why Enterprise policy refuses it, or null. */
  readonly denied: string | null;
  readonly install: InstallRecord | null;
  readonly skill: ValidSkill | null;
}

function readInstallRecord(folder: string): InstallRecord | null {
  const file = join(folder, INSTALL_RECORD);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstallRecord;
  } catch {
    return null;
  }
}

function describeFolder(layers: Layers, entry: { name: string; path: string; layer: LayerName; shadows: readonly LayerName[] }): InstalledSkill {
  const { skill, problems } = validateSkillSource(readSkillFolder(entry.path));
  return {
    name: entry.name, layer: entry.layer, shadows: entry.shadows, path: entry.path,
    version: skill?.version ?? null, description: skill?.manifest.description ?? null,
    problems: problems.map(formatProblem), denied: skill ? policyDenial(layers, skill) : layers.denial('skills', entry.name),
    install: readInstallRecord(entry.path), skill,
  };
}

/** Every skill across the layers, one per name (the narrowest wins), with its layer and what it shadows. */
export function listInstalledSkills(layers: Layers): InstalledSkill[] {
  return layers.list('skills')
    .filter((entry) => entry.type === 'directory' && !entry.name.startsWith('.'))
    .map((entry) => describeFolder(layers, entry));
}

/** The skill named `name` as the layers resolve it, or null. */
export function findInstalledSkill(layers: Layers, name: string): InstalledSkill | null {
  const resolved = layers.resolve(`skills/${name}`);
  if (!resolved) return null;
  return describeFolder(layers, { name, path: resolved.path, layer: resolved.layer, shadows: resolved.shadows });
}

/** Every copy of every skill in every layer, shadowed ones included (what `update` walks). */
export function listSkillCopies(layers: Layers): InstalledSkill[] {
  return layers.roots().flatMap((root) => {
    const folder = root.path === null ? null : join(root.path, 'skills');
    if (folder === null || !existsSync(folder)) return [];
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => describeFolder(layers, { name: entry.name, path: join(folder, entry.name), layer: root.layer, shadows: [] }));
  });
}
