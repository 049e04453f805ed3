import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../kernel/paths';

/**
 * Tests that start the built programs use the build `npm test` made before vitest ran
 * (`tsc --noEmit && tsup && vitest run`). They never build themselves: parallel test files
 * rebuilding (tsup cleans `dist/`) would pull files from under each other.
 */
export function requireBuild(...relativePaths: string[]): string {
  const root = findRepoRoot();
  const missing = relativePaths.filter((path) => !existsSync(join(root, 'dist', path)));
  if (missing.length) throw new Error(`dist/${missing.join(', dist/')} missing: run \`npm run build\` (npm test builds first)`);
  return root;
}
