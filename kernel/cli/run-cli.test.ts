import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareDosiaProfile, type CliResult, createWorkspace, type Workspace, writePlugin } from '../__fixtures__/fixture-plugins';
import { dosiaProfile } from '../profiles/dosia';
import { gatewayProfile } from '../profiles/gateway';
import { KERNEL_VERSION } from '../version';

let workspace: Workspace;
beforeEach(() => {
  workspace = createWorkspace();
  // Every boot below has a command to run, contributed by a plugin like any other.
  workspace.add({ name: 'probe', command: 'probe' });
});
afterEach(() => workspace.remove());

interface Expected {
  readonly code: string;
  readonly plugin: string;
  readonly file: string;
  readonly field: string;
}

/** The boot failed with exit 2 and exactly one line naming plugin, file and field; returns that line. */
function expectOneLine(result: CliResult, expected: Expected): string {
  expect(result.code).toBe(2);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line).toMatch(new RegExp(`^error: plugin ${expected.plugin}: `));
  expect(line).toContain(`${expected.file}: `);
  expect(line).toContain(`field ${expected.field}`);
  expect(line).toMatch(new RegExp(`\\[${expected.code}\\]$`));
  return line;
}

/** `plugins list` shows the plugin refused with the same reason as the boot, and exits 2. */
async function expectListedAsRefused(bootLine: string, plugin: string): Promise<void> {
  const list = await workspace.run(['plugins', 'list']);
  expect(list.code).toBe(2);
  const row = list.stdout.split('\n').find((line) => line.startsWith(`${plugin} `));
  expect(row).toContain(`refused: ${bootLine.slice('error: '.length)}`);
  expect(list.stdout).toMatch(/^probe +feature +1\.2\.3 +folder .* ok$/m);
}

const manifestOf = (folder: string) => join(workspace.pluginsDir, folder, 'plugin.json');

