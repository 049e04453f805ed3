import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { INSTALL_RECORD } from './skill-source';

/** Where a skill came from, kept beside it so `update` knows where to look and what is pinned. */
export interface InstallRecord {
  readonly marketplace: string;
  readonly version: string | null;
  readonly sha256: string;
  /** Installed as `name@version`: `update` leaves it alone. */
  readonly pinned: boolean;
  readonly installedAt: string;
}

function sibling(target: string, purpose: string): string {
  return join(dirname(target), `.${purpose}-${basename(target)}-${randomBytes(4).toString('hex')}`);
}

/**
 * Replaces `target` with `files` all at once: everything is written into a hidden sibling
 * folder first, then renamed into place; the previous folder is restored if anything fails,
 * so a skill is never half-installed.
 */
export function replaceSkillFolder(target: string, files: ReadonlyMap<string, Buffer>, record: InstallRecord): void {
  const staging = sibling(target, 'staging');
  let previous: string | null = null;
  try {
    for (const [path, contents] of files) {
      const file = join(staging, ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents, { mode: path.startsWith('scripts/') ? 0o755 : 0o644 });
    }
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    if (existsSync(target)) {
      previous = sibling(target, 'previous');
      renameSync(target, previous);
    }
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (previous && !existsSync(target)) renameSync(previous, target);
    throw error;
  }
  if (previous) rmSync(previous, { recursive: true, force: true });
}

/** Removes a skill folder by renaming it away first, so no reader sees it half-deleted. */
export function removeSkillFolder(target: string): void {
  const doomed = sibling(target, 'removing');
  renameSync(target, doomed);
  rmSync(doomed, { recursive: true, force: true });
}
