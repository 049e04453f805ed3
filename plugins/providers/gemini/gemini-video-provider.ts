import type { VideoJobState, VideoProvider } from '../../../kernel/canonical/modality-providers';
import { type ModalityCatalog, videoVariantsOf } from '../shared/modality-catalog';
import { expectShape } from '../shared/read-upstream-json';
import { aspectRatioOf, callGemini, callGeminiJson, geminiModelActionUrl, geminiOperationUrl, type GeminiMediaOptions } from './gemini-media-api';

interface VeoOperation {
  name?: unknown;
  done?: unknown;
  error?: { code?: unknown; message?: unknown };
  response?: { generateVideoResponse?: { generatedSamples?: { video?: { uri?: unknown } }[] } };
}

/** Veo reports no progress: a running operation is `in_progress` at 0 until it is done. */
function readOperation(provider: string, operation: VeoOperation): VideoJobState {
  if (operation.done !== true) return { status: 'in_progress', progress: 0 };
  if (operation.error) return { status: 'failed', progress: 100, error: { code: String(operation.error.code ?? 'failed'), message: String(operation.error.message ?? 'the upstream could not generate the video') } };
  const uri = operation.response?.generateVideoResponse?.generatedSamples?.[0]?.video?.uri;
  expectShape(provider, typeof uri === 'string', 'a finished operation with a video uri');
  return { status: 'completed', progress: 100, contentLocation: uri as string };
}

/** Veo through `:predictLongRunning`, polled as a long-running operation; the file downloads with our key. */
export function createGeminiVideoProvider(options: GeminiMediaOptions & { readonly catalog: ModalityCatalog }): VideoProvider {
  return {
    name: options.name,
    enabled: Boolean(options.apiKey),
    models: () => options.catalog.models,
    sizes: (model) => options.catalog.entry(model)?.sizes ?? [],
    durations: (model) => options.catalog.entry(model)?.durations ?? [],
    variants: (model) => videoVariantsOf(options.catalog, model),
    async startVideo(video, model, context) {
      const aspectRatio = aspectRatioOf(video.size);
      const body = { instances: [{ prompt: video.prompt }], parameters: { durationSeconds: video.seconds, ...(aspectRatio ? { aspectRatio } : {}) } };
      const operation = await callGeminiJson<VeoOperation>(options, geminiModelActionUrl(options.baseUrl, model.upstreamId, 'predictLongRunning'), context.signal, body);
      expectShape(options.name, typeof operation.name === 'string' && operation.name !== '', 'an operation name');
      return { upstreamJobId: operation.name as string };
    },
    async checkVideo(job, _model, context) {
      return readOperation(options.name, await callGeminiJson<VeoOperation>(options, geminiOperationUrl(options.baseUrl, job.upstreamJobId), context.signal));
    },
    async downloadVideo(job, _model, context) {
      expectShape(options.name, job.contentLocation !== undefined, 'a finished video');
      const response = await callGemini(options, job.contentLocation!, context.signal);
      return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: response.headers.get('content-type') ?? 'video/mp4' };
    },
  };
}
