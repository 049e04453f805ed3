import type { ModelCapability, ModelInfo } from '../../../kernel/canonical/model';
import { defineErrors } from '../../../kernel/errors';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';

const configuredModelErrors = defineErrors({
  BSK_PROVIDER_MODEL_UNPRICED: {
    status: 500,
    message: '{provider}: the configured model "{model}" is not in the shipped catalog, so it needs pricing.inputPerMTok and pricing.outputPerMTok (integer credits per million tokens; 0 makes it free)',
  },
  BSK_PROVIDER_MODEL_NAME_TAKEN: {
    status: 500,
    message: '{provider}: "{name}" would name both {first} and {second}; give each model its own aliases and upstream id',
  },
});

/** The `models` section of a built-in provider's config. */
export interface ConfiguredModels {
  /** Models added to the provider's catalog, or its shipped models changed. */
  readonly models?: readonly ModelCatalogEntry[];
}

/** What a model added by config lists when it names no capabilities: what every chat model here does. */
const ADDED_MODEL_CAPABILITIES: readonly ModelCapability[] = ['tools', 'streaming'];

/** A configured entry's fields that are set, so an override changes only what it names. */
function definedFields(entry: ModelCatalogEntry): Partial<ModelInfo> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry)) if (value !== undefined && name !== 'id' && name !== 'pricing') fields[name] = value;
  return fields as Partial<ModelInfo>;
}

function override(model: ModelInfo, entry: ModelCatalogEntry): ModelInfo {
  return { ...model, ...definedFields(entry), pricing: { ...model.pricing, ...entry.pricing } };
}

function add(provider: string, entry: ModelCatalogEntry): ModelInfo {
  const pricing = entry.pricing;
  // A built-in provider bills real money upstream: a model with no price would be served free by accident.
  if (pricing?.inputPerMTok === undefined || pricing.outputPerMTok === undefined) throw configuredModelErrors.create('BSK_PROVIDER_MODEL_UNPRICED', { provider, model: entry.id });
  return buildModelCatalog(provider, [entry], ADDED_MODEL_CAPABILITIES)[0]!;
}

/** Every name a request may use for a model must lead to one model only. */
function assertNamesUnique(provider: string, models: readonly ModelInfo[]): void {
  const owners = new Map<string, string>();
  for (const model of models) {
    for (const name of new Set([model.upstreamId, ...model.aliases])) {
      const first = owners.get(name);
      if (first !== undefined && first !== model.id) throw configuredModelErrors.create('BSK_PROVIDER_MODEL_NAME_TAKEN', { provider, name, first, second: model.id });
      owners.set(name, model.id);
    }
  }
}

/**
 * The shipped catalog with the provider config's `models` applied, so an operator serves a
 * model released after this build (or corrects a price) without waiting for one. An entry
 * whose id is a shipped model's changes only the fields it gives (prices one by one); any
 * other id adds a model, which must come with its prices. Ids may be bare or `provider/id`.
 */
export function withConfiguredModels(provider: string, shipped: readonly ModelInfo[], configured: readonly ModelCatalogEntry[] = []): readonly ModelInfo[] {
  if (!configured.length) return shipped;
  const models = [...shipped];
  const prefix = `${provider}/`;
  for (const raw of configured) {
    const entry = raw.id.startsWith(prefix) ? { ...raw, id: raw.id.slice(prefix.length) } : raw;
    const index = models.findIndex((model) => model.id === prefix + entry.id);
    if (index >= 0) models[index] = override(models[index]!, entry);
    else models.push(add(provider, entry));
  }
  assertNamesUnique(provider, models);
  return models;
}
