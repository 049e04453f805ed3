import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { VideoProvider } from '../../../kernel/canonical/modality-providers';
import { elapsedMs } from '../../../kernel/elapsed-ms';
import { definePlugin } from '../../../kernel/plugin';
import type { AuthenticatedKey } from '../../billing/accounts-service';
import type { VideoJobRow } from '../../stores/media-repository';
import { recordFailedRun } from '../../router/failed-runs';
import { createUnitEndpoint, openAIErrorHandler, type UnitEndpointAnswer, type UnitEndpointContext } from '../shared/unit-endpoint';
import { multipartBodyOf, registerMultipartRoutes } from '../shared/multipart-scope';
import { multipartFieldsObject } from '../shared/parse-multipart';
import { videosErrors } from './errors';
import { parseContentVariant, parseVideoRequest, type VideoClientRequest } from './parse-video-request';
import { createVideoJobs, toVideoObject, videoBlobId } from './video-jobs';

/** How often unfinished jobs are checked when no client polls. */
const SWEEP_INTERVAL_MS = 5_000;

/** Picks the model's defaults (first listed) and refuses lengths or sizes it does not make. */
function settleShape(request: VideoClientRequest, provider: VideoProvider, model: ModelInfo): { seconds: number; size: string } {
  const durations = provider.durations(model);
  const sizes = provider.sizes(model);
  const seconds = request.seconds ?? durations[0]!;
  const size = request.size ?? sizes[0]!;
  if (!durations.includes(seconds)) throw videosErrors.create('BSK_VIDEOS_UNSUPPORTED', { param: 'seconds', value: seconds, model: model.id, allowed: durations.join(', ') });
  if (!sizes.includes(size)) throw videosErrors.create('BSK_VIDEOS_UNSUPPORTED', { param: 'size', value: size, model: model.id, allowed: sizes.join(', ') });
  return { seconds, size };
}

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  const store = ctx.use('store');
  const jobs = createVideoJobs({ store, instanceId: randomUUID(), units: () => gateway().units, providers: () => ctx.contributions('video-provider'), logger: ctx.logger });
  const sweeper = setInterval(() => void jobs.sweep().catch((error: unknown) => ctx.logger.error({ err: error }, 'video job sweep failed')), SWEEP_INTERVAL_MS);
  sweeper.unref();
  ctx.onDispose(() => clearInterval(sweeper));

  const createVideo = async ({ key, request, receivedAt, call, flags }: UnitEndpointContext) => {
    const multipart = multipartBodyOf(request);
    const parsed = parseVideoRequest(multipart ? multipartFieldsObject(multipart) : request.body);
    let shape = { seconds: 0, size: '' };
    const hold = await gateway().units.start({
      key, requestId: request.id, modality: 'videos', model: parsed.model, endpoint: 'video generation', receivedAt, call, flags,
      check: (provider, model) => void (shape = settleShape(parsed, provider, model)),
      bounds: () => ({ inputTokens: 0, maxOutputTokens: 0, videoSeconds: shape.seconds }),
      shape: () => ({ size: shape.size }),
    });
    let upstream;
    try {
      upstream = (await hold.attempt((attempt) => hold.provider.startVideo({ prompt: parsed.prompt, seconds: shape.seconds, size: shape.size }, hold.model, attempt))).value;
    } catch (error) {
      await hold.fail('video job refused upstream', error);
      throw error;
    }
    const job = { id: `video_${randomBytes(24).toString('hex')}`, orgId: key.orgId, keyId: key.keyId, requestId: request.id, modelId: hold.model.id, provider: hold.provider.name, upstreamJobId: upstream.upstreamJobId, contentLocation: upstream.contentLocation ?? null, prompt: parsed.prompt, seconds: shape.seconds, size: shape.size, status: 'queued' as const, progress: 0, errorCode: null, errorMessage: null, createdAt: new Date().toISOString(), completedAt: null };
    // A job the gateway cannot keep is one it can neither poll nor settle: its hold would stay
    // open until it expired. Released like any failed request, nothing billed.
    await store.insertVideoJob(job).catch(async (error: unknown) => {
      await hold.fail('video job not kept', error);
      throw error;
    });
    return { body: toVideoObject(job), estimatedCredits: hold.reservedCredits, overheadMs: hold.overheadMs, model: hold.model };
  };

  /**
   * Reading a job needs the videos scope, as starting one does. Another org's video is
   * answered exactly like one that never existed.
   */
  const findJob = async (key: AuthenticatedKey, request: FastifyRequest) => {
    gateway().keys.authorize(key, { scope: 'videos' });
    const { id } = request.params as { id: string };
    const job = await store.getVideoJob(key.orgId, id);
    if (!job) throw videosErrors.create('BSK_VIDEOS_NOT_FOUND', { id });
    return job;
  };

  registerMultipartRoutes(app, (scope) => {
    scope.post('/v1/videos', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, createVideo));
  });
  /** What a finished job was billed: its request's settlement (none for a failed job). */
  const billedCredits = async (job: VideoJobRow): Promise<number | undefined> => {
    if (job.status !== 'completed' && job.status !== 'failed') return undefined;
    return (await store.getRequestLog(job.requestId, job.orgId))?.credits ?? 0;
  };

  /**
   * An answer about a job, after one upstream check of it: once the job is found, its answer and
   * its errors carry its model's retirement headers, as the call that started it did, so a client
   * that only polls still learns that the model is going away.
   */
  const answerAboutJob = async ({ key, request, call, receivedAt }: UnitEndpointContext, answer: (job: VideoJobRow) => Promise<Omit<UnitEndpointAnswer, 'model' | 'overheadMs'>>): Promise<UnitEndpointAnswer> => {
    const found = await findJob(key, request);
    const model = jobs.modelOf(found);
    // As chat's: the gateway's time before the upstream check of the job, not the wait for it.
    const overheadMs = elapsedMs(receivedAt);
    try {
      return { ...(await answer(await jobs.advance(found))), model, overheadMs };
    } catch (error) {
      if (model) recordFailedRun(call.signal, { requestedModel: model, overheadMs });
      throw error;
    }
  };

  app.get('/v1/videos/:id', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, (context) => answerAboutJob(context, async (job) => (
    { body: toVideoObject(job, await billedCredits(job)), estimatedCredits: 0 }
  ))));
  app.get('/v1/videos/:id/content', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async (context) => {
    const variant = parseContentVariant(context.request.query);
    return answerAboutJob(context, async (job) => {
      const variants = jobs.variantsOf(job);
      if (!variants.includes(variant)) throw videosErrors.create('BSK_VIDEOS_UNSUPPORTED', { param: 'variant', value: variant, model: job.modelId, allowed: variants.join(', ') });
      const content = job.status === 'completed' ? await store.getMediaBlob(videoBlobId(job.id, variant), new Date().toISOString()) : null;
      if (!content) throw videosErrors.create('BSK_VIDEOS_NOT_READY', { id: job.id, status: job.status });
      return { body: content.bytes, contentType: content.mimeType, estimatedCredits: 0 };
    });
  }));
});
