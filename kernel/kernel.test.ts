import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareGatewayProfile, type FixturePlugin, JOURNAL_VARIABLE, readJournal, silentLogger, temporaryFolder, writePlugin } from './__fixtures__/fixture-plugins';
import { isBskError } from './errors';
import { HookBus } from './hook-bus';
import { bootKernel, type Kernel, planKernel, resolveKernelInfo } from './kernel';
import type { PlannedPlugin } from './plan';
import { createPluginContext } from './plugin-context';
import { CapabilityRegistry } from './registry';

declare module './capabilities' {
  interface Capabilities {
    'kernel-test:clock': { now(): number };
  }
}

let folder: ReturnType<typeof temporaryFolder>;
let pluginsDir: string;
let journal: string;
beforeEach(() => {
  folder = temporaryFolder();
  pluginsDir = join(folder.path, 'plugins');
  journal = join(folder.path, 'journal.log');
});
afterEach(() => folder.remove());

function add(...plugins: FixturePlugin[]): void {
  for (const plugin of plugins) writePlugin(pluginsDir, plugin);
}

function options(env: NodeJS.ProcessEnv = {}) {
  return { profile: bareGatewayProfile, cwd: folder.path, env: { [JOURNAL_VARIABLE]: journal, ...env }, pluginDirs: [pluginsDir], dataDir: join(folder.path, 'data'), logger: silentLogger };
}

async function bootFailure(env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  return bootKernel(options(env)).then(
    () => expect.unreachable('the boot should have failed'),
    (error: unknown) => error,
  );
}

describe('activation order', () => {
  it('follows requires through capabilities, plugin names and transitive chains, whatever the discovery order', async () => {
    add(
      { name: 'a-frontend', requires: ['router'] },
      { name: 'b-router', provides: ['router'], requires: ['billing', 'c-store'] },
      { name: 'c-store', provides: ['store'] },
      { name: 'd-billing', provides: ['billing'], requires: ['store'] },
    );
    const kernel = await bootKernel(options());
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['c-store', 'd-billing', 'b-router', 'a-frontend']);
    expect(readJournal(journal)).toEqual(['activate c-store', 'activate d-billing', 'activate b-router', 'activate a-frontend']);
    await kernel.dispose();
  });

  it('puts every contributor to a contribution point before the plugin that requires it', async () => {
    add(
      { name: 'a-menu', requires: ['menu-item'] },
      { name: 'b-item', contributes: ['menu-item'] },
      { name: 'c-item', contributes: ['menu-item'], requires: ['d-base'] },
      { name: 'd-base' },
    );
    const kernel = await bootKernel(options());
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['b-item', 'd-base', 'c-item', 'a-menu']);
    expect(kernel.plugins.find((plugin) => plugin.manifest.name === 'a-menu')?.dependencies).toEqual(['b-item', 'c-item']);
    await kernel.dispose();
  });

  it('lets an optional requirement (name?) go unmet', async () => {
    add({ name: 'maybe-cache', requires: ['cache?'], body: "if (ctx.tryUse('cache') !== undefined) throw new Error('nothing provides cache');" });
    const kernel = await bootKernel(options());
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['maybe-cache']);
    await kernel.dispose();
  });

  it('lets an optional requirement order the plugin after its provider when there is one', async () => {
    add({ name: 'a-user', requires: ['cache?'], body: "if (ctx.tryUse('cache').from !== 'b-cache') throw new Error('wrong cache');" }, { name: 'b-cache', provides: ['cache'] });
    const kernel = await bootKernel(options());
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['b-cache', 'a-user']);
    await kernel.dispose();
  });
});

describe('provides', () => {
  it('an optional entry (name?) may stay unprovided, yet still orders the plugins that require it', async () => {
    add({ name: 'a-reader', requires: ['menu-item?'] }, { name: 'b-maybe', manifest: { provides: ['menu-item?'] } });
    const kernel = await bootKernel(options());
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['b-maybe', 'a-reader']);
    await kernel.dispose();
  });
});

