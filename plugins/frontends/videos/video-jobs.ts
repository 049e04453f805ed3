import type { ModelInfo } from '../../../kernel/canonical/model';
import type { VideoJobState, VideoProvider, VideoVariant } from '../../../kernel/canonical/modality-providers';
import type { Logger } from '../../../kernel/logger';
import type { UnitPipeline } from '../../router/unit-pipeline';
import type { MediaRepository, VideoJobRow } from '../../stores/media-repository';

/** Each upstream call of a poll gets this long. */
const UPSTREAM_CALL_MS = 60_000;
/** A claim outlasts one check (a status call, then a download) so no other instance starts a second one meanwhile. */
const CLAIM_MS = 3 * UPSTREAM_CALL_MS;

export interface VideoJobsDeps {
  readonly store: MediaRepository;
  /** This process, as the owner of the jobs it is checking. */
  readonly instanceId: string;
  readonly units: () => UnitPipeline;
  readonly providers: () => readonly VideoProvider[];
  readonly logger: Logger;
  readonly now?: () => number;
}

const isFinished = (job: VideoJobRow) => job.status === 'completed' || job.status === 'failed';

/** The stored blob of a finished job's variant: the MP4 under the job id, a preview beside it. */
export function videoBlobId(jobId: string, variant: VideoVariant): string {
  return variant === 'video' ? jobId : `${jobId}.${variant}`;
}

/**
 * Moves jobs forward by asking the upstream, on a client's poll or the background sweep of
 * any instance: a finished video is downloaded into the shared store and then billed; a
 * failed one releases its hold. A job is checked by one instance at a time (a claim in the
 * store; within this process, one promise per job), so a video is never downloaded or
 * settled twice; a poll that finds the job claimed elsewhere answers what is stored.
 */
export function createVideoJobs(deps: VideoJobsDeps) {
  const now = deps.now ?? Date.now;
  const iso = (offsetMs = 0) => new Date(now() + offsetMs).toISOString();
  const inFlight = new Map<string, Promise<VideoJobRow>>();

  function locate(job: VideoJobRow): { provider: VideoProvider; model: ModelInfo } | undefined {
    const provider = deps.providers().find((candidate) => candidate.name === job.provider && candidate.enabled);
    const model = provider?.models().find((candidate) => candidate.id === job.modelId);
    return provider && model ? { provider, model } : undefined;
  }

  async function apply(job: VideoJobRow, state: VideoJobState, target: { provider: VideoProvider; model: ModelInfo }, signal: AbortSignal): Promise<void> {
    const contentLocation = state.contentLocation ?? job.contentLocation;
    const upstreamJob = { upstreamJobId: job.upstreamJobId, ...(contentLocation ? { contentLocation } : {}) };
    if (state.status === 'failed') {
      await deps.store.updateVideoJob(job.id, { status: 'failed', progress: 100, errorCode: state.error?.code ?? 'video_generation_failed', errorMessage: state.error?.message ?? 'the upstream could not generate the video', completedAt: iso() });
      await deps.units().release(job.requestId, `video job failed upstream: ${state.error?.message ?? 'failed'}`);
      return;
    }
    if (state.status !== 'completed') return deps.store.updateVideoJob(job.id, { status: state.status, progress: state.progress });
    // The previews too, while the upstream still has them (OpenAI's links expire after about an hour).
    for (const variant of target.provider.variants(target.model)) {
      const content = await target.provider.downloadVideo(upstreamJob, target.model, { signal, requestId: job.requestId, forwardHeaders: {} }, variant);
      await deps.store.putMediaBlob({ id: videoBlobId(job.id, variant), orgId: job.orgId, mimeType: content.mimeType, bytes: Buffer.from(content.bytes), createdAt: iso(), expiresAt: null });
    }
    await deps.units().settle(job.requestId, { model: target.model, usage: { videoSeconds: job.seconds }, shape: { size: job.size }, latencyMs: now() - Date.parse(job.createdAt) });
    await deps.store.updateVideoJob(job.id, { status: 'completed', progress: 100, contentLocation: contentLocation ?? null, completedAt: iso() });
  }

  async function check(job: VideoJobRow, target: { provider: VideoProvider; model: ModelInfo }): Promise<void> {
    const signal = AbortSignal.timeout(UPSTREAM_CALL_MS);
    try {
      const state = await target.provider.checkVideo({ upstreamJobId: job.upstreamJobId, ...(job.contentLocation ? { contentLocation: job.contentLocation } : {}) }, target.model, { signal, requestId: job.requestId, forwardHeaders: {} });
      await apply(job, state, target, signal);
    } catch (error) {
      // A poll that fails (upstream hiccup) leaves the job as it was; the next poll tries again.
      deps.logger.warn({ err: error, videoId: job.id }, 'video job poll failed');
    }
  }

  async function step(job: VideoJobRow): Promise<VideoJobRow> {
    const target = locate(job);
    if (!target || !(await deps.store.claimVideoJob(job.id, deps.instanceId, iso(), iso(CLAIM_MS)))) return job;
    try {
      await check(job, target);
    } finally {
      await deps.store.releaseVideoJob(job.id, deps.instanceId);
    }
    return (await deps.store.getVideoJob(job.orgId, job.id)) ?? job;
  }

  return {
    /** The model that makes the job; undefined when its provider is gone or disabled. */
    modelOf: (job: VideoJobRow): ModelInfo | undefined => locate(job)?.model,
    /** What a job's content can be downloaded as; only the MP4 when its provider is gone. */
    variantsOf(job: VideoJobRow): readonly VideoVariant[] {
      const target = locate(job);
      return target ? target.provider.variants(target.model) : ['video'];
    },
    /** The job after one upstream check (or as stored, when finished or being checked elsewhere). */
    advance(job: VideoJobRow): Promise<VideoJobRow> {
      if (isFinished(job)) return Promise.resolve(job);
      const running = inFlight.get(job.id);
      if (running) return running;
      const next = step(job).finally(() => inFlight.delete(job.id));
      inFlight.set(job.id, next);
      return next;
    },
    /** Advances every unfinished job, so bills settle and holds release without a client polling. */
    async sweep(): Promise<void> {
      await Promise.all((await deps.store.listUnfinishedVideoJobs()).map((job) => this.advance(job)));
    },
  };
}

export type VideoJobs = ReturnType<typeof createVideoJobs>;

const epochSeconds = (at: string) => Math.floor(Date.parse(at) / 1000);

/**
 * OpenAI's video object, with two extension fields clients ignore: `bytespike_request_id`, the
 * request that holds and bills the video (`GET /v1/generation?id=`), and, once the job has
 * finished, `bytespike_credits`, what it was billed (0 for a failed job, whose hold is released).
 */
export function toVideoObject(job: VideoJobRow, billedCredits?: number) {
  return {
    id: job.id,
    object: 'video',
    model: job.modelId,
    status: job.status,
    progress: job.progress,
    created_at: epochSeconds(job.createdAt),
    completed_at: job.completedAt === null ? null : epochSeconds(job.completedAt),
    expires_at: null,
    prompt: job.prompt,
    seconds: String(job.seconds),
    size: job.size,
    remixed_from_video_id: null,
    error: job.status === 'failed' ? { code: job.errorCode ?? 'video_generation_failed', message: job.errorMessage ?? '' } : null,
    bytespike_request_id: job.requestId,
    ...(billedCredits === undefined ? {} : { bytespike_credits: billedCredits }),
  };
}
