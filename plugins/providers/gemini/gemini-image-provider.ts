import type { ImageProvider } from '../../../kernel/canonical/modality-providers';
import { imageOptionsOf, type ModalityCatalog } from '../shared/modality-catalog';
import { expectShape } from '../shared/read-upstream-json';
import { aspectRatioOf, callGeminiJson, geminiModelActionUrl, type GeminiMediaOptions } from './gemini-media-api';

interface ImagenPrediction { bytesBase64Encoded?: unknown; mimeType?: unknown }

/** Imagen through `:predict`: sizes become aspect ratios; it has no edit endpoint on this API (its catalog entries say so). */
export function createGeminiImageProvider(options: GeminiMediaOptions & { readonly catalog: ModalityCatalog }): ImageProvider {
  return {
    name: options.name,
    enabled: Boolean(options.apiKey),
    models: () => options.catalog.models,
    options: (model) => imageOptionsOf(options.catalog, model),
    async generateImages(request, model, call) {
      const aspectRatio = aspectRatioOf(request.size);
      const body = { instances: [{ prompt: request.prompt }], parameters: { sampleCount: request.count, ...(aspectRatio ? { aspectRatio } : {}) } };
      const url = geminiModelActionUrl(options.baseUrl, model.upstreamId, 'predict');
      const predictions = (await callGeminiJson<{ predictions?: ImagenPrediction[] }>(options, url, call.signal, body)).predictions ?? [];
      expectShape(options.name, predictions.length > 0 && predictions.every((prediction) => typeof prediction.bytesBase64Encoded === 'string'), 'predictions with bytesBase64Encoded');
      return { images: predictions.map((prediction) => ({ bytes: Buffer.from(prediction.bytesBase64Encoded as string, 'base64'), mimeType: typeof prediction.mimeType === 'string' ? prediction.mimeType : 'image/png' })) };
    },
  };
}