describe('disposal', () => {
  it('runs in exact reverse activation order, once, even when one disposer fails', async () => {
    add(
      { name: 'first' },
      { name: 'second', requires: ['first'], body: "ctx.onDispose(() => { throw new Error('flaky close'); });" },
      { name: 'third', requires: ['second'] },
    );
    const kernel = await bootKernel(options());
    await kernel.dispose();
    await kernel.dispose();
    expect(readJournal(journal)).toEqual(['activate first', 'activate second', 'activate third', 'dispose third', 'dispose second', 'dispose first']);
  });

  it('removes what a plugin registered, so nothing of it stays behind', async () => {
    add({ name: 'shop', provides: ['wallet'], contributes: ['menu-item'] });
    const kernel = await bootKernel(options());
    expect(kernel.registry.has('wallet')).toBe(true);
    await kernel.dispose();
    expect(kernel.registry.has('wallet')).toBe(false);
    expect(kernel.registry.has('menu-item')).toBe(false);
  });

  it('after an activation failure, undoes the failing plugin’s own registrations too', async () => {
    add({ name: 'a-ok', provides: ['first-cap'] }, { name: 'b-half', provides: ['half-cap'], requires: ['a-ok'], body: "throw new Error('stopped halfway');" });
    const error = await bootFailure();
    expect(error).toMatchObject({ code: 'BSK_PLUGIN_ACTIVATE_FAILED', cause: { message: 'stopped halfway' } });
    expect(readJournal(journal)).toEqual(['activate a-ok', 'activate b-half', 'dispose a-ok']);
  });
});

describe('the context a plugin gets', () => {
  it('ctx.use of a capability not in requires throws BSK_CAPABILITY_UNDECLARED, and the boot names the plugin', async () => {
    add({ name: 'wallet', provides: ['wallet'] }, { name: 'sneaky', requires: ['store?'], body: "ctx.use('wallet');" });
    const error = await bootFailure();
    expect(error).toMatchObject({ code: 'BSK_PLUGIN_ACTIVATE_FAILED', details: { plugin: 'sneaky', file: join(pluginsDir, 'sneaky', 'plugin.json') } });
    expect((error as Error).cause).toMatchObject({ code: 'BSK_CAPABILITY_UNDECLARED', details: { plugin: 'sneaky', capability: 'wallet' } });
  });

  it('use / tryUse check the declaration before the registry', () => {
    const plugin = { manifest: { name: 'tester', requires: ['kernel-test:clock?'] }, folder: '/nowhere', config: {} } as unknown as PlannedPlugin;
    const registry = new CapabilityRegistry();
    const { context } = createPluginContext(plugin, { registry, hooks: new HookBus(), logger: silentLogger, kernel: resolveKernelInfo(options()) });
    expect(() => context.use('http')).toThrow(expect.objectContaining({ code: 'BSK_CAPABILITY_UNDECLARED' }));
    expect(() => context.tryUse('http')).toThrow(expect.objectContaining({ code: 'BSK_CAPABILITY_UNDECLARED' }));
    expect(context.tryUse('kernel-test:clock')).toBeUndefined();
    expect(() => context.use('kernel-test:clock')).toThrow(expect.objectContaining({ code: 'BSK_CAPABILITY_MISSING', message: 'capability "kernel-test:clock" is not provided by any loaded plugin' }));
    const clock = { now: () => 42 };
    registry.provide('clock-plugin', 'kernel-test:clock', clock);
    expect(context.use('kernel-test:clock')).toBe(clock);
  });

  it('a capability provided twice is refused with both plugin names', () => {
    const registry = new CapabilityRegistry();
    registry.provide('one', 'kernel-test:clock', { now: () => 1 });
    expect(() => registry.provide('two', 'kernel-test:clock', { now: () => 2 })).toThrow('capability "kernel-test:clock" is provided by both one and two');
  });

  it('gets its config validated, defaults applied, file overridden by its mapped env variables (converted to the schema type)', async () => {
    const config = { type: 'object', additionalProperties: false, properties: { port: { type: 'integer', default: 1 }, verbose: { type: 'boolean', default: false }, label: { type: 'string', default: 'none' }, region: { type: 'string' } } };
    add({ name: 'configured', config, env: { CONFIGURED_PORT: 'port', CONFIGURED_VERBOSE: 'verbose', CONFIGURED_REGION: 'region' } });
    writeFileSync(join(folder.path, 'bytespike.config.yaml'), 'plugins:\n  configured:\n    port: 80\n    region: eu\n');
    const kernel = await bootKernel(options({ CONFIGURED_PORT: '9000', CONFIGURED_VERBOSE: 'true', CONFIGURED_REGION: '' }));
    expect(kernel.plugins[0]!.config).toEqual({ port: 9000, verbose: true, label: 'none', region: 'eu' });
    await kernel.dispose();
  });

  it('tells the plugin which plugins this boot activates, in order, with kind and origin', async () => {
    add({ name: 'b-second', kind: 'store', requires: ['a-first'] }, { name: 'a-first', kind: 'provider', version: '2.0.0' });
    const kernel: Kernel = await bootKernel(options());
    expect(kernel.info.plugins()).toEqual([
      { name: 'a-first', version: '2.0.0', kind: 'provider', origin: 'folder' },
      { name: 'b-second', version: '1.2.3', kind: 'store', origin: 'folder' },
    ]);
    await kernel.dispose();
  });
});

