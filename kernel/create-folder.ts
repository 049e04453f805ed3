import { accessSync, constants, mkdirSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The folder's stats, or undefined when it (or a parent, being a file) is not there. */
function statIfPresent(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function createLevel(level: string): void {
  try {
    mkdirSync(level);
  } catch (error) {
    // Another process creating the same folder at the same moment is no failure.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(level).isDirectory()) return;
    throw new Error(`cannot create ${level}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Creates `folder` and its missing parents, after checking that the nearest one present is a
 * folder this process may write; the error names which. Not `mkdirSync(recursive)`: where
 * mkdir answers ENOENT under a parent that exists (/proc), Node's recursive mkdir retries
 * forever and the boot hangs. One level at a time, that answer is an error at once.
 */
export function createFolder(folder: string): void {
  const missing: string[] = [];
  let nearest = resolve(folder);
  let stats = statIfPresent(nearest);
  while (!stats) {
    missing.unshift(nearest);
    nearest = dirname(nearest);
    stats = statIfPresent(nearest);
  }
  if (!stats.isDirectory()) throw new Error(`${nearest} is a file, not a folder`);
  try {
    accessSync(nearest, constants.W_OK);
  } catch (error) {
    throw new Error(`${nearest} is not writable: ${(error as Error).message}`, { cause: error });
  }
  for (const level of missing) createLevel(level);
}
