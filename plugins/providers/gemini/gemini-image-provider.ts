import type { ImageProvider } from '../../../kernel/canonical/modality-providers';
import type { ModalityCatalog } from '../openai-compatible/modality-catalog';
import { expectShape, readUpstreamJson, requireApiKey } from '../openai-compatible/read-upstream-json';
import { fetchUpstream } from '../shared/upstream-fetch';
import { geminiHeaders } from './gemini-api';
import type { GeminiMediaOptions } from './gemini-embedding-provider';
import { aspectRatioOf, geminiModelActionUrl } from './gemini-media-api';
import { readGeminiError } from './read-gemini-error';

interface ImagenPrediction { bytesBase64Encoded?: unknown; mimeType?: unknown }

/** Imagen through `:predict`: sizes become aspect ratios; it has no edit endpoint on this API. */
export function createGeminiImageProvider(options: GeminiMediaOptions & { readonly catalog: ModalityCatalog }): ImageProvider {
  return {
    name: options.name,
    enabled: Boolean(options.apiKey),
    models: () => options.catalog.models,
    sizes: (model) => options.catalog.entry(model)?.sizes ?? [],
    canEdit: () => false,
    async generateImages(request, model, call) {
      const aspectRatio = aspectRatioOf(request.size);
      const body = { instances: [{ prompt: request.prompt }], parameters: { sampleCount: request.count, ...(aspectRatio ? { aspectRatio } : {}) } };
      const url = geminiModelActionUrl(options.baseUrl, model.upstreamId, 'predict');
      const response = await fetchUpstream({ provider: options.name, url, headers: geminiHeaders(requireApiKey(options.name, options.apiKey, 'GEMINI_API_KEY')), body, signal: call.signal, fetch: options.fetch }, readGeminiError);
      const predictions = (await readUpstreamJson<{ predictions?: ImagenPrediction[] }>(options.name, response)).predictions ?? [];
      expectShape(options.name, predictions.length > 0 && predictions.every((prediction) => typeof prediction.bytesBase64Encoded === 'string'), 'predictions with bytesBase64Encoded');
      return predictions.map((prediction) => ({ bytes: Buffer.from(prediction.bytesBase64Encoded as string, 'base64'), mimeType: typeof prediction.mimeType === 'string' ? prediction.mimeType : 'image/png' }));
    },
  };
}
