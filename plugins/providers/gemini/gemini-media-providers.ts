import type { EmbeddingProvider, ImageProvider, VideoProvider } from '../../../kernel/canonical/modality-providers';
import { buildModalityCatalog, type ModalityModelEntry } from '../shared/modality-catalog';
import type { FetchFunction } from '../shared/upstream-fetch';
import { DEFAULT_GEMINI_BASE_URL } from './gemini-api';
import { createGeminiEmbeddingProvider } from './gemini-embedding-provider';
import { createGeminiImageProvider } from './gemini-image-provider';
import { createGeminiVideoProvider } from './gemini-video-provider';
import entries from './media-models.json';

/** Gemini embeddings, Imagen and Veo, on the same key and host as the Gemini chat models. */
export function createGeminiMediaProviders(options: { apiKey?: string | undefined; baseUrl?: string | undefined; fetch: FetchFunction }): { embeddings: EmbeddingProvider; images: ImageProvider; videos: VideoProvider } {
  const name = 'gemini';
  const catalog = (modality: ModalityModelEntry['modality']) => buildModalityCatalog(name, modality, entries as readonly ModalityModelEntry[]);
  const common = { name, apiKey: options.apiKey, baseUrl: options.baseUrl ?? DEFAULT_GEMINI_BASE_URL, fetch: options.fetch };
  return {
    embeddings: createGeminiEmbeddingProvider({ ...common, models: catalog('embeddings').models }),
    images: createGeminiImageProvider({ ...common, catalog: catalog('images') }),
    videos: createGeminiVideoProvider({ ...common, catalog: catalog('videos') }),
  };
}
