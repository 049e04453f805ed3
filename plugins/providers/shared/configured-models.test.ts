import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { BskError } from '../../../kernel/errors';
import { validateAgainst } from '../../../kernel/schema-validator';
import manifest from '../anthropic/plugin.json';
import { withConfiguredModels } from './configured-models';
import { activateProviderPlugin } from './provider-test-support';

const sonnet: ModelInfo = {
  id: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', upstreamId: 'claude-sonnet-4-5-20250929', aliases: ['claude-sonnet-4-5'], displayName: 'Claude Sonnet 4.5',
  modality: 'chat', contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: ['tools', 'vision', 'streaming'],
  pricing: { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000, cachedInputPerMTok: 300_000 }, releasedAt: '2025-09-29',
};

const refusalOf = (run: () => unknown): { code: string; field: unknown } => {
  try {
    run();
  } catch (error) {
    if (error instanceof BskError) return { code: error.code, field: error.details.field };
    throw error;
  }
  throw new Error('expected a refusal');
};

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof BskError ? error.code : String(error);
  }
  return 'no error';
};

describe('withConfiguredModels', () => {
  it('is the shipped catalog itself when nothing is configured', () => {
    const shipped = [sonnet];
    expect(withConfiguredModels('anthropic', shipped)).toBe(shipped);
    expect(withConfiguredModels('anthropic', shipped, [])).toBe(shipped);
  });

  it('adds a priced model under the provider, with the capabilities every chat model has unless it names its own', () => {
    const [, added] = withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-opus-5-5', aliases: ['opus'], pricing: { inputPerMTok: 4_000_000, outputPerMTok: 20_000_000 }, maxOutputTokens: 128_000 }]);
    expect(added).toEqual({
      id: 'anthropic/claude-opus-5-5', provider: 'anthropic', upstreamId: 'claude-opus-5-5', aliases: ['opus'], displayName: 'claude-opus-5-5', modality: 'chat',
      maxOutputTokens: 128_000, capabilities: ['tools', 'streaming'], pricing: { inputPerMTok: 4_000_000, outputPerMTok: 20_000_000 },
    });
  });

  it('changes only the fields an entry for a shipped model gives, prices one by one, whether its id is bare or prefixed', () => {
    for (const id of ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5']) {
      const [changed] = withConfiguredModels('anthropic', [sonnet], [{ id, pricing: { outputPerMTok: 16_000_000 }, contextWindow: 1_000_000 }]);
      expect(changed).toEqual({ ...sonnet, contextWindow: 1_000_000, pricing: { ...sonnet.pricing, outputPerMTok: 16_000_000 } });
    }
  });

  it('refuses a new model without both token prices: a built-in provider would serve it free by accident', () => {
    expect(codeOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-next' }]))).toBe('BSK_PROVIDER_MODEL_UNPRICED');
    expect(codeOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-next', pricing: { inputPerMTok: 1 } }]))).toBe('BSK_PROVIDER_MODEL_UNPRICED');
    expect(withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-free', pricing: { inputPerMTok: 0, outputPerMTok: 0 } }])).toHaveLength(2);
  });

  it('refuses a name that would lead to two models', () => {
    expect(codeOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-next', aliases: ['claude-sonnet-4-5'], pricing: { inputPerMTok: 1, outputPerMTok: 1 } }]))).toBe('BSK_PROVIDER_MODEL_NAME_TAKEN');
    expect(codeOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-next', upstreamId: 'claude-sonnet-4-5-20250929', pricing: { inputPerMTok: 1, outputPerMTok: 1 } }]))).toBe('BSK_PROVIDER_MODEL_NAME_TAKEN');
  });
});

describe('withConfiguredModels refusing an entry names its field in the `models` the operator wrote', () => {
  const priced = { inputPerMTok: 1, outputPerMTok: 1 };
  const haiku: ModelInfo = { ...sonnet, id: 'anthropic/claude-haiku-4-5', upstreamId: 'claude-haiku-4-5-20251001', aliases: ['claude-haiku-4-5', 'haiku'] };

  it('an added model without prices: its pricing', () => {
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-free', pricing: { inputPerMTok: 0, outputPerMTok: 0 } }, { id: 'claude-next' }]))).toEqual({ code: 'BSK_PROVIDER_MODEL_UNPRICED', field: 'models.1.pricing' });
  });

  it('a name taken twice: the alias, upstream id or added id that took it', () => {
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-next', aliases: ['next', 'claude-sonnet-4-5'], pricing: priced }]))).toEqual({ code: 'BSK_PROVIDER_MODEL_NAME_TAKEN', field: 'models.0.aliases.1' });
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-sonnet-4-5', contextWindow: 1 }, { id: 'claude-next', upstreamId: 'claude-sonnet-4-5-20250929', pricing: priced }]))).toEqual({ code: 'BSK_PROVIDER_MODEL_NAME_TAKEN', field: 'models.1.upstreamId' });
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet, haiku], [{ id: 'haiku', pricing: priced }]))).toEqual({ code: 'BSK_PROVIDER_MODEL_NAME_TAKEN', field: 'models.0.id' });
  });

  it('price changes out of date order, shipped or configured: the configured entry\'s priceChanges, none for a shipped schedule', () => {
    const unordered = [{ from: '2027-06-01', inputPerMTok: 2 }, { from: '2027-01-01', inputPerMTok: 3 }];
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-sonnet-4-5', contextWindow: 1 }, { id: 'claude-next', pricing: { ...priced, priceChanges: unordered } }]))).toEqual({ code: 'BSK_PROVIDER_PRICE_CHANGES_INVALID', field: 'models.1.pricing.priceChanges' });
    const shipped = { ...sonnet, pricing: { ...sonnet.pricing, priceChanges: unordered } };
    expect(refusalOf(() => withConfiguredModels('anthropic', [shipped]))).toEqual({ code: 'BSK_PROVIDER_PRICE_CHANGES_INVALID', field: undefined });
    expect(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-sonnet-4-5', pricing: { priceChanges: [unordered[1]!, unordered[0]!] } }])).not.toThrow();
  });

  it('a shipped model changed to take a later shipped model\'s name: the entry that changed it', () => {
    expect(refusalOf(() => withConfiguredModels('anthropic', [sonnet, haiku], [{ id: 'anthropic/claude-sonnet-4-5', aliases: ['sonnet', 'haiku'] }]))).toEqual({ code: 'BSK_PROVIDER_MODEL_NAME_TAKEN', field: 'models.0.aliases.1' });
  });
});

describe('lifecycle fields (retiresAt, deprecatedAt, replacement), checked at boot, shipped or configured', () => {
  const successor: ModelInfo = { ...sonnet, id: 'anthropic/claude-sonnet-4-6', upstreamId: 'claude-sonnet-4-6', aliases: ['claude-sonnet-4-6'] };
  const retiring: ModelInfo = { ...sonnet, retiresAt: '2026-11-30', replacement: 'anthropic/claude-sonnet-4-6' };
  const problemOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof BskError) return { code: error.code, message: error.message, field: error.details.field };
      throw error;
    }
    return 'no error';
  };

  it('takes a date and a replacement in the same catalog that outlives the model', () => {
    expect(withConfiguredModels('anthropic', [retiring, successor])).toEqual([retiring, successor]);
    expect(withConfiguredModels('anthropic', [retiring, { ...successor, retiresAt: '2027-06-01' }])).toHaveLength(2);
  });

  it('refuses a date that is not one, in a shipped catalog as in config', () => {
    expect(problemOf(() => withConfiguredModels('anthropic', [{ ...retiring, retiresAt: '2026-02-30' }, successor]))).toEqual({
      code: 'BSK_PROVIDER_MODEL_LIFECYCLE', field: undefined, message: 'anthropic: model "anthropic/claude-sonnet-4-5" has retiresAt "2026-02-30", which is not a date (YYYY-MM-DD)',
    });
    expect(problemOf(() => withConfiguredModels('anthropic', [sonnet], [{ id: 'claude-sonnet-4-5', deprecatedAt: 'soon' }]))).toMatchObject({ code: 'BSK_PROVIDER_MODEL_LIFECYCLE', field: 'models.0.deprecatedAt' });
  });

  it('refuses a replacement that is not in the catalog, or that retires no later than the model itself', () => {
    expect(problemOf(() => withConfiguredModels('anthropic', [retiring]))).toMatchObject({
      code: 'BSK_PROVIDER_MODEL_LIFECYCLE', message: 'anthropic: model "anthropic/claude-sonnet-4-5" names the replacement "anthropic/claude-sonnet-4-6", which is not in the anthropic catalog (give its gateway id, provider/model)',
    });
    expect(problemOf(() => withConfiguredModels('anthropic', [retiring, { ...successor, retiresAt: '2026-11-30' }]))).toMatchObject({
      code: 'BSK_PROVIDER_MODEL_LIFECYCLE', message: 'anthropic: model "anthropic/claude-sonnet-4-5" names the replacement "anthropic/claude-sonnet-4-6", which retires on 2026-11-30, no later than the model itself',
    });
    expect(problemOf(() => withConfiguredModels('anthropic', [sonnet, successor], [{ id: 'claude-sonnet-4-5', retiresAt: '2026-11-30', replacement: 'claude-sonnet-4-6' }]))).toMatchObject({ code: 'BSK_PROVIDER_MODEL_LIFECYCLE', field: 'models.0.replacement' });
  });

  it('lets an operator set a retirement on a shipped model, or add a model with one', () => {
    const [changed] = withConfiguredModels('anthropic', [sonnet, successor], [{ id: 'claude-sonnet-4-5', retiresAt: '2026-11-30', replacement: 'anthropic/claude-sonnet-4-6' }]);
    expect(changed).toEqual(retiring);
    const added = withConfiguredModels('anthropic', [successor], [{ id: 'claude-old', retiresAt: '2026-12-01', replacement: 'anthropic/claude-sonnet-4-6', pricing: { inputPerMTok: 1, outputPerMTok: 1 } }]).at(-1);
    expect(added).toMatchObject({ id: 'anthropic/claude-old', retiresAt: '2026-12-01', replacement: 'anthropic/claude-sonnet-4-6' });
  });
});

