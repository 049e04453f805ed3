import type { ModelInfo } from '../../../kernel/canonical/model';
import type { VideoJobState, VideoProvider } from '../../../kernel/canonical/modality-providers';
import type { Logger } from '../../../kernel/logger';
import type { UnitPipeline } from '../../router/unit-pipeline';
import type { VideoJob, VideoJobStore } from './video-job-store';

/** Each upstream call of a poll gets this long. */
const UPSTREAM_CALL_MS = 60_000;

export interface VideoJobsDeps {
  readonly store: VideoJobStore;
  readonly units: () => UnitPipeline;
  readonly providers: () => readonly VideoProvider[];
  readonly logger: Logger;
  readonly now?: () => number;
}

const isFinished = (job: VideoJob) => job.status === 'completed' || job.status === 'failed';

/**
 * Moves jobs forward by asking the upstream, on a client's poll or the background sweep:
 * a finished video is downloaded into our store and then billed; a failed one releases its
 * hold. One poll per job at a time, so a video is never downloaded or settled twice.
 */
export function createVideoJobs(deps: VideoJobsDeps) {
  const now = deps.now ?? Date.now;
  const inFlight = new Map<string, Promise<VideoJob>>();

  function locate(job: VideoJob): { provider: VideoProvider; model: ModelInfo } | undefined {
    const provider = deps.providers().find((candidate) => candidate.name === job.provider && candidate.enabled);
    const model = provider?.models().find((candidate) => candidate.id === job.modelId);
    return provider && model ? { provider, model } : undefined;
  }

  async function apply(job: VideoJob, state: VideoJobState, target: { provider: VideoProvider; model: ModelInfo }, signal: AbortSignal): Promise<void> {
    const upstreamJob = { upstreamJobId: job.upstreamJobId, ...(state.contentLocation ?? job.contentLocation ? { contentLocation: (state.contentLocation ?? job.contentLocation)! } : {}) };
    if (state.status === 'failed') {
      deps.store.update(job.id, { status: 'failed', progress: 100, errorCode: state.error?.code ?? 'video_generation_failed', errorMessage: state.error?.message ?? 'the upstream could not generate the video', completedAt: now() });
      await deps.units().release(job.requestId, `video job failed upstream: ${state.error?.message ?? 'failed'}`);
      return;
    }
    if (state.status !== 'completed') return deps.store.update(job.id, { status: state.status, progress: state.progress });
    const content = await target.provider.downloadVideo(upstreamJob, target.model, { signal, requestId: job.requestId, forwardHeaders: {} });
    await deps.units().settle(job.requestId, { model: target.model, usage: { videoSeconds: job.seconds }, latencyMs: now() - job.createdAt });
    deps.store.update(job.id, { status: 'completed', progress: 100, contentLocation: upstreamJob.contentLocation ?? null, completedAt: now() }, content);
  }

  async function step(job: VideoJob): Promise<VideoJob> {
    const target = locate(job);
    if (!target) return job;
    const signal = AbortSignal.timeout(UPSTREAM_CALL_MS);
    const call = { signal, requestId: job.requestId, forwardHeaders: {} };
    try {
      const state = await target.provider.checkVideo({ upstreamJobId: job.upstreamJobId, ...(job.contentLocation ? { contentLocation: job.contentLocation } : {}) }, target.model, call);
      await apply(job, state, target, signal);
    } catch (error) {
      // A poll that fails (upstream hiccup) leaves the job as it was; the next poll tries again.
      deps.logger.warn({ err: error, videoId: job.id }, 'video job poll failed');
    }
    return deps.store.get(job.orgId, job.id) ?? job;
  }

  return {
    /** The job after one upstream check (or as stored, when finished or already being checked). */
    advance(job: VideoJob): Promise<VideoJob> {
      if (isFinished(job)) return Promise.resolve(job);
      const running = inFlight.get(job.id);
      if (running) return running;
      const next = step(job).finally(() => inFlight.delete(job.id));
      inFlight.set(job.id, next);
      return next;
    },
    /** Advances every unfinished job, so bills settle and holds release without a client polling. */
    async sweep(): Promise<void> {
      await Promise.all(deps.store.unfinished().map((job) => this.advance(job)));
    },
  };
}

export type VideoJobs = ReturnType<typeof createVideoJobs>;

/** OpenAI's video object. */
export function toVideoObject(job: VideoJob) {
  return {
    id: job.id,
    object: 'video',
    model: job.modelId,
    status: job.status,
    progress: job.progress,
    created_at: Math.floor(job.createdAt / 1000),
    completed_at: job.completedAt === null ? null : Math.floor(job.completedAt / 1000),
    expires_at: null,
    prompt: job.prompt,
    seconds: String(job.seconds),
    size: job.size,
    remixed_from_video_id: null,
    error: job.status === 'failed' ? { code: job.errorCode ?? 'video_generation_failed', message: job.errorMessage ?? '' } : null,
  };
}
