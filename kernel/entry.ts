import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kernelErrors } from './kernel-errors';
import type { LoadedManifest } from './manifest';
import { findRepoRoot, RUNNING_FROM_SOURCE } from './paths';
import type { PluginModule } from './plugin';

/**
 * Where a plugin's code is. Built-in plugins declare their TypeScript source as entry;
 * from the built CLI that maps to tsup's output in `dist/` at the same relative path.
 */
export function resolveEntryFile(plugin: LoadedManifest): string {
  const source = resolve(plugin.folder, plugin.manifest.entry);
  if (!source.endsWith('.ts') || RUNNING_FROM_SOURCE) return source;
  const root = findRepoRoot();
  const built = join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js');
  if (plugin.origin === 'builtin' && existsSync(built)) return built;
  throw kernelErrors.create('BSK_PLUGIN_ENTRY_MISSING', {
    plugin: plugin.manifest.name,
    file: plugin.manifestFile,
    entry: plugin.manifest.entry,
    reason: plugin.origin === 'builtin' ? 'the build output is missing; run `npm run build`' : 'a TypeScript entry must be compiled to .js before it can be installed',
  });
}

export async function importPluginModule(plugin: LoadedManifest): Promise<PluginModule> {
  const file = resolveEntryFile(plugin);
  let loaded: Partial<PluginModule>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Partial<PluginModule>;
  } catch (error) {
    throw kernelErrors.create('BSK_PLUGIN_ENTRY_MISSING', { plugin: plugin.manifest.name, file: plugin.manifestFile, entry: plugin.manifest.entry, reason: (error as Error).message }, { cause: error });
  }
  if (typeof loaded.activate !== 'function') {
    throw kernelErrors.create('BSK_PLUGIN_ENTRY_MISSING', { plugin: plugin.manifest.name, file: plugin.manifestFile, entry: plugin.manifest.entry, reason: 'it does not export an activate(ctx) function' });
  }
  return loaded as PluginModule;
}
