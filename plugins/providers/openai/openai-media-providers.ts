import type { EmbeddingProvider, ImageProvider, VideoProvider } from '../../../kernel/canonical/modality-providers';
import { buildModalityCatalog, type ModalityModelEntry } from '../shared/modality-catalog';
import type { FetchFunction } from '../shared/upstream-fetch';
import entries from './media-models.json';
import { createOpenAIStyleEmbeddingProvider } from './openai-embedding-provider';
import { createOpenAIImageProvider } from './openai-image-provider';
import { openAIPreset } from './openai-provider';
import { createOpenAIVideoProvider } from './openai-video-provider';

/** OpenAI's embeddings, image and video models, on the same key and base URL as its chat models. */
export function createOpenAIMediaProviders(options: { apiKey?: string | undefined; baseUrl?: string | undefined; fetch: FetchFunction }): { embeddings: EmbeddingProvider; images: ImageProvider; videos: VideoProvider } {
  const name = 'openai';
  const catalog = (modality: ModalityModelEntry['modality']) => buildModalityCatalog(name, modality, entries as readonly ModalityModelEntry[]);
  const common = { name, apiKey: options.apiKey, baseUrl: options.baseUrl ?? openAIPreset.defaultBaseUrl!, requiresApiKey: true, fetch: options.fetch };
  return {
    embeddings: createOpenAIStyleEmbeddingProvider({ ...common, models: catalog('embeddings').models }),
    images: createOpenAIImageProvider({ ...common, catalog: catalog('images') }),
    videos: createOpenAIVideoProvider({ ...common, catalog: catalog('videos') }),
  };
}
