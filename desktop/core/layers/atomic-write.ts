import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Prefix of the temp files `writeFileAtomic` leaves for an instant; the watcher ignores them. */
export const TEMP_FILE_PREFIX = '.dosia-tmp-';

/**
 * Writes through a temp file in the same folder, flushed, then renamed over the target:
 * a reader (or a crash) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(path: string, contents: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `${TEMP_FILE_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`);
  const descriptor = openSync(temp, 'w', mode);
  try {
    writeSync(descriptor, contents);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
