import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'bytespike';

/**
 * The repository root, found by walking up from this module to our package.json. Works
 * both from source (`kernel/paths.ts`) and from the tsup bundle (`dist/chunk-*.js`).
 */
export function findRepoRoot(from: string = fileURLToPath(import.meta.url)): string {
  let folder = dirname(from);
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${from}`);
    folder = parent;
  }
}

/** True when the kernel runs from TypeScript source (tests, dev), false from the built bundle. */
export const RUNNING_FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');
