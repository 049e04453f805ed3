import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { skillErrors } from './errors';
import { unsafePathReason } from './skill-archive';
import type { ValidSkill } from './validate-skill';

/** The folders a skill loads from on demand; everything else stays out of the model's reach. */
export const RESOURCE_FOLDERS = ['scripts', 'references', 'assets'] as const;

/** The skill's resource files (relative paths), listed in its system prompt so the model knows what it may load. */
export function listSkillResources(skill: ValidSkill): string[] {
  return [...skill.source.files.keys()].filter((path) => RESOURCE_FOLDERS.some((folder) => path.startsWith(`${folder}/`))).sort();
}

/**
 * Reads one resource from the skill's folder when the model asks for it (not before), refusing
 * paths outside scripts/, references/ and assets/, and links that lead out of the folder.
 */
export function loadSkillResource(skill: ValidSkill, folder: string, path: string): string {
  const refuse = (reason: string) => skillErrors.create('BSK_SKILL_RESOURCE_REFUSED', { skill: skill.manifest.name, path, reason });
  const unsafe = unsafePathReason(path);
  if (unsafe) throw refuse(`it is ${unsafe}`);
  if (!RESOURCE_FOLDERS.some((resourceFolder) => path.startsWith(`${resourceFolder}/`))) throw refuse(`only ${RESOURCE_FOLDERS.join('/, ')}/ load on demand`);
  const file = join(folder, ...path.split('/'));
  if (!existsSync(file)) throw refuse('no such file');
  const real = relative(realpathSync(folder), realpathSync(file));
  if (real.startsWith(`..${sep}`)) throw refuse('it leads out of the skill folder');
  return readFileSync(file, 'utf8');
}
