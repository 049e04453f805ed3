import type { VideoJobState, VideoJobStatus, VideoProvider } from '../../../kernel/canonical/modality-providers';
import { readOpenAIError } from '../openai-chat/read-openai-error';
import type { ModalityCatalog } from '../openai-compatible/modality-catalog';
import { expectShape, readUpstreamJson } from '../openai-compatible/read-upstream-json';
import { fetchUpstream, joinUrl } from '../shared/upstream-fetch';
import { openAIStyleHeaders, type OpenAIStyleOptions } from './openai-embedding-provider';

interface OpenAIVideoBody {
  id?: unknown;
  status?: unknown;
  progress?: unknown;
  error?: { code?: unknown; message?: unknown } | null;
}

const STATUSES: readonly VideoJobStatus[] = ['queued', 'in_progress', 'completed', 'failed'];

function readVideoState(provider: string, body: OpenAIVideoBody): VideoJobState {
  expectShape(provider, STATUSES.includes(body.status as VideoJobStatus), 'a video object with a status');
  const status = body.status as VideoJobStatus;
  const progress = typeof body.progress === 'number' ? Math.max(0, Math.min(100, Math.round(body.progress))) : status === 'completed' ? 100 : 0;
  if (status !== 'failed') return { status, progress };
  return { status, progress, error: { code: String(body.error?.code ?? 'video_generation_failed'), message: String(body.error?.message ?? 'the upstream could not generate the video') } };
}

/** OpenAI's Sora-style video jobs: create, poll `GET /videos/{id}`, download `/content`. */
export function createOpenAIVideoProvider(options: OpenAIStyleOptions & { readonly catalog: ModalityCatalog }): VideoProvider {
  const request = (path: string, signal: AbortSignal, body?: unknown) =>
    fetchUpstream({ provider: options.name, url: joinUrl(options.baseUrl, path), method: body === undefined ? 'GET' : 'POST', headers: openAIStyleHeaders(options), body, signal, fetch: options.fetch }, readOpenAIError);
  return {
    name: options.name,
    enabled: !options.requiresApiKey || Boolean(options.apiKey),
    models: () => options.catalog.models,
    sizes: (model) => options.catalog.entry(model)?.sizes ?? [],
    durations: (model) => options.catalog.entry(model)?.durations ?? [],
    async startVideo(video, model, call) {
      const body = { model: model.upstreamId, prompt: video.prompt, seconds: String(video.seconds), ...(video.size === undefined ? {} : { size: video.size }) };
      const created = await readUpstreamJson<OpenAIVideoBody>(options.name, await request('/videos', call.signal, body));
      expectShape(options.name, typeof created.id === 'string' && created.id !== '', 'a video id');
      return { upstreamJobId: created.id as string };
    },
    async checkVideo(job, _model, call) {
      return readVideoState(options.name, await readUpstreamJson<OpenAIVideoBody>(options.name, await request(`/videos/${encodeURIComponent(job.upstreamJobId)}`, call.signal)));
    },
    async downloadVideo(job, _model, call) {
      const response = await request(`/videos/${encodeURIComponent(job.upstreamJobId)}/content`, call.signal);
      return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: response.headers.get('content-type') ?? 'video/mp4' };
    },
  };
}
