import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider, RerankProvider } from '../../../kernel/canonical/modality-providers';
import { createOpenAIStyleEmbeddingProvider } from '../openai/openai-embedding-provider';
import type { FetchFunction } from '../shared/upstream-fetch';
import { createJinaRerankProvider } from './jina-rerank-provider';
import { buildModalityCatalog, type ModalityModelEntry } from '../shared/modality-catalog';
import type { OpenAICompatibleInstance } from './openai-compatible-provider';

/** A configured model; `modality` defaults to chat. */
export type CompatibleModelEntry = OpenAICompatibleInstance['models'][number] & { readonly modality?: ModelInfo['modality'] };

export function isChatEntry(entry: CompatibleModelEntry): boolean {
  return (entry.modality ?? 'chat') === 'chat';
}

/**
 * An instance's embedding models (OpenAI's `/embeddings`) and rerank models (Jina's
 * `/rerank`), or nothing when it has none of that modality. A local server needs no key.
 */
export function createCompatibleModalityProviders(instance: OpenAICompatibleInstance, fetch: FetchFunction): { embeddings?: EmbeddingProvider; rerank?: RerankProvider } {
  const entries = instance.models as readonly CompatibleModelEntry[];
  const modalityEntries = entries.filter((entry) => !isChatEntry(entry)) as ModalityModelEntry[];
  const connection = { name: instance.name, baseUrl: instance.baseUrl, apiKey: instance.apiKey, headers: instance.headers, requiresApiKey: false, fetch };
  const embeddings = buildModalityCatalog(instance.name, 'embeddings', modalityEntries).models;
  const rerank = buildModalityCatalog(instance.name, 'rerank', modalityEntries).models;
  return {
    ...(embeddings.length ? { embeddings: createOpenAIStyleEmbeddingProvider({ ...connection, models: embeddings }) } : {}),
    ...(rerank.length ? { rerank: createJinaRerankProvider({ ...connection, models: rerank }) } : {}),
  };
}