describe('a provider plugin refusing its `models` at activation', () => {
  const pluginFolder = (name: string) => join(import.meta.dirname, '..', name);

  it('names the config field (anthropic, a provider of its own protocol)', async () => {
    await expect(activateProviderPlugin(pluginFolder('anthropic'), { section: { apiKey: 'k', models: [{ id: 'claude-next' }] } })).rejects.toMatchObject({
      code: 'BSK_PLUGIN_CONFIG_INVALID',
      details: { plugin: 'anthropic', field: 'plugins.anthropic.models.0.pricing' },
      cause: { code: 'BSK_PROVIDER_MODEL_UNPRICED' },
    });
  });

  it('names the config field of a lifecycle field a request could not act on', async () => {
    await expect(activateProviderPlugin(pluginFolder('anthropic'), { section: { apiKey: 'k', models: [{ id: 'claude-haiku-4-5', retiresAt: '2027-01-01', replacement: 'anthropic/claude-none' }] } })).rejects.toMatchObject({
      code: 'BSK_PLUGIN_CONFIG_INVALID',
      details: { plugin: 'anthropic', field: 'plugins.anthropic.models.0.replacement' },
      cause: { code: 'BSK_PROVIDER_MODEL_LIFECYCLE' },
    });
  });

  it('names the config field (deepseek, an OpenAI-chat preset)', async () => {
    await expect(activateProviderPlugin(pluginFolder('deepseek'), { section: { apiKey: 'k', models: [{ id: 'deepseek-fast', aliases: ['deepseek-chat'], pricing: { inputPerMTok: 1, outputPerMTok: 1 } }] } })).rejects.toMatchObject({
      code: 'BSK_PLUGIN_CONFIG_INVALID',
      details: { plugin: 'deepseek', field: 'plugins.deepseek.models.0.aliases.0' },
      cause: { code: 'BSK_PROVIDER_MODEL_NAME_TAKEN' },
    });
  });
});

