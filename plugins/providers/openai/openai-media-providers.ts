import type { EmbeddingProvider, ImageProvider } from '../../../kernel/canonical/modality-providers';
import { buildModalityCatalog, type ModalityModelEntry } from '../shared/modality-catalog';
import type { FetchFunction } from '../shared/upstream-fetch';
import entries from './media-models.json';
import { createOpenAIStyleEmbeddingProvider } from './openai-embedding-provider';
import { createOpenAIImageProvider } from './openai-image-provider';
import { openAIPreset } from './openai-provider';

/**
 * OpenAI's embeddings and image models, on the same key and base URL as its chat models. No
 * video models: OpenAI shut the Videos API and Sora 2 down on 2026-09-24, with no replacement
 * (developers.openai.com/api/docs/deprecations).
 */
export function createOpenAIMediaProviders(options: { apiKey?: string | undefined; baseUrl?: string | undefined; fetch: FetchFunction }): { embeddings: EmbeddingProvider; images: ImageProvider } {
  const name = 'openai';
  const catalog = (modality: ModalityModelEntry['modality']) => buildModalityCatalog(name, modality, entries as readonly ModalityModelEntry[]);
  const common = { name, apiKey: options.apiKey, baseUrl: options.baseUrl ?? openAIPreset.defaultBaseUrl!, requiresApiKey: true, fetch: options.fetch };
  return {
    embeddings: createOpenAIStyleEmbeddingProvider({ ...common, models: catalog('embeddings').models }),
    images: createOpenAIImageProvider({ ...common, catalog: catalog('images') }),
  };
}
