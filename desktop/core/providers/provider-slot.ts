import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { Layers } from '../layers/layers';
import { createDosiaProvider, type ProviderDependencies } from './create-dosia-provider';
import type { DosiaModel, DosiaProvider, ProviderConfig, ProviderModels, ProviderSlot, ResolvedModel } from './dosia-provider';
import { providerErrors } from './errors';
import { type KeySources, readProviderConfigs } from './read-provider-configs';

export interface ProviderSlotOptions extends ProviderDependencies {
  readonly layers: Layers;
  readonly logger: Logger;
  /** Where `secret:` and `env:` key references are read (default: no secret store, this process's environment). */
  readonly keySources?: KeySources;
}

/** A model list and, when its fetch failed, the error to rethrow when someone needs that provider. */
interface CachedModels extends ProviderModels {
  readonly failure?: unknown;
}

/** The id, an alias, or `vendor/alias` (how ByteSpike also accepts `kimi/kimi-k2`). */
function modelAnswersTo(model: DosiaModel, name: string): boolean {
  if (model.id === name) return true;
  return (model.aliases ?? []).some((alias) => alias === name || (model.vendor !== undefined && `${model.vendor}/${alias}` === name));
}

/** `bytespike:anthropic/claude-sonnet-4-6` names the provider; a plain id is looked up in every list. */
function splitQualified(modelId: string, configs: readonly ProviderConfig[]): { provider?: string; model: string } {
  const colon = modelId.indexOf(':');
  if (colon > 0 && configs.some((config) => config.name === modelId.slice(0, colon))) return { provider: modelId.slice(0, colon), model: modelId.slice(colon + 1) };
  return { model: modelId };
}

export function createProviderSlot(options: ProviderSlotOptions): ProviderSlot {
  const { layers, logger } = options;
  let cache: CachedModels[] | null = null;

  const modelDenial = (provider: string, model: string) => layers.denial('models', model) ?? layers.denial('models', `${provider}:${model}`);
  const read = () => readProviderConfigs(layers, options.keySources ?? { env: process.env });
  const allConfigs = () => {
    const { configs, problems } = read();
    for (const problem of problems) logger.warn({ provider: problem.name, reason: problem.reason }, 'provider skipped');
    return configs;
  };
  const configs = () => allConfigs().filter((config) => !layers.isDenied('providers', config.name));

  function provider(name: string): DosiaProvider {
    const config = allConfigs().find((candidate) => candidate.name === name);
    if (!config) throw providerErrors.create('BSK_PROVIDER_UNKNOWN', { provider: name });
    const denial = layers.denial('providers', name);
    if (denial) throw providerErrors.create('BSK_PROVIDER_DENIED', { reason: denial });
    return createDosiaProvider(config, options);
  }

  async function fetchModels(config: ProviderConfig, signal?: AbortSignal): Promise<CachedModels> {
    const fetchedAt = new Date().toISOString();
    try {
      const models = await createDosiaProvider(config, options).listModels(signal);
      return { provider: config.name, models: models.filter((model) => !modelDenial(config.name, model.id)), fetchedAt };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { provider: config.name, models: [], error: isBskError(error) ? error.message : String(error), failure: error, fetchedAt };
    }
  }

  async function refreshModels(signal?: AbortSignal): Promise<CachedModels[]> {
    cache = await Promise.all(configs().map((config) => fetchModels(config, signal)));
    return cache;
  }

  function findModel(lists: readonly CachedModels[], wanted: { provider?: string; model: string }): ResolvedModel | null {
    for (const list of lists) {
      if (wanted.provider && list.provider !== wanted.provider) continue;
      const model = list.models.find((candidate) => modelAnswersTo(candidate, wanted.model));
      if (model) return { provider: provider(list.provider), model };
    }
    return null;
  }

  /** Nothing serves the model: say why (a provider that could not be asked, or the lists we have). */
  function notFound(lists: readonly CachedModels[], wanted: { provider?: string; model: string }): unknown {
    const asked = lists.filter((list) => !wanted.provider || list.provider === wanted.provider);
    if (asked.length === 0) return wanted.provider ? providerErrors.create('BSK_PROVIDER_UNKNOWN', { provider: wanted.provider }) : providerErrors.create('BSK_PROVIDER_NOT_CONFIGURED');
    const failed = asked.find((list) => list.failure !== undefined);
    if (failed && asked.every((list) => list.failure !== undefined)) return failed.failure;
    const where = wanted.provider ? `provider "${wanted.provider}"` : `any configured provider (${asked.map((list) => list.provider).join(', ')})`;
    return providerErrors.create('BSK_PROVIDER_UNKNOWN_MODEL', { model: wanted.model, where });
  }

  async function resolveModel(modelId?: string, signal?: AbortSignal): Promise<ResolvedModel> {
    const setting = layers.get('model').value;
    const requested = modelId ?? (typeof setting === 'string' && setting ? setting : undefined);
    const fresh = cache === null;
    const lists = cache ?? (await refreshModels(signal));
    if (requested === undefined) {
      const first = lists.flatMap((list) => list.models.filter((model) => model.modality === 'chat')).at(0);
      if (!first) throw notFound(lists, { model: '(default)' });
      return { provider: provider(first.provider), model: first };
    }
    const wanted = splitQualified(requested, configs());
    const denial = wanted.provider ? modelDenial(wanted.provider, wanted.model) : layers.denial('models', wanted.model);
    if (denial) throw providerErrors.create('BSK_PROVIDER_DENIED', { reason: denial });
    // A model missing from a cached list may have appeared since: ask again once before failing.
    const found = findModel(lists, wanted) ?? (fresh ? null : findModel(await refreshModels(signal), wanted));
    if (!found) throw notFound(cache ?? lists, wanted);
    return found;
  }

  return {
    configs,
    denied: () => allConfigs().flatMap((config) => {
      const reason = layers.denial('providers', config.name);
      return reason ? [{ name: config.name, reason }] : [];
    }),
    unusable: () => read().problems,
    provider,
    refreshModels: async (signal) => (await refreshModels(signal)).map(publicModels),
    models: async (signal) => (cache ?? (await refreshModels(signal))).map(publicModels),
    resolveModel,
  };
}

/** The list without the captured error object (it stays internal, for rethrowing). */
function publicModels({ failure: _failure, ...list }: CachedModels): ProviderModels {
  return list;
}
