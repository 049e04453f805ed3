import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planKernel } from '../../../kernel/kernel';
import { gatewayProfile } from '../../../kernel/profiles/gateway';

/**
 * A base URL the HTTP client cannot call used to boot, and then failed every request of that
 * provider with a 502. The plan refuses it now, naming where it was set and never the value,
 * which may carry a key.
 */
const SECRET = 'upstream-key-for-tests-not-real-0123';
const BASE_URL_VARIABLES = ['ANTHROPIC_BASE_URL', 'OPENAI_BASE_URL', 'GEMINI_BASE_URL', 'DEEPSEEK_BASE_URL', 'MOONSHOT_BASE_URL', 'COHERE_BASE_URL', 'VOYAGE_BASE_URL'];

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'bsk-base-urls-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const refusals = (env: NodeJS.ProcessEnv) => planKernel({ profile: gatewayProfile, cwd: folder, env, dataDir: join(folder, 'data') }).refused.map((entry) => ({ code: entry.error.code, message: entry.error.message }));

describe('provider base URLs', () => {
  it('a provider base URL variable that is not an http(s) URL stops the plan, naming the variable, not the value', () => {
    for (const value of [`https://user:${SECRET}@[api.example.com/v1`, `ftp://api.example.com/${SECRET}`, `api.example.com/v1?key=${SECRET}`]) {
      const found = refusals(Object.fromEntries(BASE_URL_VARIABLES.map((variable) => [variable, value])));
      expect(found.map((refusal) => refusal.code)).toEqual(BASE_URL_VARIABLES.map(() => 'BSK_PLUGIN_CONFIG_INVALID'));
      for (const variable of BASE_URL_VARIABLES) {
        expect(found.map((refusal) => refusal.message)).toContainEqual(expect.stringMatching(new RegExp(`^plugin [a-z-]+: environment variable ${variable}: field plugins\\.[a-z-]+\\.baseUrl: must be an http:// or https:// URL$`)));
      }
    }
  });

  it('accepts http and https URLs, a proxy path and credentials included', () => {
    for (const value of ['http://127.0.0.1:8790/anthropic', `https://proxy.example.com/v1?key=${SECRET}`]) expect(refusals({ ANTHROPIC_BASE_URL: value, OPENAI_BASE_URL: value })).toEqual([]);
  });

  it('checks the base URLs of load-balanced upstreams and openai-compatible instances in the config file too', () => {
    const file = join(folder, 'bytespike.config.yaml');
    writeFileSync(file, `plugins:\n  gemini:\n    upstreams:\n      - baseUrl: "generativelanguage.googleapis.com?key=${SECRET}"\n  openai-compatible:\n    instances:\n      - name: vllm\n        baseUrl: "10.0.0.5:8000/v1"\n        models: [{ id: qwen3-32b, pricing: { inputPerMTok: 1, outputPerMTok: 1 } }]\n`);
    expect(refusals({})).toEqual([
      { code: 'BSK_PLUGIN_CONFIG_INVALID', message: `plugin gemini: ${file}: field plugins.gemini.upstreams.0.baseUrl: must be an http:// or https:// URL` },
      { code: 'BSK_PLUGIN_CONFIG_INVALID', message: `plugin openai-compatible: ${file}: field plugins.openai-compatible.instances.0.baseUrl: must be an http:// or https:// URL` },
    ]);
  });
});