describe('a provider plugin\'s `models` config', () => {
  const schema = manifest.config as Record<string, unknown>;
  const problems = (models: unknown) => validateAgainst(schema, { models }).map((problem) => `${problem.field} ${problem.reason}`);

  it('takes the shared model entry, long-context prices included', () => {
    expect(problems([{ id: 'claude-opus-5-5', releasedAt: '2026-06-30', pricing: { inputPerMTok: 4_000_000, outputPerMTok: 20_000_000, longContext: { aboveInputTokens: 200_000, inputPerMTok: 8_000_000 } } }])).toEqual([]);
  });

  it('takes price changes on known dates', () => {
    expect(problems([{ id: 'gemini-3.8-flash', pricing: { inputPerMTok: 750_000, outputPerMTok: 3_750_000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 }] } }])).toEqual([]);
    expect(problems([{ id: 'x', pricing: { priceChanges: [{ inputPerMTok: 1 }] } }])).toContain('models.0.pricing.priceChanges.0.from is required');
    expect(problems([{ id: 'x', pricing: { priceChanges: [{ from: 'next year' }] } }])[0]).toMatch(/^models\.0\.pricing\.priceChanges\.0\.from /);
  });

  it('names the field that is wrong', () => {
    expect(problems([{ id: 'x', prices: {} }])).toContain('models.0.prices is not a known field');
    expect(problems([{ id: 'x', pricing: { inputPerMTok: 1.5 } }])[0]).toMatch(/^models\.0\.pricing\.inputPerMTok /);
    expect(problems([{ id: 'x', releasedAt: 'last week' }])[0]).toMatch(/^models\.0\.releasedAt /);
    expect(problems([{ id: 'x', retiresAt: 'next month' }])).toEqual(['models.0.retiresAt must match format "date"']);
    // A replacement is a gateway id, provider/model: a bare name could be any provider's.
    expect(problems([{ id: 'x', replacement: 'claude-sonnet-4-6' }])).toEqual(['models.0.replacement must match pattern "^[^/]+/.+$"']);
    expect(problems([{ pricing: {} }])).toContain('models.0.id is required');
  });
});
