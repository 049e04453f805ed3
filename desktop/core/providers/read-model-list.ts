import type { ModelPricing } from '../../../kernel/canonical/model';
import type { DosiaModel } from './dosia-provider';
import { providerErrors } from './errors';

/** ByteSpike's extension field on each listed model; other providers do not send it. */
interface BytespikeExtension {
  provider?: unknown;
  modality?: unknown;
  context_window?: unknown;
  max_output_tokens?: unknown;
  aliases?: unknown;
  pricing?: Record<string, unknown>;
}

/** One entry of `data` in either shape: Anthropic (`display_name`) or OpenAI (`owned_by`). */
interface WireModel {
  id?: unknown;
  display_name?: unknown;
  owned_by?: unknown;
  bytespike?: BytespikeExtension;
}

export interface ModelPage {
  readonly models: DosiaModel[];
  /** Anthropic pagination: ask again `after_id=lastId` while `hasMore`. */
  readonly hasMore: boolean;
  readonly lastId: string | null;
}

const PRICE_FIELDS = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'cacheWritePerMTok', 'perImage', 'perVideoSecond', 'perSearch'] as const;

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Prices are integer credits; anything else in the extension (its `unit` note) is left out. */
function readPricing(pricing: Record<string, unknown> | undefined): ModelPricing | undefined {
  if (!pricing || typeof pricing !== 'object') return undefined;
  const read: Record<string, number> = {};
  for (const field of PRICE_FIELDS) {
    const value = pricing[field];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) read[field] = value;
  }
  return Object.keys(read).length ? read : undefined;
}

function readModel(provider: string, wire: WireModel): DosiaModel | null {
  if (typeof wire.id !== 'string' || !wire.id) return null;
  const extension = wire.bytespike ?? {};
  const vendor = typeof extension.provider === 'string' ? extension.provider : typeof wire.owned_by === 'string' ? wire.owned_by : undefined;
  const contextWindow = positiveInteger(extension.context_window);
  const maxOutputTokens = positiveInteger(extension.max_output_tokens);
  const pricing = readPricing(extension.pricing);
  const aliases = Array.isArray(extension.aliases) ? extension.aliases.filter((alias): alias is string => typeof alias === 'string' && alias !== wire.id) : [];
  return {
    id: wire.id,
    provider,
    displayName: typeof wire.display_name === 'string' && wire.display_name ? wire.display_name : wire.id,
    modality: typeof extension.modality === 'string' ? extension.modality : 'chat',
    ...(vendor ? { vendor } : {}),
    ...(aliases.length ? { aliases } : {}),
    ...(contextWindow ? { contextWindow } : {}),
    ...(maxOutputTokens ? { maxOutputTokens } : {}),
    ...(pricing ? { pricing } : {}),
  };
}

/** Reads one page of `GET /v1/models` in the Anthropic or the OpenAI shape (ByteSpike speaks both). */
export function readModelList(provider: string, body: unknown): ModelPage {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw providerErrors.create('BSK_PROVIDER_MALFORMED', { provider, reason: 'the model list has no `data` array' });
  const models = data.flatMap((wire: WireModel) => readModel(provider, wire) ?? []);
  const page = body as { has_more?: unknown; last_id?: unknown };
  return { models, hasMore: page.has_more === true, lastId: typeof page.last_id === 'string' ? page.last_id : null };
}
