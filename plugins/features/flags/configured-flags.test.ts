import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../kernel/cli/command';
import { runCli } from '../../../kernel/cli/run-cli';
import { gatewayProfile } from '../../../kernel/profiles/gateway';

/** Flag settings in the config file that only the plugin can check (defaults against feature-flags.schema.json), refused at boot. */
let folder: string;
beforeAll(() => void (folder = mkdtempSync(join(tmpdir(), 'bsk-configured-flags-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function bootWith(section: Record<string, unknown>): Promise<{ code: number; stderr: string; config: string }> {
  const config = join(folder, 'flags.json');
  writeFileSync(config, JSON.stringify({ plugins: { 'feature-flags': section } }));
  let stderr = '';
  const io: CliIo = { out: () => undefined, err: (text) => void (stderr += text), isTty: false };
  const code = await runCli(gatewayProfile, ['--data', join(folder, 'data'), '--config', config, 'migrate', 'status'], io, { PATH: process.env.PATH }, folder);
  return { code, stderr, config };
}

describe('feature-flags settings in the config file', () => {
  it('a gateway default the flag schema refuses names its field, not the plugin\'s manifest', async () => {
    const { code, stderr, config } = await bootWith({ gateway: { defaults: { retry: { attempts: 'many' } } } });
    expect(code).toBe(2);
    expect(stderr).toBe(`error: plugin feature-flags: ${config}: field plugins.feature-flags.gateway.defaults.retry.attempts: flag "retry.attempts" must be integer (BSK_FLAGS_INVALID) [BSK_PLUGIN_CONFIG_INVALID]\n`);
  });

  it('so does a key\'s default', async () => {
    const { code, stderr } = await bootWith({ keys: { key_1: { turbo: true } } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: plugin feature-flags: \S+: field plugins\.feature-flags\.keys\.key_1\.turbo: .*\(BSK_FLAGS_INVALID\) \[BSK_PLUGIN_CONFIG_INVALID\]\n$/);
  });
});
