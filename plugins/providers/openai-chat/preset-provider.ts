import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { PluginContext } from '../../../kernel/plugin';
import { applyingConfiguredModels, type ConfiguredModels, withConfiguredModels } from '../shared/configured-models';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { buildModelCatalog, type ModelCatalogEntry } from './model-catalog';
import type { OpenAIChatPreset } from './openai-chat-preset';
import { createOpenAIChatProvider, type PresetProviderOptions } from './openai-chat-provider';

export type PresetProviderFactory = (options: PresetProviderOptions) => ChatProvider;

/** The factory of a preset's provider: named `defaultName` unless told otherwise, its models.json (with `configuredModels` applied) as catalog. */
export function presetProviderFactory(defaultName: string, preset: OpenAIChatPreset, entries: readonly ModelCatalogEntry[]): PresetProviderFactory {
  return ({ configuredModels, ...options }) => {
    const name = options.name ?? defaultName;
    return createOpenAIChatProvider(preset, { ...options, name, models: withConfiguredModels(name, buildModelCatalog(name, entries), configuredModels) });
  };
}

/** A preset plugin's config: its upstreams and its `models` section. */
export type PresetPluginConfig = PooledProviderConfig & ConfiguredModels;

/** Contributes a preset plugin's provider, pooled over its configured upstreams. */
export function contributePresetProvider(ctx: PluginContext<PresetPluginConfig>, name: string, create: PresetProviderFactory): void {
  applyingConfiguredModels(ctx, () => contributePooledProvider(ctx, name, (target) => create({ apiKey: target.apiKey, baseUrl: target.baseUrl, configuredModels: ctx.config.models, fetch: nodeHttpFetch, logger: ctx.logger })));
}
