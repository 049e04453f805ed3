import { deterministicId } from './deterministic';
import { parseJobScript, type JobStore, type VideoJob } from './job-store';
import { asObject, asString, type JsonObject } from './json-access';
import { requireJsonObject } from './read-request-body';
import { jsonReply, type Reply } from './reply';
import type { Route, SimRequest } from './route';
import { SAMPLE_JPEG_BASE64, SAMPLE_MP4, SAMPLE_WEBP_BASE64 } from './sample-media';
import { SimRequestError } from './sim-request-error';
import type { Directives } from './directives';

const SECONDS = 1000;

/** The Sora-style video object, as `GET /v1/videos/{id}` shows it after this poll. */
function describeVideo(job: VideoJob, jobs: JobStore, countsAsPoll: boolean): JsonObject {
  const { status, progress } = countsAsPoll ? jobs.poll(job) : jobs.progressOf(job);
  const createdAt = Math.floor(job.createdAtMs / SECONDS);
  const done = status === 'completed' || status === 'failed';
  return {
    id: job.id,
    object: 'video',
    model: job.model,
    status,
    progress,
    created_at: createdAt,
    completed_at: done ? Math.floor(Date.now() / SECONDS) : null,
    expires_at: status === 'completed' ? createdAt + 86_400 : null,
    prompt: job.prompt,
    size: job.attributes.size,
    seconds: job.attributes.seconds,
    quality: 'standard',
    remixed_from_video_id: null,
    error: status === 'failed' ? { code: 'video_generation_failed', message: 'Video generation failed (simulated)' } : null,
  };
}

function createVideo(request: SimRequest, directives: Directives, jobs: JobStore): Reply {
  const body = requireJsonObject(request.body);
  const prompt = asString(body.prompt);
  if (!prompt) throw new SimRequestError(400, "Missing required parameter: 'prompt'.");
  const model = asString(body.model) ?? 'sora-2';
  const id = `video_${deterministicId(`${JSON.stringify(body)}:${Date.now()}:${Math.random()}`, 32)}`;
  const job = jobs.create({ id, model, prompt, script: parseJobScript(directives.job), attributes: { size: asString(body.size) ?? '720x1280', seconds: String(body.seconds ?? '4') } });
  return jsonReply(describeVideo(job, jobs, false));
}

function findVideo(request: SimRequest, jobs: JobStore): VideoJob {
  const job = jobs.get(request.params.id!);
  if (!job || !job.id.startsWith('video_')) throw new SimRequestError(404, `Video with id '${request.params.id}' not found.`);
  return job;
}

/** `/content?variant=`: the MP4, or its preview images (a WebP thumbnail, a JPEG spritesheet). */
const VARIANTS: Readonly<Record<string, { contentType: string; body: Buffer }>> = {
  video: { contentType: 'video/mp4', body: SAMPLE_MP4 },
  thumbnail: { contentType: 'image/webp', body: Buffer.from(SAMPLE_WEBP_BASE64, 'base64') },
  spritesheet: { contentType: 'image/jpeg', body: Buffer.from(SAMPLE_JPEG_BASE64, 'base64') },
};

function videoContent(request: SimRequest, jobs: JobStore): Reply {
  const variant = request.url.searchParams.get('variant') ?? 'video';
  const content = Object.hasOwn(VARIANTS, variant) ? VARIANTS[variant] : undefined;
  if (!content) throw new SimRequestError(400, `Invalid value: '${variant}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.`, { param: 'variant', code: 'invalid_value' });
  const job = findVideo(request, jobs);
  const { status } = jobs.progressOf(job);
  if (status !== 'completed') throw new SimRequestError(400, `Video is not ready yet (status: ${status}).`);
  return { kind: 'raw', status: 200, ...content };
}

export const openAiVideoRoutes: readonly Route[] = [
  {
    method: 'POST', pattern: /^\/openai\/v1\/videos$/, provider: 'openai',
    directiveText: (request) => asString(asObject(request.body).prompt) ?? '',
    handle: (request, directives, services) => createVideo(request, directives, services.jobs),
  },
  { method: 'GET', pattern: /^\/openai\/v1\/videos\/(?<id>[^/]+)$/, provider: 'openai', handle: (request, _directives, services) => jsonReply(describeVideo(findVideo(request, services.jobs), services.jobs, true)) },
  { method: 'GET', pattern: /^\/openai\/v1\/videos\/(?<id>[^/]+)\/content$/, provider: 'openai', handle: (request, _directives, services) => videoContent(request, services.jobs) },
];
