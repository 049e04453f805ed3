import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider, RerankProvider } from '../../../kernel/canonical/modality-providers';
import { createOpenAIStyleEmbeddingProvider } from '../openai/openai-embedding-provider';
import { createUpstreamCallHealth, trackEmbeddings, trackRerank, type UpstreamCallHealth } from '../shared/upstream-call-health';
import type { FetchFunction } from '../shared/upstream-fetch';
import { createJinaRerankProvider } from './jina-rerank-provider';
import { buildModalityCatalog, type ModalityModelEntry } from '../shared/modality-catalog';
import type { OpenAICompatibleInstance } from './openai-compatible-provider';

/** A configured model; `modality` defaults to chat. */
export type CompatibleModelEntry = OpenAICompatibleInstance['models'][number] & { readonly modality?: ModelInfo['modality'] };

export function isChatEntry(entry: CompatibleModelEntry): boolean {
  return (entry.modality ?? 'chat') === 'chat';
}

export interface CompatibleModalityProviders {
  readonly embeddings?: EmbeddingProvider;
  readonly rerank?: RerankProvider;
  /** The instance's `/health` entry when it has no chat models (with them, its pool is that entry). */
  readonly health?: UpstreamCallHealth;
}

/**
 * An instance's embedding models (OpenAI's `/embeddings`) and rerank models (Jina's
 * `/rerank`), or nothing when it has none of that modality. A local server needs no key.
 * An instance with only these models reports their calls in `/health`, as Cohere and Voyage do.
 */
export function createCompatibleModalityProviders(instance: OpenAICompatibleInstance, fetch: FetchFunction): CompatibleModalityProviders {
  const entries = instance.models as readonly CompatibleModelEntry[];
  const modalityEntries = entries.filter((entry) => !isChatEntry(entry)) as ModalityModelEntry[];
  if (modalityEntries.length === 0) return {};
  const connection = { name: instance.name, baseUrl: instance.baseUrl, apiKey: instance.apiKey, headers: instance.headers, requiresApiKey: false, fetch };
  const embeddings = buildModalityCatalog(instance.name, 'embeddings', modalityEntries).models;
  const rerank = buildModalityCatalog(instance.name, 'rerank', modalityEntries).models;
  const health = entries.some(isChatEntry) ? undefined : createUpstreamCallHealth({ name: instance.name, baseUrl: instance.baseUrl, enabled: true });
  const embeddingProvider = embeddings.length ? createOpenAIStyleEmbeddingProvider({ ...connection, models: embeddings }) : undefined;
  const rerankProvider = rerank.length ? createJinaRerankProvider({ ...connection, models: rerank }) : undefined;
  return {
    ...(embeddingProvider ? { embeddings: health ? trackEmbeddings(health, embeddingProvider) : embeddingProvider } : {}),
    ...(rerankProvider ? { rerank: health ? trackRerank(health, rerankProvider) : rerankProvider } : {}),
    ...(health ? { health } : {}),
  };
}