describe('a good boot', () => {
  it('activates in dependency order, runs the contributed command, then disposes in exact reverse', async () => {
    workspace.add({ name: 'zeta', provides: ['storage'] });
    workspace.add({ name: 'alpha', requires: ['mid'] });
    workspace.add({ name: 'mid', requires: ['storage'] });
    const result = await workspace.run(['probe']);
    expect(result).toEqual({ code: 0, stdout: 'probe,zeta,mid,alpha\n', stderr: '' });
    expect(workspace.journalLines()).toEqual([
      'activate probe', 'activate zeta', 'activate mid', 'activate alpha',
      'dispose alpha', 'dispose mid', 'dispose zeta', 'dispose probe',
    ]);
  });

  it('lists every plugin with kind, version, origin and folder, and exits 0', async () => {
    workspace.add({ name: 'storage-kit', kind: 'store', version: '0.4.0' });
    const result = await workspace.run(['plugins', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^NAME +KIND +VERSION +ORIGIN +FOLDER +STATUS$/);
    expect(result.stdout).toMatch(new RegExp(`^storage-kit +store +0\\.4\\.0 +folder +${join(workspace.pluginsDir, 'storage-kit')} +ok$`, 'm'));
    expect(workspace.journalLines()).toEqual([]);
  });

  it('lists as JSON with requires and provides', async () => {
    workspace.add({ name: 'needs-probe', requires: ['probe'], provides: ['thing'] });
    const result = await workspace.run(['plugins', 'list', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { plugins: { name: string; requires: string[]; provides: string[]; origin: string; folder: string }[]; refused: unknown[] };
    expect(listed.refused).toEqual([]);
    expect(listed.plugins.map((plugin) => plugin.name)).toEqual(['probe', 'needs-probe']);
    expect(listed.plugins[1]).toMatchObject({ requires: ['probe'], provides: ['thing'], origin: 'folder', folder: join(workspace.pluginsDir, 'needs-probe') });
  });

  it('shows the real gateway profile with the built-in HTTP host from plugins/http', async () => {
    const result = await workspace.run(['plugins', 'list'], { profile: gatewayProfile, pluginsDir: false });
    expect(result.stdout).toMatch(/^http-host +host +\d+\.\d+\.\d+ +builtin +plugins\/http +ok$/m);
  });
});

describe('a signal while the profile boots', () => {
  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s: the plugin activating finishes, those activated are disposed in reverse, no command runs, and the exit is %i', async (signal, code) => {
    const listening = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    workspace.add({ name: 'zeta', provides: ['storage'] });
    // process.emit calls the listeners registered in JavaScript, as the real signal would.
    workspace.add({ name: 'mid', requires: ['storage'], body: `process.emit('${signal}', '${signal}'); await new Promise((resolve) => setTimeout(resolve, 20)); note(ctx, 'activated mid');` });
    workspace.add({ name: 'alpha', requires: ['mid'] });
    const result = await workspace.run(['probe']);
    expect(result).toEqual({ code, stdout: '', stderr: '' });
    expect(workspace.journalLines()).toEqual(['activate probe', 'activate zeta', 'activate mid', 'activated mid', 'dispose mid', 'dispose zeta', 'dispose probe']);
    // The command's own handlers (serve's drain) are the next ones; a signal after the boot is theirs.
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(listening);
  });
});

describe('a command that declares the plugins it needs', () => {
  it('boots its own plugin, the providers it names and what they require; optional requirements pull nothing in', async () => {
    workspace.add({ name: 'store', provides: ['storage'] });
    workspace.add({ name: 'host', requires: ['storage'], provides: ['http'] });
    workspace.add({ name: 'helper', provides: ['helping'] });
    workspace.add({ name: 'tool-a', requires: ['helping'], contributes: ['tool-server'] });
    workspace.add({ name: 'tool-b', contributes: ['tool-server'] });
    workspace.add({ name: 'stdio', requires: ['http?', 'tool-server?'], command: 'serve-stdio', manifest: { commands: { 'serve-stdio': { plugins: ['tool-server'] } } } });
    const result = await workspace.run(['serve-stdio']);
    expect(result).toEqual({ code: 0, stdout: 'helper,tool-a,tool-b,stdio\n', stderr: '' });
    expect(workspace.journalLines().filter((line) => line.startsWith('activate'))).toEqual(['activate helper', 'activate tool-a', 'activate tool-b', 'activate stdio']);
  });

  it('leaves every other command booting the whole profile', async () => {
    workspace.add({ name: 'store', provides: ['storage'] });
    workspace.add({ name: 'stdio', requires: ['storage?'], command: 'serve-stdio', manifest: { commands: { 'serve-stdio': { plugins: [] } } } });
    expect((await workspace.run(['probe'])).stdout).toBe('probe,store,stdio\n');
    expect((await workspace.run(['serve-stdio'])).stdout).toBe('stdio\n');
  });

  it('is refused at planning when the declaration is malformed', async () => {
    workspace.add({ name: 'sloppy', command: 'sloppy', manifest: { commands: { sloppy: { plugin: ['x'] } } } });
    expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_INVALID', plugin: 'sloppy', file: manifestOf('sloppy'), field: 'commands.sloppy' });
  });
});

describe('bad input stops the boot with one line, exit 2, and nothing activated', () => {
  it('a folder with a package.json but no plugin.json in a plugins folder: manifest missing', async () => {
    mkdirSync(join(workspace.pluginsDir, 'half-done'));
    writeFileSync(join(workspace.pluginsDir, 'half-done', 'package.json'), '{"name":"half-done"}');
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_MISSING', plugin: 'half-done', file: manifestOf('half-done'), field: '(root)' });
    expect(workspace.journalLines()).toEqual([]);
    await expectListedAsRefused(line, 'half-done');
  });

  it('a plugin.json that is a dangling link: manifest missing', async () => {
    mkdirSync(join(workspace.pluginsDir, 'linked'));
    symlinkSync(join(workspace.root, 'moved-away.json'), manifestOf('linked'));
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_MISSING', plugin: 'linked', file: manifestOf('linked'), field: '(root)' });
    await expectListedAsRefused(line, 'linked');
  });

  it('a plugin.json that is not JSON', async () => {
    mkdirSync(join(workspace.pluginsDir, 'garbled'));
    writeFileSync(manifestOf('garbled'), '{ "name": "garbled", ');
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_UNREADABLE', plugin: 'garbled', file: manifestOf('garbled'), field: '(root)' });
    expect(line).toContain('not valid JSON');
    await expectListedAsRefused(line, 'garbled');
  });

  it('an unknown kind', async () => {
    workspace.add({ name: 'odd-kind', kind: 'gadget' });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_INVALID', plugin: 'odd-kind', file: manifestOf('odd-kind'), field: 'kind' });
    expect(line).toContain('must be one of "provider", "frontend", "billing", "store", "feature", "tool", "host", "skill"');
    await expectListedAsRefused(line, 'odd-kind');
  });

  it('a missing required field', async () => {
    workspace.add({ name: 'no-description', manifest: { description: undefined } });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_INVALID', plugin: 'no-description', file: manifestOf('no-description'), field: 'description' });
    expect(line).toContain('field description: is required');
    await expectListedAsRefused(line, 'no-description');
  });

  it('a field the schema does not know', async () => {
    workspace.add({ name: 'extra-field', manifest: { colour: 'blue' } });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_MANIFEST_INVALID', plugin: 'extra-field', file: manifestOf('extra-field'), field: 'colour' });
    expect(line).toContain('is not a known field');
    await expectListedAsRefused(line, 'extra-field');
  });

  it('an engines.kernel range the kernel does not satisfy', async () => {
    workspace.add({ name: 'from-the-future', engines: '^2.0.0' });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_ENGINE_MISMATCH', plugin: 'from-the-future', file: manifestOf('from-the-future'), field: 'engines.kernel' });
    expect(line).toContain(`range ^2.0.0 does not include kernel ${KERNEL_VERSION}`);
    await expectListedAsRefused(line, 'from-the-future');
  });

  it('an engines.kernel that is not a semver range', async () => {
    workspace.add({ name: 'not-a-range', engines: 'whenever' });
    expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_ENGINE_MISMATCH', plugin: 'not-a-range', file: manifestOf('not-a-range'), field: 'engines.kernel' });
  });

  it('a cycle in requires', async () => {
    workspace.add({ name: 'chicken', requires: ['egg'] });
    workspace.add({ name: 'egg', requires: ['chicken-cap'] });
    workspace.add({ name: 'hen', provides: ['chicken-cap'], requires: ['chicken'] });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_REQUIRE_CYCLE', plugin: 'chicken', file: manifestOf('chicken'), field: 'requires' });
    expect(line).toContain('dependency cycle chicken -> egg -> hen -> chicken');
    expect(workspace.journalLines()).toEqual([]);
    await expectListedAsRefused(line, 'chicken');
  });

  it('a capability nothing provides', async () => {
    workspace.add({ name: 'lonely', requires: ['billing'] });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_REQUIRE_MISSING', plugin: 'lonely', file: manifestOf('lonely'), field: 'requires' });
    expect(line).toContain('nothing provides "billing"');
    await expectListedAsRefused(line, 'lonely');
  });

  it('a plugin depending on a refused one is refused too, and the list says why', async () => {
    workspace.add({ name: 'base', kind: 'gadget' });
    workspace.add({ name: 'on-top', requires: ['base'] });
    const list = await workspace.run(['plugins', 'list']);
    expect(list.code).toBe(2);
    expect(list.stdout).toMatch(/^on-top .*refused: plugin on-top: .*field requires: depends on refused plugin base \[BSK_PLUGIN_DEPENDENCY_REFUSED\]$/m);
  });

  it('a plugin depending on one refused for its config names that one once', async () => {
    workspace.add({ name: 'listener', config: portConfig });
    workspace.add({ name: 'on-listener', requires: ['listener'] });
    writeFileSync(join(workspace.root, 'bytespike.config.json'), JSON.stringify({ plugins: { listener: { port: 70000 } } }));
    const list = await workspace.run(['plugins', 'list']);
    expect(list.stdout).toMatch(/^on-listener .*depends on refused plugin listener \[BSK_PLUGIN_DEPENDENCY_REFUSED\]$/m);
  });

  it('two plugins of the same name: the second is refused, the first stays listed as ok', async () => {
    const elsewhere = join(workspace.root, 'elsewhere');
    writePlugin(elsewhere, { name: 'probe' });
    const line = expectOneLine(await workspace.run(['probe', '--plugins-dir', elsewhere]), { code: 'BSK_PLUGIN_DUPLICATE', plugin: 'probe', file: join(elsewhere, 'probe', 'plugin.json'), field: 'name' });
    expect(line).toContain(`already loaded from ${join(workspace.pluginsDir, 'probe')}`);
    const list = await workspace.run(['plugins', 'list', '--plugins-dir', elsewhere]);
    expect(list.code).toBe(2);
    expect(list.stdout).toMatch(new RegExp(`^probe +feature +1\\.2\\.3 +folder +${join(workspace.pluginsDir, 'probe')} +ok$`, 'm'));
    expect(list.stdout).toContain(`refused: ${line.slice('error: '.length)}`);
  });

  const portConfig = { type: 'object', additionalProperties: false, properties: { port: { type: 'integer', maximum: 65535, default: 8080 } } };

  it('a config section from bytespike.config.json that fails the plugin schema', async () => {
    workspace.add({ name: 'listener', config: portConfig });
    const configFile = join(workspace.root, 'bytespike.config.json');
    writeFileSync(configFile, JSON.stringify({ plugins: { listener: { port: 70000 } } }));
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_CONFIG_INVALID', plugin: 'listener', file: configFile, field: 'plugins.listener.port' });
    expect(line).toContain('must be <= 65535');
    expect(workspace.journalLines()).toEqual([]);
    await expectListedAsRefused(line, 'listener');
  });

  it('a config value from a mapped environment variable that fails the plugin schema', async () => {
    workspace.add({ name: 'listener', config: portConfig, env: { LISTENER_PORT: 'port' } });
    const result = await workspace.run(['probe'], { env: { LISTENER_PORT: 'eighty' } });
    const line = expectOneLine(result, { code: 'BSK_PLUGIN_CONFIG_INVALID', plugin: 'listener', file: 'environment variable LISTENER_PORT', field: 'plugins.listener.port' });
    expect(line).toContain('must be integer');
  });

  it('a config file section with an unknown property', async () => {
    workspace.add({ name: 'listener', config: portConfig });
    const configFile = join(workspace.root, 'bytespike.config.yaml');
    writeFileSync(configFile, 'plugins:\n  listener:\n    prot: 80\n');
    expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_CONFIG_INVALID', plugin: 'listener', file: configFile, field: 'plugins.listener.prot' });
  });

  it('an entry module that does not exist', async () => {
    workspace.add({ name: 'no-code', manifest: { entry: 'missing.mjs' } });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_ENTRY_MISSING', plugin: 'no-code', file: manifestOf('no-code'), field: 'entry' });
    expect(line).toContain('missing.mjs cannot be loaded');
    expect(workspace.journalLines()).toEqual([]);
  });
});

describe('activation failures dispose what was activated, in reverse', () => {
  it('activate() throwing', async () => {
    workspace.add({ name: 'first', provides: ['one'] });
    workspace.add({ name: 'second', requires: ['one'], provides: ['two'] });
    workspace.add({ name: 'third', requires: ['two'], body: "throw new Error('the disk is full');" });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_ACTIVATE_FAILED', plugin: 'third', file: manifestOf('third'), field: 'entry' });
    expect(line).toContain('activate() failed: the disk is full');
    expect(workspace.journalLines()).toEqual([
      'activate first', 'activate probe', 'activate second', 'activate third',
      'dispose second', 'dispose probe', 'dispose first',
    ]);
  });

  it('a plugin not providing what it declared', async () => {
    workspace.add({ name: 'promiser', manifest: { provides: ['wallet'] } });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_PROVIDES_UNMET', plugin: 'promiser', file: manifestOf('promiser'), field: 'provides' });
    expect(line).toContain('declared "wallet" but did not provide it');
    // It did activate and hand back its disposer, so that is undone as well.
    expect(workspace.journalLines()).toEqual(['activate probe', 'activate promiser', 'dispose promiser', 'dispose probe']);
  });

  it('ctx.use of a capability missing from requires', async () => {
    workspace.add({ name: 'wallet', provides: ['wallet'] });
    workspace.add({ name: 'sneaky', body: "ctx.use('wallet');" });
    const line = expectOneLine(await workspace.run(['probe']), { code: 'BSK_PLUGIN_ACTIVATE_FAILED', plugin: 'sneaky', file: manifestOf('sneaky'), field: 'entry' });
    expect(line).toContain('plugin sneaky used capability "wallet" without listing it in requires (BSK_CAPABILITY_UNDECLARED)');
  });
});

describe('the command line itself', () => {
  it('--version prints product, package and kernel versions without booting', async () => {
    const result = await workspace.run(['--version']);
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^bytespike \\d+\\.\\d+\\.\\d+ \\(kernel ${KERNEL_VERSION.replace(/\./g, '\\.')}\\)\\n$`)), stderr: '' });
    expect(workspace.journalLines()).toEqual([]);
  });

  it('dosia has its own name, version and plugins list', async () => {
    expect((await workspace.run(['--version'], { profile: dosiaProfile, pluginsDir: false })).stdout).toMatch(/^dosia \d+\.\d+\.\d+ /);
    const list = await workspace.run(['plugins', 'list'], { profile: bareDosiaProfile });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^probe +feature +1\.2\.3 +folder /m);
  });

  it('--help lists the kernel commands and the ones plugins contribute', async () => {
    const result = await workspace.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('plugins list [--json]');
    expect(result.stdout).toContain('plugins install <folder|npm>');
    expect(result.stdout).toMatch(/^ {2}probe +prints the booted plugins$/m);
    expect(result.stdout).toContain('BYTESPIKE_PLUGIN_DIRS (colon-separated)');
  });

  it('a command nobody contributes is a usage error (exit 2)', async () => {
    const result = await workspace.run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command "frobnicate"/);
  });

  it('an unknown short option is a usage error (exit 2)', async () => {
    const result = await workspace.run(['probe', '-x']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'error: unknown option -x [BSK_CLI_USAGE]\n' });
  });

  it('a config file that is not valid for the kernel is one line and exit 2', async () => {
    const configFile = join(workspace.root, 'bytespike.config.json');
    writeFileSync(configFile, JSON.stringify({ pluginDirz: [] }));
    const result = await workspace.run(['plugins', 'list']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `error: config ${configFile}: field pluginDirz: is not a known field [BSK_CONFIG_INVALID]\n` });
  });
});
