import type { VideoJobState, VideoJobStatus, VideoProvider } from '../../../kernel/canonical/modality-providers';
import type { ModalityCatalog } from '../shared/modality-catalog';
import { expectShape } from '../shared/read-upstream-json';
import { callOpenAIStyle, callOpenAIStyleJson, isOpenAIStyleEnabled, type OpenAIStyleOptions } from './openai-style-upstream';

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
  const videoPath = (job: { upstreamJobId: string }) => `/videos/${encodeURIComponent(job.upstreamJobId)}`;
  return {
    name: options.name,
    enabled: isOpenAIStyleEnabled(options),
    models: () => options.catalog.models,
    sizes: (model) => options.catalog.entry(model)?.sizes ?? [],
    durations: (model) => options.catalog.entry(model)?.durations ?? [],
    async startVideo(video, model, call) {
      const body = { model: model.upstreamId, prompt: video.prompt, seconds: String(video.seconds), ...(video.size === undefined ? {} : { size: video.size }) };
      const created = await callOpenAIStyleJson<OpenAIVideoBody>(options, '/videos', call.signal, body);
      expectShape(options.name, typeof created.id === 'string' && created.id !== '', 'a video id');
      return { upstreamJobId: created.id as string };
    },
    async checkVideo(job, _model, call) {
      return readVideoState(options.name, await callOpenAIStyleJson<OpenAIVideoBody>(options, videoPath(job), call.signal));
    },
    async downloadVideo(job, _model, call) {
      const response = await callOpenAIStyle(options, `${videoPath(job)}/content`, call.signal);
      return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: response.headers.get('content-type') ?? 'video/mp4' };
    },
  };
}
