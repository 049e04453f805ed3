import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { skillErrors } from './errors';
import { createSkillArchive, sha256Hex } from './skill-archive';
import { formatProblem } from './skill-manifest';
import { readSkillFolder } from './skill-source';
import { validateSkillSource, type ValidSkill } from './validate-skill';

export interface PackedSkill {
  readonly skill: ValidSkill;
  readonly archive: Buffer;
  readonly sha256: string;
  /** `<name>-<version>.tar.gz` (`<name>.tar.gz` for a plain Agent Skill). */
  readonly fileName: string;
}

/** Reads and validates a skill folder; every problem with its file:line in the error. */
export function loadValidSkill(folder: string): ValidSkill {
  const source = readSkillFolder(folder);
  const { skill, problems } = validateSkillSource(source);
  if (!skill) throw skillErrors.create('BSK_SKILL_INVALID', { skill: source.folderName, problems: problems.map(formatProblem).join('\n') });
  return skill;
}

/** A reproducible archive of a valid skill folder, and its sha256. */
export function packSkill(folder: string): PackedSkill {
  const skill = loadValidSkill(folder);
  const archive = createSkillArchive(skill.source);
  const fileName = `${skill.manifest.name}${skill.version ? `-${skill.version}` : ''}.tar.gz`;
  return { skill, archive, sha256: sha256Hex(archive), fileName };
}

export function writePackedSkill(packed: PackedSkill, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, packed.fileName);
  writeFileSync(file, packed.archive);
  return file;
}
