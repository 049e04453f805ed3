import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareDosiaProfile, createWorkspace, type Workspace, writePlugin } from './__fixtures__/fixture-plugins';
import { findPluginFolders } from './discover';
import { installRoot } from './sources';

let workspace: Workspace;
beforeEach(() => {
  workspace = createWorkspace();
});
afterEach(() => workspace.remove());

interface Listed {
  readonly plugins: { name: string; origin: string; folder: string }[];
  readonly refused: { name: string; code: string }[];
}

/** `plugins list --json` without the workspace's own --plugins-dir, so each test names its sources. */
async function list(argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}, profile = bareDosiaProfile): Promise<Listed> {
  const result = await workspace.run(['plugins', 'list', '--json', ...argv], { env, profile, pluginsDir: false });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Listed;
}

const names = (listed: Listed) => listed.plugins.map((plugin) => `${plugin.name}:${plugin.origin}`);

/** Writes an npm package folder: package.json (with optional keywords) plus a plugin. */
function writePackage(nodeModules: string, packageName: string, keywords: string[] = []): string {
  const folder = join(nodeModules, ...packageName.split('/'));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: packageName, version: '1.0.0', type: 'module', keywords }));
  writePlugin(join(folder, '..'), { name: packageName.replace(/^@[^/]+\//, '') }, packageName.split('/').pop());
  return folder;
}

describe('plugin discovery', () => {
  it('reads every --plugins-dir, in the order given, searching nested folders', async () => {
    const first = join(workspace.root, 'first');
    const second = join(workspace.root, 'second');
    writePlugin(join(first, 'group'), { name: 'nested' });
    writePlugin(second, { name: 'other' });
    const listed = await list(['--plugins-dir', first, `--plugins-dir=${second}`]);
    expect(names(listed)).toEqual(['nested:folder', 'other:folder']);
    expect(listed.plugins[0]!.folder).toBe(join(first, 'group', 'nested'));
  });

  it('reads BYTESPIKE_PLUGIN_DIRS for the gateway and DOSIA_PLUGIN_DIRS for DOSIA, colon-separated and relative to the working folder', async () => {
    writePlugin(join(workspace.root, 'one'), { name: 'from-one' });
    writePlugin(join(workspace.root, 'two'), { name: 'from-two' });
    writePlugin(join(workspace.root, 'three'), { name: 'from-three' });
    const env = { BYTESPIKE_PLUGIN_DIRS: `one:${join(workspace.root, 'two')}`, DOSIA_PLUGIN_DIRS: 'three' };
    expect(names(await list([], env))).toEqual(['from-three:folder']);
    const gateway = await workspace.run(['plugins', 'list', '--json'], { env, pluginsDir: false });
    expect(names(JSON.parse(gateway.stdout) as Listed)).toEqual(['from-one:folder', 'from-two:folder']);
  });

  it('reads pluginDirs from the config file, relative to that file', async () => {
    mkdirSync(join(workspace.root, 'etc'));
    writePlugin(join(workspace.root, 'etc', 'extra'), { name: 'configured' });
    writeFileSync(join(workspace.root, 'etc', 'dosia.yaml'), 'pluginDirs:\n  - extra\n');
    expect(names(await list(['--config', 'etc/dosia.yaml']))).toEqual(['configured:folder']);
  });

  it('reads npm packages carrying a plugin.json from the install root, scoped or not', async () => {
    const nodeModules = join(installRoot(workspace.dataDir), 'node_modules');
    writePackage(nodeModules, '@acme/bsk-weather');
    writePackage(nodeModules, 'bsk-clock');
    mkdirSync(join(nodeModules, 'left-pad'));
    writeFileSync(join(nodeModules, 'left-pad', 'package.json'), '{"name":"left-pad"}');
    const listed = await list();
    expect(names(listed)).toEqual(['bsk-weather:npm', 'bsk-clock:npm']);
    expect(listed.refused).toEqual([]);
  });

  it('reads the project’s own node_modules only for packages that say they are plugins of this product', async () => {
    const nodeModules = join(workspace.root, 'node_modules');
    writePackage(nodeModules, 'dosia-notes', ['dosia-plugin']);
    writePackage(nodeModules, 'gateway-only', ['bytespike-plugin']);
    writePackage(nodeModules, 'ships-a-plugin-json-by-accident');
    expect(names(await list())).toEqual(['dosia-notes:npm']);
  });

  it('loads the npm plugin it found, not just lists it', async () => {
    writePackage(join(installRoot(workspace.dataDir), 'node_modules'), 'bsk-clock');
    workspace.add({ name: 'probe', command: 'probe' });
    const result = await workspace.run(['probe']);
    // Extra folders come before installed plugins in discovery, and nothing orders these two otherwise.
    expect(result).toEqual({ code: 0, stdout: 'probe,bsk-clock\n', stderr: '' });
    expect(workspace.journalLines()).toEqual(['activate probe', 'activate bsk-clock', 'dispose bsk-clock', 'dispose probe']);
  });

  it('sees the same folder once even when two sources name it', async () => {
    writePlugin(workspace.pluginsDir, { name: 'once' });
    expect(names(await list(['--plugins-dir', workspace.pluginsDir], { DOSIA_PLUGIN_DIRS: workspace.pluginsDir }))).toEqual(['once:folder']);
  });
});

describe('findPluginFolders', () => {
  it('does not look inside a plugin, nor in node_modules, dist or hidden folders', () => {
    const root = join(workspace.root, 'tree');
    const outer = writePlugin(root, { name: 'outer' });
    writePlugin(outer, { name: 'inner' });
    for (const skipped of ['node_modules', 'dist', '.cache']) writePlugin(join(root, skipped), { name: `in-${skipped.replace('.', '')}` });
    expect(findPluginFolders(root, 'folder').map((plugin) => plugin.folder)).toEqual([outer]);
  });

  it('reports a package folder without plugin.json only where the user named a plugins folder', () => {
    const root = join(workspace.root, 'tree');
    mkdirSync(join(root, 'pkg'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'package.json'), '{}');
    expect(findPluginFolders(root, 'builtin')).toEqual([]);
    expect(findPluginFolders(root, 'folder', { reportMissing: true })).toEqual([{ folder: join(root, 'pkg'), manifestFile: join(root, 'pkg', 'plugin.json'), origin: 'folder' }]);
  });

  it('returns nothing for a folder that does not exist', () => {
    expect(findPluginFolders(join(workspace.root, 'absent'), 'folder', { reportMissing: true })).toEqual([]);
  });
});
