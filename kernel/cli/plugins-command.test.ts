import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace, writePlugin } from '../__fixtures__/fixture-plugins';
import { installRoot } from '../sources';
import { formatTable } from './plugins-command';

let workspace: Workspace;
let sources: string;
beforeEach(() => {
  workspace = createWorkspace();
  workspace.add({ name: 'probe', command: 'probe' });
  sources = join(workspace.root, 'downloads');
});
afterEach(() => workspace.remove());

const installedFolders = () => {
  const folders = join(installRoot(workspace.dataDir), 'folders');
  return existsSync(folders) ? readdirSync(folders) : [];
};

describe('plugins install <folder>', () => {
  it('copies the folder into the data folder, after which the plugin loads from there', async () => {
    const source = writePlugin(sources, { name: 'weather', kind: 'tool', version: '0.3.0', provides: ['forecast'] });
    const installed = join(installRoot(workspace.dataDir), 'folders', 'weather');
    const result = await workspace.run(['plugins', 'install', source]);
    expect(result).toEqual({ code: 0, stdout: `installed weather@0.3.0 (tool) into ${installed}\n`, stderr: '' });
    expect(readdirSync(installed).sort()).toEqual(['index.mjs', 'plugin.json']);

    const list = await workspace.run(['plugins', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^weather +tool +0\\.3\\.0 +folder +${installed} +ok$`, 'm'));
    const boot = await workspace.run(['probe']);
    expect(boot).toEqual({ code: 0, stdout: 'probe,weather\n', stderr: '' });
    expect(workspace.journalLines()).toContain('activate weather');
  });

  it('takes a path relative to the working folder, and installs a scoped name under a safe folder name', async () => {
    writePlugin(sources, { name: '@acme/radar' }, 'radar');
    const result = await workspace.run(['plugins', 'install', 'downloads/radar']);
    expect(result.code).toBe(0);
    expect(installedFolders()).toEqual(['_acme_radar']);
  });

  it('replaces an earlier install of the same plugin', async () => {
    const source = writePlugin(sources, { name: 'weather', version: '1.0.0' });
    await workspace.run(['plugins', 'install', source]);
    writePlugin(sources, { name: 'weather', version: '1.1.0' });
    const result = await workspace.run(['plugins', 'install', source]);
    expect(result.stdout).toContain('installed weather@1.1.0');
    expect(installedFolders()).toEqual(['weather']);
  });

  it('does not copy the plugin’s node_modules', async () => {
    const source = writePlugin(sources, { name: 'weather' });
    writePlugin(join(source, 'node_modules'), { name: 'dependency' });
    await workspace.run(['plugins', 'install', source]);
    expect(readdirSync(join(installRoot(workspace.dataDir), 'folders', 'weather', 'node_modules'))).toEqual([]);
  });
});

describe('plugins install into a data folder no folder can be made in', () => {
  const refusedInto = async (dataDir: string) => {
    const source = writePlugin(sources, { name: 'weather' });
    const result = await workspace.run(['--data', dataDir, 'plugins', 'install', source]);
    expect(result, result.stderr).toMatchObject({ code: 2 });
    return result.stderr.replace(`error: cannot install ${source}: `, '');
  };

  it('names the file standing where a folder should be', async () => {
    writeFileSync(join(workspace.root, 'a-file'), '');
    expect(await refusedInto(join(workspace.root, 'a-file', 'data'))).toBe(`${join(workspace.root, 'a-file')} is a file, not a folder; the data folder (BYTESPIKE_DATA_DIR or --data) must be a folder this user can write [BSK_PLUGIN_INSTALL_FAILED]\n`);
  });

  it.skipIf(process.platform !== 'linux')('names the level a filesystem refuses (/sys)', async () => {
    expect(await refusedInto('/sys/bytespike-test')).toMatch(/^cannot create \/sys\/bytespike-test: E\w+: .*; the data folder \(BYTESPIKE_DATA_DIR or --data\) must be a folder this user can write \[BSK_PLUGIN_INSTALL_FAILED\]\n$/);
  });
});

describe('plugins install refuses a bad plugin and leaves nothing behind', () => {
  async function expectRefused(source: string, reason: RegExp): Promise<void> {
    const result = await workspace.run(['plugins', 'install', source]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: cannot install ${source}: ${reason.source} \\[BSK_PLUGIN_INSTALL_FAILED\\]\\n$`));
    expect(installedFolders()).toEqual([]);
    expect((await workspace.run(['plugins', 'list'])).code).toBe(0);
  }

  it('a manifest with an unknown kind, with the same reason a boot would give', async () => {
    const source = writePlugin(sources, { name: 'gadget', kind: 'gizmo' });
    const installedManifest = join(installRoot(workspace.dataDir), 'folders', 'gadget', 'plugin.json');
    await expectRefused(source, new RegExp(`plugin gadget: ${installedManifest}: field kind: must be one of .*`));
  });

  it('a manifest that is not JSON, named after its folder', async () => {
    mkdirSync(join(sources, 'garbled'), { recursive: true });
    writeFileSync(join(sources, 'garbled', 'plugin.json'), '{ nope');
    await expectRefused(join(sources, 'garbled'), /plugin garbled: .*garbled\/plugin\.json: field \(root\): not valid JSON .*/);
  });

  it('a manifest whose name would escape the install folder, without touching other installs', async () => {
    await workspace.run(['plugins', 'install', writePlugin(sources, { name: 'weather' })]);
    mkdirSync(join(sources, 'escape'), { recursive: true });
    writeFileSync(join(sources, 'escape', 'plugin.json'), JSON.stringify({ name: '..' }));
    const result = await workspace.run(['plugins', 'install', join(sources, 'escape')]);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: cannot install .*: plugin \.\.: .*folders\/__\/plugin\.json: field \w+: .*\[BSK_PLUGIN_INSTALL_FAILED\]\n$/) });
    expect(installedFolders()).toEqual(['weather']);
    expect(readdirSync(join(installRoot(workspace.dataDir), 'folders', 'weather'))).toContain('plugin.json');
  });

  it('a plugin needing a capability nothing provides', async () => {
    const source = writePlugin(sources, { name: 'needy', requires: ['billing'] });
    await expectRefused(source, /plugin needy: .*: field requires: nothing provides "billing"/);
  });

  it('a plugin whose name is already taken', async () => {
    const source = writePlugin(sources, { name: 'probe' });
    await expectRefused(source, /plugin probe: .*: field name: already loaded from .*/);
  });

  it('a folder without plugin.json', async () => {
    mkdirSync(join(sources, 'empty'), { recursive: true });
    await expectRefused(join(sources, 'empty'), /the folder has no plugin.json/);
  });

  it('when the config file is broken, undoing the copy', async () => {
    const source = writePlugin(sources, { name: 'weather' });
    writeFileSync(join(workspace.root, 'bytespike.config.json'), '{"plugins": 1}');
    const result = await workspace.run(['plugins', 'install', source]);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/\[BSK_CONFIG_INVALID\]\n$/) });
    expect(installedFolders()).toEqual([]);
  });
});

describe('plugins usage', () => {
  it('install without a source, or an unknown subcommand, prints usage and exits 2', async () => {
    for (const argv of [['plugins', 'install'], ['plugins', 'remove', 'x'], ['plugins']]) {
      const result = await workspace.run(argv);
      expect(result).toEqual({ code: 2, stdout: '', stderr: 'usage: bytespike plugins list [--json] | bytespike plugins install <folder|npm-name>\n' });
    }
  });

  it('formats a table with every column but the last padded', () => {
    expect(formatTable([['A', 'BB', 'C'], ['aaa', 'b', 'the end']])).toBe('A    BB  C\naaa  b   the end\n');
  });
});
