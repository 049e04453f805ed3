import type { ModelCapability, ModelInfo, ModelPricing, ThinkingMode } from '../../../kernel/canonical/model';
import type { WireProtocol } from '../../../kernel/canonical/provider';
import type { ModelReasoningEffort } from '../../../kernel/canonical/request';

/** One model as a provider's `models.json` (or an openai-compatible instance's config) lists it. */
export interface ModelCatalogEntry {
  /** The model's own name; the gateway id is `provider/id`. */
  readonly id: string;
  /** What the upstream calls it, when that differs from `id`. */
  readonly upstreamId?: string;
  readonly aliases?: readonly string[];
  readonly displayName?: string;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  readonly capabilities?: readonly ModelCapability[];
  readonly pricing?: ModelPricing;
  readonly releasedAt?: string;
  readonly protocols?: readonly WireProtocol[];
  readonly reasoningEfforts?: readonly ModelReasoningEffort[];
  /** Embeddings models: the length of their vectors. */
  readonly dimensions?: number;
  /** Embeddings models that take no `dimensions`: their vectors are always `dimensions` long. */
  readonly fixedDimensions?: boolean;
  readonly thinking?: ThinkingMode;
  readonly retiresAt?: string;
  readonly deprecatedAt?: string;
  readonly replacement?: string;
}

/** Catalog entries as ModelInfo of provider instance `provider`. */
export function buildModelCatalog(provider: string, entries: readonly ModelCatalogEntry[], defaultCapabilities: readonly ModelCapability[] = []): ModelInfo[] {
  return entries.map((entry) => ({
    id: `${provider}/${entry.id}`,
    provider,
    upstreamId: entry.upstreamId ?? entry.id,
    aliases: entry.aliases ?? [],
    displayName: entry.displayName ?? entry.id,
    modality: 'chat',
    ...(entry.contextWindow === undefined ? {} : { contextWindow: entry.contextWindow }),
    ...(entry.maxOutputTokens === undefined ? {} : { maxOutputTokens: entry.maxOutputTokens }),
    capabilities: entry.capabilities ?? defaultCapabilities,
    pricing: entry.pricing ?? {},
    ...(entry.releasedAt === undefined ? {} : { releasedAt: entry.releasedAt }),
    ...(entry.protocols === undefined ? {} : { protocols: entry.protocols }),
    ...(entry.reasoningEfforts === undefined ? {} : { reasoningEfforts: entry.reasoningEfforts }),
    ...(entry.dimensions === undefined ? {} : { dimensions: entry.dimensions }),
    ...(entry.fixedDimensions === undefined ? {} : { fixedDimensions: entry.fixedDimensions }),
    ...(entry.thinking === undefined ? {} : { thinking: entry.thinking }),
    ...(entry.retiresAt === undefined ? {} : { retiresAt: entry.retiresAt }),
    ...(entry.deprecatedAt === undefined ? {} : { deprecatedAt: entry.deprecatedAt }),
    ...(entry.replacement === undefined ? {} : { replacement: entry.replacement }),
  }));
}
