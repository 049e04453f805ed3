import type { VideoJobState, VideoProvider } from '../../../kernel/canonical/modality-providers';
import type { ModalityCatalog } from '../openai-compatible/modality-catalog';
import { expectShape, readUpstreamJson, requireApiKey } from '../openai-compatible/read-upstream-json';
import { fetchUpstream } from '../shared/upstream-fetch';
import { geminiHeaders } from './gemini-api';
import type { GeminiMediaOptions } from './gemini-embedding-provider';
import { aspectRatioOf, geminiModelActionUrl, geminiOperationUrl } from './gemini-media-api';
import { readGeminiError } from './read-gemini-error';

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
  const call = (url: string, signal: AbortSignal, body?: unknown) =>
    fetchUpstream({ provider: options.name, url, method: body === undefined ? 'GET' : 'POST', headers: geminiHeaders(requireApiKey(options.name, options.apiKey, 'GEMINI_API_KEY')), body, signal, fetch: options.fetch }, readGeminiError);
  return {
    name: options.name,
    enabled: Boolean(options.apiKey),
    models: () => options.catalog.models,
    sizes: (model) => options.catalog.entry(model)?.sizes ?? [],
    durations: (model) => options.catalog.entry(model)?.durations ?? [],
    async startVideo(video, model, context) {
      const aspectRatio = aspectRatioOf(video.size);
      const body = { instances: [{ prompt: video.prompt }], parameters: { durationSeconds: video.seconds, ...(aspectRatio ? { aspectRatio } : {}) } };
      const operation = await readUpstreamJson<VeoOperation>(options.name, await call(geminiModelActionUrl(options.baseUrl, model.upstreamId, 'predictLongRunning'), context.signal, body));
      expectShape(options.name, typeof operation.name === 'string' && operation.name !== '', 'an operation name');
      return { upstreamJobId: operation.name as string };
    },
    async checkVideo(job, _model, context) {
      return readOperation(options.name, await readUpstreamJson<VeoOperation>(options.name, await call(geminiOperationUrl(options.baseUrl, job.upstreamJobId), context.signal)));
    },
    async downloadVideo(job, _model, context) {
      expectShape(options.name, job.contentLocation !== undefined, 'a finished video');
      const response = await call(job.contentLocation!, context.signal);
      return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: response.headers.get('content-type') ?? 'video/mp4' };
    },
  };
}
