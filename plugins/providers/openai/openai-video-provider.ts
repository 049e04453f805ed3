import type { VideoJobState, VideoJobStatus, VideoProvider, VideoVariant } from '../../../kernel/canonical/modality-providers';
import { type ModalityCatalog, videoVariantsOf } from '../shared/modality-catalog';
import { expectShape } from '../shared/read-upstream-json';
import { callOpenAIStyle, callOpenAIStyleJson, isOpenAIStyleEnabled, type OpenAIStyleOptions } from './openai-style-upstream';

interface OpenAIVideoBody {
  id?: unknown;
  status?: unknown;
  progress?: unknown;
  error?: { code?: unknown; message?: unknown } | null;
}

/** OpenAI's types for `/content`, should an answer not say: an MP4, a WebP thumbnail, a JPEG spritesheet. */
const MIME_TYPES: Readonly<Record<VideoVariant, string>> = { video: 'video/mp4', thumbnail: 'image/webp', spritesheet: 'image/jpeg' };

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
    variants: (model) => videoVariantsOf(options.catalog, model),
    async startVideo(video, model, call) {
      const body = { model: model.upstreamId, prompt: video.prompt, seconds: String(video.seconds), ...(video.size === undefined ? {} : { size: video.size }) };
      const created = await callOpenAIStyleJson<OpenAIVideoBody>(options, '/videos', call.signal, body);
      expectShape(options.name, typeof created.id === 'string' && created.id !== '', 'a video id');
      return { upstreamJobId: created.id as string };
    },
    async checkVideo(job, _model, call) {
      return readVideoState(options.name, await callOpenAIStyleJson<OpenAIVideoBody>(options, videoPath(job), call.signal));
    },
    async downloadVideo(job, _model, call, variant = 'video') {
      const query = variant === 'video' ? '' : `?variant=${variant}`;
      const response = await callOpenAIStyle(options, `${videoPath(job)}/content${query}`, call.signal);
      return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: response.headers.get('content-type') ?? MIME_TYPES[variant] };
    },
  };
}
