import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { bootKernel, type Kernel } from '../../../kernel/kernel';
import { gatewayProfile } from '../../../kernel/profiles/gateway';
import { validateAgainst } from '../../../kernel/schema-validator';
import modelEntrySchema from '../../../schemas/model-entry.schema.json';
import anthropicCatalog from '../anthropic/models.json';
import geminiCatalog from '../gemini/models.json';
import { silentLogger } from './provider-test-support';

const CAPABILITIES = ['tools', 'vision', 'reasoning', 'json-mode', 'json-schema', 'documents', 'prompt-cache', 'streaming'];

/** The providers with a wire protocol of their own, whose catalogs are data files of finished ModelInfo. */
const plugins = [
  { name: 'anthropic', env: { ANTHROPIC_API_KEY: 'test-anthropic-key' }, protocol: 'anthropic-messages', catalog: anthropicCatalog as readonly ModelInfo[], aliases: ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-5', 'claude-sonnet-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-5', 'claude-sonnet-4-5', 'claude-sonnet-4', 'claude-haiku-4-5', 'claude-3-5-haiku'] },
  { name: 'gemini', env: { GEMINI_API_KEY: 'AIza-test' }, protocol: 'gemini', catalog: geminiCatalog as readonly ModelInfo[], aliases: ['gemini-3.1-pro-preview', 'gemini-3-pro-preview', 'gemini-3.8-flash', 'gemini-3.7-flash', 'gemini-3.6-flash', 'gemini-3.5-flash', 'gemini-3.5-flash-lite', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'] },
];

let kernel: Kernel | undefined;
let folder: string | undefined;
afterEach(async () => {
  await kernel?.dispose();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function boot(plugin: string, env: NodeJS.ProcessEnv) {
  folder = mkdtempSync(join(tmpdir(), `bsk-${plugin}-`));
  kernel = await bootKernel({ profile: { ...gatewayProfile, plugins: [plugin] }, cwd: folder, env, dataDir: join(folder, 'data'), logger: silentLogger });
  return kernel.registry.contributions('chat-provider');
}

describe.each(plugins)('$name plugin', ({ name, env, protocol, catalog, aliases }) => {
  it('boots from its manifest and is enabled by its key variable', async () => {
    const [provider, ...others] = await boot(name, env);
    expect(others).toEqual([]);
    expect(provider).toMatchObject({ name, protocol, enabled: true });
    expect(provider!.models().map((model) => model.id)).toContain(`${name}/${aliases[1]}`);
  });

  it('is present but disabled without a key', async () => {
    const [provider] = await boot(name, {});
    expect(provider!.enabled).toBe(false);
  });

  it('has a catalog of well-formed entries with integer prices', () => {
    for (const model of catalog) {
      expect(model.id).toBe(`${name}/${model.aliases[0]}`);
      expect(model.provider).toBe(name);
      expect(model.capabilities.every((capability) => CAPABILITIES.includes(capability))).toBe(true);
      expect(validateAgainst(modelEntrySchema, model)).toEqual([]);
      const { longContext, priceChanges, ...prices } = model.pricing;
      const changedPrices = (priceChanges ?? []).flatMap(({ from: _from, ...changed }) => Object.values(changed));
      for (const price of [...Object.values(prices), ...Object.values(longContext ?? {}), ...changedPrices]) expect(Number.isSafeInteger(price) && price > 0).toBe(true);
    }
    expect(catalog.map((model) => model.aliases[0])).toEqual(aliases);
  });
});
