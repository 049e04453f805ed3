import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DiscoveredPlugin, PluginOrigin } from './manifest';

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git', 'test-output']);
const MANIFEST = 'plugin.json';

/** True for any directory entry, including a link whose target is gone (which `existsSync` hides). */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every folder at or below `root` holding a plugin.json (a plugin's own subfolders are not searched).
 *
 * A missing manifest is reported, not skipped, where we can tell a plugin was meant: a
 * plugin.json that is a dangling link, and, with `reportMissing` (folders the user named
 * as plugin folders), a folder that has a package.json but no plugin.json. Both come back
 * as plugins whose manifest file does not exist, so the plan refuses them by name.
 */
export function findPluginFolders(root: string, origin: PluginOrigin, options: { reportMissing?: boolean } = {}): DiscoveredPlugin[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const manifestFile = join(root, MANIFEST);
  if (entryExists(manifestFile) || (options.reportMissing && existsSync(join(root, 'package.json')))) return [{ folder: root, manifestFile, origin }];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findPluginFolders(join(root, entry.name), origin, options));
}

function packageFolders(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) =>
      entry.name.startsWith('@')
        ? readdirSync(join(nodeModules, entry.name), { withFileTypes: true }).filter((inner) => inner.isDirectory()).map((inner) => join(nodeModules, entry.name, inner.name))
        : [join(nodeModules, entry.name)],
    );
}

function declaresPluginKeyword(folder: string, keywords: readonly string[]): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { keywords?: unknown };
    return Array.isArray(pkg.keywords) && pkg.keywords.some((keyword) => keywords.includes(String(keyword)));
  } catch {
    return false;
  }
}

/**
 * npm packages carrying a plugin.json at their root. In the install root (where
 * `plugins install` puts them) every such package counts; in a project's own
 * node_modules only packages that also say so with a `<product>-plugin` keyword, so an
 * unrelated dependency that happens to ship a plugin.json is never loaded.
 */
export function findNpmPlugins(nodeModules: string, options: { requireKeyword?: readonly string[] } = {}): DiscoveredPlugin[] {
  return packageFolders(resolve(nodeModules))
    .filter((folder) => existsSync(join(folder, MANIFEST)))
    .filter((folder) => !options.requireKeyword || declaresPluginKeyword(folder, options.requireKeyword))
    .map((folder) => ({ folder, manifestFile: join(folder, MANIFEST), origin: 'npm' as const }));
}