describe('refusals before any plugin code runs', () => {
  it('throws the first refusal without activating anything', async () => {
    add({ name: 'fine' }, { name: 'broken', kind: 'gizmo' });
    const error = await bootFailure();
    expect(isBskError(error) && error.code).toBe('BSK_PLUGIN_MANIFEST_INVALID');
    expect(readJournal(journal)).toEqual([]);
  });

  it('refuses a plugin whose config schema is not a valid JSON Schema, naming its manifest, instead of failing the boot with the validator\'s own error', async () => {
    add({ name: 'fine' }, { name: 'bad-schema', config: { type: 'object', properties: { port: { type: 'port-number' } } } });
    const error = await bootFailure();
    expect(error).toMatchObject({ code: 'BSK_PLUGIN_MANIFEST_INVALID', message: expect.stringContaining('plugin bad-schema:') });
    expect((error as Error).message).toMatch(/field config: is not a valid JSON Schema/);
    expect(readJournal(journal)).toEqual([]);
  });

  // Read as nothing, a mistyped section started the gateway without the provider it configured.
  it('refuses a config section no plugin answers to, suggesting the name it was likely meant as', async () => {
    add({ name: 'anthropic', config: { type: 'object', properties: { apiKey: { type: 'string' } } } }, { name: 'elsewhere' });
    const file = join(folder.path, 'bytespike.config.yaml');
    writeFileSync(file, 'plugins:\n  antropic:\n    apiKey: upstream-key-for-tests-not-real\n');
    expect(await bootFailure()).toMatchObject({ code: 'BSK_CONFIG_INVALID', message: `config ${file}: field plugins.antropic: no plugin is named "antropic" (did you mean "anthropic"?)` });
    writeFileSync(file, 'plugins:\n  weather-tool: {}\n');
    expect(await bootFailure()).toMatchObject({ code: 'BSK_CONFIG_INVALID', message: `config ${file}: field plugins.weather-tool: no plugin is named "weather-tool"; \`plugins list\` shows the installed ones` });
    expect(planKernel(options()).refused.map((entry) => entry.error.code)).toEqual(['BSK_CONFIG_INVALID']);
    expect(readJournal(journal)).toEqual([]);
  });

  it('accepts a section of a plugin the boot leaves out (not in the profile, or not needed by the command)', async () => {
    add({ name: 'used' }, { name: 'left-out' });
    writeFileSync(join(folder.path, 'bytespike.config.json'), '{"plugins":{"left-out":{}}}');
    const kernel = await bootKernel({ ...options(), only: (plugin) => plugin.manifest.name === 'used' });
    expect(kernel.plugins.map((plugin) => plugin.manifest.name)).toEqual(['used']);
    await kernel.dispose();
  });

  it('plans without importing any entry', () => {
    add({ name: 'would-throw', body: "throw new Error('must not run');" });
    const plan = planKernel(options());
    expect(plan.plugins.map((plugin) => plugin.manifest.name)).toEqual(['would-throw']);
    expect(readJournal(journal)).toEqual([]);
  });
});
