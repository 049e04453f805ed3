import { goesByUpstreamId, type ModelCapability, type ModelInfo } from '../../../kernel/canonical/model';
import { parseIsoDate, retirementOf } from '../../../kernel/canonical/model-lifecycle';
import { schedulePriceChanges } from '../../../kernel/canonical/price-changes';
import { defineErrors } from '../../../kernel/errors';
import type { PluginContext } from '../../../kernel/plugin';
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
  BSK_PROVIDER_PRICE_CHANGES_INVALID: {
    status: 500,
    message: '{provider}: model {model} pricing.priceChanges.{problem}',
  },
  BSK_PROVIDER_MODEL_LIFECYCLE: {
    status: 500,
    message: '{provider}: model "{model}" {problem}',
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

/** One entry of the config's `models`, bare id, with its place there so a refusal names the field the operator wrote. */
interface ConfiguredEntry {
  readonly index: number;
  readonly entry: ModelCatalogEntry;
  /** Adds a model rather than changing a shipped one, so its id is one of its names. */
  readonly added: boolean;
}

function add(provider: string, { index, entry }: ConfiguredEntry): ModelInfo {
  const pricing = entry.pricing;
  // A built-in provider bills real money upstream: a model with no price would be served free by accident.
  if (pricing?.inputPerMTok === undefined || pricing.outputPerMTok === undefined) throw configuredModelErrors.create('BSK_PROVIDER_MODEL_UNPRICED', { provider, model: entry.id, field: `models.${index}.pricing` });
  return buildModelCatalog(provider, [entry], ADDED_MODEL_CAPABILITIES)[0]!;
}

/** The field of `entries` that gave a model `name`; none when the shipped catalog did. */
function fieldNaming(entries: readonly ConfiguredEntry[], name: string): string | undefined {
  for (const { index, entry, added } of entries) {
    const alias = entry.aliases?.indexOf(name) ?? -1;
    if (alias >= 0) return `models.${index}.aliases.${alias}`;
    if (entry.upstreamId === name) return `models.${index}.upstreamId`;
    if (added && entry.upstreamId === undefined && entry.id === name) return `models.${index}.id`;
  }
  return undefined;
}

/** Every name a request may use for a model must lead to one model only. */
function assertNamesUnique(provider: string, models: readonly ModelInfo[], configured: ReadonlyMap<string, readonly ConfiguredEntry[]>): void {
  const owners = new Map<string, string>();
  for (const model of models) {
    for (const name of new Set([...(goesByUpstreamId(model, model.upstreamId) ? [model.upstreamId] : []), ...model.aliases])) {
      const first = owners.get(name);
      if (first !== undefined && first !== model.id) {
        const field = fieldNaming(configured.get(model.id) ?? [], name) ?? fieldNaming(configured.get(first) ?? [], name);
        throw configuredModelErrors.create('BSK_PROVIDER_MODEL_NAME_TAKEN', { provider, name, first, second: model.id, ...(field === undefined ? {} : { field }) });
      }
      owners.set(name, model.id);
    }
  }
}

/** What is wrong with a model's lifecycle fields, if anything: dates that are not dates, or a replacement a caller could not move to. */
function lifecycleProblem(model: ModelInfo, byId: ReadonlyMap<string, ModelInfo>): { problem: string; field: 'retiresAt' | 'deprecatedAt' | 'replacement' } | undefined {
  for (const field of ['retiresAt', 'deprecatedAt'] as const) {
    const date = model[field];
    if (date !== undefined && Number.isNaN(parseIsoDate(date))) return { field, problem: `has ${field} "${date}", which is not a date (YYYY-MM-DD)` };
  }
  if (model.replacement === undefined) return undefined;
  const replacement = byId.get(model.replacement);
  if (!replacement) return { field: 'replacement', problem: `names the replacement "${model.replacement}", which is not in the ${model.provider} catalog (give its gateway id, provider/model)` };
  // A caller sent to the replacement must not be refused there first.
  if (replacement.retiresAt !== undefined && (model.retiresAt === undefined || replacement.retiresAt <= model.retiresAt)) {
    return { field: 'replacement', problem: `names the replacement "${replacement.id}", which retires on ${replacement.retiresAt}, no later than the model itself` };
  }
  return undefined;
}

/**
 * Refuses lifecycle fields a request could not act on, and works out each deprecated model's
 * retirement once, here at boot, so requests only read it (model-lifecycle.ts).
 */
export function assertModelLifecycles(provider: string, models: readonly ModelInfo[], configured: ReadonlyMap<string, readonly ConfiguredEntry[]> = new Map()): readonly ModelInfo[] {
  const byId = new Map(models.map((model) => [model.id, model]));
  for (const model of models) {
    const found = lifecycleProblem(model, byId);
    if (found) {
      const placed = configured.get(model.id)?.findLast(({ entry }) => entry[found.field] !== undefined);
      throw configuredModelErrors.create('BSK_PROVIDER_MODEL_LIFECYCLE', { provider, model: model.id, problem: found.problem, ...(placed ? { field: `models.${placed.index}.${found.field}` } : {}) });
    }
    retirementOf(model);
  }
  return models;
}

/**
 * The shipped catalog with the provider config's `models` applied, so an operator serves a
 * model released after this build (or corrects a price) without waiting for one. An entry
 * whose id is a shipped model's changes only the fields it gives (prices one by one); any
 * other id adds a model, which must come with its prices. Ids may be bare or `provider/id`.
 * A refusal carries `field`, the entry's path in the plugin's config section.
 */
export function withConfiguredModels(provider: string, shipped: readonly ModelInfo[], configured: readonly ModelCatalogEntry[] = []): readonly ModelInfo[] {
  if (!configured.length) {
    schedulePriceChangesOf(provider, shipped);
    return assertModelLifecycles(provider, shipped);
  }
  const models = [...shipped];
  const prefix = `${provider}/`;
  const entriesOf = new Map<string, ConfiguredEntry[]>();
  for (const [index, raw] of configured.entries()) {
    const entry = raw.id.startsWith(prefix) ? { ...raw, id: raw.id.slice(prefix.length) } : raw;
    const position = models.findIndex((model) => model.id === prefix + entry.id);
    const placed = { index, entry, added: position < 0 };
    if (position >= 0) models[position] = override(models[position]!, entry);
    else models.push(add(provider, placed));
    entriesOf.set(prefix + entry.id, [...(entriesOf.get(prefix + entry.id) ?? []), placed]);
  }
  assertNamesUnique(provider, models, entriesOf);
  schedulePriceChangesOf(provider, models, entriesOf);
  return assertModelLifecycles(provider, models, entriesOf);
}

/**
 * Checks every model's price changes and works out their prices once, at load, so a request
 * only compares dates; a schedule the config gave is refused naming its field.
 */
export function schedulePriceChangesOf(provider: string, models: readonly ModelInfo[], configured: ReadonlyMap<string, readonly ConfiguredEntry[]> = new Map()): void {
  for (const model of models) {
    const problem = schedulePriceChanges(model.pricing);
    if (problem === undefined) continue;
    const index = configured.get(model.id)?.findLast(({ entry }) => entry.pricing?.priceChanges !== undefined)?.index;
    throw configuredModelErrors.create('BSK_PROVIDER_PRICE_CHANGES_INVALID', { provider, model: model.id, problem, ...(index === undefined ? {} : { field: `models.${index}.pricing.priceChanges` }) });
  }
}

/**
 * Runs `build`, which applies the plugin's `models` (withConfiguredModels), so that a refused
 * entry stops the boot naming the config file or variable and the field the operator wrote,
 * not the plugin's manifest.
 */
export function applyingConfiguredModels<T>(ctx: PluginContext<ConfiguredModels>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (configuredModelErrors.is(error) && typeof error.details.field === 'string') throw ctx.configProblem(error.details.field, error);
    throw error;
  }
}
