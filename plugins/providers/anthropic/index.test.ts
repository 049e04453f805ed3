import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from '../../../kernel/kernel';
import { gatewayProfile } from '../../../kernel/profiles/gateway';
import catalog from './models.json';

const CAPABILITIES = ['tools', 'vision', 'reasoning', 'json-mode', 'json-schema', 'documents', 'prompt-cache', 'streaming'];

let kernel: Kernel | undefined;
let folder: string | undefined;
afterEach(async () => {
  await kernel?.dispose();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function boot(env: NodeJS.ProcessEnv) {
  folder = mkdtempSync(join(tmpdir(), 'bsk-anthropic-'));
  kernel = await bootKernel({ profile: { ...gatewayProfile, plugins: ['anthropic'] }, cwd: folder, env, dataDir: join(folder, 'data'), logger: pino({ level: 'silent' }) });
  return kernel.registry.contributions('chat-provider');
}

describe('anthropic plugin', () => {
  it('boots from its manifest and is enabled by ANTHROPIC_API_KEY', async () => {
    const [provider, ...others] = await boot({ ANTHROPIC_API_KEY: 'sk-ant-test' });
    expect(others).toEqual([]);
    expect(provider).toMatchObject({ name: 'anthropic', protocol: 'anthropic-messages', enabled: true });
    expect(provider!.models().map((model) => model.id)).toContain('anthropic/claude-sonnet-4-5');
  });

  it('is present but disabled without a key', async () => {
    const [provider] = await boot({});
    expect(provider!.enabled).toBe(false);
  });

  it('has a catalog of well-formed entries with integer prices', () => {
    for (const model of catalog) {
      expect(model.id).toBe(`anthropic/${model.aliases[0]}`);
      expect(model.provider).toBe('anthropic');
      expect(model.capabilities.every((capability) => CAPABILITIES.includes(capability))).toBe(true);
      for (const price of Object.values(model.pricing)) expect(Number.isSafeInteger(price) && price > 0).toBe(true);
    }
    expect(catalog.map((model) => model.aliases[0])).toEqual(['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-sonnet-4', 'claude-haiku-4-5', 'claude-3-5-haiku']);
  });
});
