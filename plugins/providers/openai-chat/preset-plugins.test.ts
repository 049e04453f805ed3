import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCapability, ModelInfo } from '../../../kernel/canonical/model';
import { activateProviderPlugin } from '../shared/provider-test-support';

const PROVIDERS = join(import.meta.dirname, '..');
const CAPABILITIES: readonly ModelCapability[] = ['tools', 'vision', 'reasoning', 'json-mode', 'json-schema', 'documents', 'prompt-cache', 'streaming'];

const plugins = [
  { name: 'openai', keyVariable: 'OPENAI_API_KEY', urlVariable: 'OPENAI_BASE_URL', defaultBaseUrl: 'https://api.openai.com/v1', aliases: ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o4-mini'] },
  { name: 'deepseek', keyVariable: 'DEEPSEEK_API_KEY', urlVariable: 'DEEPSEEK_BASE_URL', defaultBaseUrl: 'https://api.deepseek.com', aliases: ['deepseek-flash', 'deepseek-v4-pro', 'deepseek-chat', 'deepseek-reasoner'] },
  { name: 'kimi', keyVariable: 'MOONSHOT_API_KEY', urlVariable: 'MOONSHOT_BASE_URL', defaultBaseUrl: 'https://api.moonshot.ai/v1', aliases: ['kimi-k2', 'kimi-k2-turbo-preview', 'kimi-k2-thinking'] },
];

function isWholeCredits(value: number | undefined): boolean {
  return value === undefined || (Number.isInteger(value) && value >= 0);
}

describe.each(plugins)('$name plugin', ({ name, keyVariable, urlVariable, defaultBaseUrl, aliases }) => {
  it('contributes one disabled provider without a key, and an enabled one with the key from the environment', async () => {
    const without = await activateProviderPlugin(join(PROVIDERS, name));
    expect(without.providers.map((provider) => [provider.name, provider.enabled, provider.protocol])).toEqual([[name, false, 'openai-chat']]);
    const withKey = await activateProviderPlugin(join(PROVIDERS, name), { env: { [keyVariable]: 'sk-from-env' } });
    expect(withKey.config).toEqual({ apiKey: 'sk-from-env', baseUrl: defaultBaseUrl });
    expect(withKey.providers[0]!.enabled).toBe(true);
  });

  it('takes the base URL from the environment over the config file, and refuses one that is not a URL', async () => {
    const activated = await activateProviderPlugin(join(PROVIDERS, name), { section: { baseUrl: 'https://file.test/v1' }, env: { [urlVariable]: 'http://127.0.0.1:4010/v1' } });
    expect(activated.config.baseUrl).toBe('http://127.0.0.1:4010/v1');
    await expect(activateProviderPlugin(join(PROVIDERS, name), { env: { [urlVariable]: 'not a url' } })).rejects.toThrow(/baseUrl/);
  });

  it('has a catalog of provider/model ids whose bare aliases resolve, with capabilities and integer prices', async () => {
    const [provider] = (await activateProviderPlugin(join(PROVIDERS, name), { env: { [keyVariable]: 'k' } })).providers;
    const models: readonly ModelInfo[] = provider!.models();
    expect(models.flatMap((model) => model.aliases)).toEqual(expect.arrayContaining(aliases));
    for (const model of models) {
      // An entry fixing a thinking mode is its own id for its upstream model (deepseek-chat: Flash, thinking off).
      expect(model.id).toBe(`${name}/${model.thinking ? model.aliases[0] : model.upstreamId}`);
      expect(model).toMatchObject({ provider: name, modality: 'chat' });
      expect(model.contextWindow).toBeGreaterThan(0);
      expect(model.capabilities.every((capability) => CAPABILITIES.includes(capability))).toBe(true);
      expect(model.pricing.inputPerMTok).toBeGreaterThan(0);
      expect(model.pricing.outputPerMTok).toBeGreaterThan(0);
      expect(model.pricing.cachedInputPerMTok).toBeLessThan(model.pricing.inputPerMTok!);
      const { offPeak, longContext, ...listed } = model.pricing;
      const { peak: _schedule, ...offPeakPrices } = offPeak ?? { peak: null };
      const { aboveInputTokens: _threshold, ...longContextPrices } = longContext ?? { aboveInputTokens: 0 };
      expect([...Object.values(listed), ...Object.values(offPeakPrices), ...Object.values(longContextPrices)].every((price) => isWholeCredits(price as number | undefined))).toBe(true);
    }
  });
});

describe('catalog prices', () => {
  it('are micro-USD per million tokens: GPT-5 at $1.25 in / $0.125 cached / $10 out, DeepSeek Flash cache hits at $0.006 peak', async () => {
    const [openai] = (await activateProviderPlugin(join(PROVIDERS, 'openai'))).providers;
    expect(openai!.models().find((model) => model.id === 'openai/gpt-5')!.pricing).toEqual({ inputPerMTok: 1_250_000, cachedInputPerMTok: 125_000, outputPerMTok: 10_000_000 });
    const [deepseek] = (await activateProviderPlugin(join(PROVIDERS, 'deepseek'))).providers;
    expect(deepseek!.models().find((model) => model.id === 'deepseek/deepseek-flash')!.pricing).toMatchObject({ inputPerMTok: 300_000, cachedInputPerMTok: 6_000, outputPerMTok: 1_200_000 });
  });

  it('kimi-k2 is an alias of kimi-k2-0905-preview', async () => {
    const [kimi] = (await activateProviderPlugin(join(PROVIDERS, 'kimi'))).providers;
    expect(kimi!.models().find((model) => model.aliases.includes('kimi-k2'))).toMatchObject({ id: 'kimi/kimi-k2-0905-preview', upstreamId: 'kimi-k2-0905-preview' });
  });
});
