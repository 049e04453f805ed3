import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { skillErrors } from './errors';

/** A skill's files in memory: a folder on disk, or an archive's contents. */
export interface SkillSource {
  /** The folder name the skill lives (or will live) in; its `name` must equal it. */
  readonly folderName: string;
  /** Where it came from, for messages (a folder path or `archive name@version`). */
  readonly origin: string;
  /** Relative POSIX paths -> contents. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/** Files that belong to an installation, not to the skill: never packed, never compared. */
export const INSTALL_RECORD = '.dosia-install.json';
const SKIPPED = new Set(['.git', '.DS_Store', 'node_modules', INSTALL_RECORD]);

function collect(root: string, folder: string, files: Map<string, Buffer>): void {
  for (const entry of readdirSync(folder).sort()) {
    if (SKIPPED.has(entry)) continue;
    const path = join(folder, entry);
    const stats = lstatSync(path);
    const relativePath = relative(root, path).split(sep).join('/');
    if (stats.isSymbolicLink()) throw skillErrors.create('BSK_SKILL_ARCHIVE_REFUSED', { reason: `${relativePath} is a symbolic link; a skill holds regular files only` });
    if (stats.isDirectory()) collect(root, path, files);
    else if (stats.isFile()) files.set(relativePath, readFileSync(path));
  }
}

/** Reads a skill folder into memory (skills are small: instructions, a few scripts and assets). */
export function readSkillFolder(folder: string): SkillSource {
  if (!existsSync(folder) || !lstatSync(folder).isDirectory()) throw skillErrors.create('BSK_SKILL_NOT_FOUND', { skill: basename(folder), where: `at ${folder} (no such folder)` });
  const files = new Map<string, Buffer>();
  collect(folder, folder, files);
  return { folderName: basename(folder), origin: folder, files };
}
