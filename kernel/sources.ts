import { join, resolve } from 'node:path';
import { findNpmPlugins, findPluginFolders } from './discover';
import type { DiscoveredPlugin } from './manifest';
import { findRepoRoot } from './paths';
import type { Profile } from './profile';

export interface PluginSources {
  /** `--plugins-dir` values, in order. */
  readonly pluginDirs: readonly string[];
  /** `pluginDirs` from the config file (already absolute). */
  readonly configDirs: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly dataDir: string;
}

/** Where `plugins install` puts third-party plugins for this profile. */
export function installRoot(dataDir: string): string {
  return join(dataDir, 'plugins');
}

function envPluginDirs(profile: Profile, env: NodeJS.ProcessEnv, cwd: string): string[] {
  return (env[`${profile.envPrefix}_PLUGIN_DIRS`] ?? '').split(':').filter(Boolean).map((folder) => resolve(cwd, folder));
}

/**
 * Every plugin folder the profile can see: built-ins first (so their names win a
 * clash), then extra folders (config, `--plugins-dir`, env), then installed ones.
 */
export function discoverPlugins(profile: Profile, sources: PluginSources): DiscoveredPlugin[] {
  const root = findRepoRoot();
  const extraDirs = [...sources.configDirs, ...sources.pluginDirs.map((folder) => resolve(sources.cwd, folder)), ...envPluginDirs(profile, sources.env, sources.cwd)];
  const install = installRoot(sources.dataDir);
  const keyword = [`${profile.product}-plugin`];
  const found = [
    ...profile.builtinRoots.flatMap((folder) => findPluginFolders(join(root, folder), 'builtin')),
    ...extraDirs.flatMap((folder) => findPluginFolders(folder, 'folder', { reportMissing: true })),
    ...findPluginFolders(join(install, 'folders'), 'folder'),
    ...findNpmPlugins(join(install, 'node_modules')),
    ...findNpmPlugins(join(sources.cwd, 'node_modules'), { requireKeyword: keyword }),
  ];
  const seen = new Set<string>();
  return found.filter((plugin) => !seen.has(plugin.folder) && seen.add(plugin.folder));
}
