import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DiscoveredPlugin, PluginOrigin } from './manifest';

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git', 'test-output']);
const MANIFEST = 'plugin.json';

/** Every folder at or below `root` holding a plugin.json (a plugin's own subfolders are not searched). */
export function findPluginFolders(root: string, origin: PluginOrigin): DiscoveredPlugin[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const manifestFile = join(root, MANIFEST);
  if (existsSync(manifestFile)) return [{ folder: root, manifestFile, origin }];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findPluginFolders(join(root, entry.name), origin));
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
