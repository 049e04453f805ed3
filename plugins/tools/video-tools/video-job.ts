import { setTimeout as sleep } from 'node:timers/promises';
import type { ByteSpikeApi } from '../shared/bytespike-api';
import { toolErrors } from '../shared/errors';
import type { ToolRunContext } from '../shared/tool-server-definition';

/** A video job as ByteSpike reports it (OpenAI's video object). */
export interface VideoJob {
  readonly id: string;
  readonly status: 'queued' | 'in_progress' | 'completed' | 'failed';
  readonly progress?: number;
  readonly model?: string;
  readonly error?: { readonly code?: string; readonly message?: string } | null;
  /** The request that holds and bills the video (ByteSpike's extension field). */
  readonly bytespike_request_id?: string;
  /** What the finished video was billed (ByteSpike's extension field; 0 for a failed one). */
  readonly bytespike_credits?: number;
}

const STATUSES = ['queued', 'in_progress', 'completed', 'failed'];

export function readVideoJob(body: unknown, endpoint: string): VideoJob {
  const job = body as Partial<VideoJob>;
  if (typeof job.id !== 'string' || !STATUSES.includes(job.status as string)) throw toolErrors.create('BSK_TOOLS_MALFORMED_RESPONSE', { endpoint, reason: 'not a video job (id, status)' });
  return job as VideoJob;
}

export function videoPath(id: string): string {
  return `/v1/videos/${encodeURIComponent(id)}`;
}

export async function checkVideo(api: ByteSpikeApi, id: string, signal: AbortSignal): Promise<{ job: VideoJob; credits: number; requestId: string | null }> {
  const reply = await api.getJson<unknown>(videoPath(id), signal);
  return { job: readVideoJob(reply.body, `GET ${videoPath(id)}`), credits: reply.credits, requestId: reply.requestId };
}

export function describeJob(job: VideoJob): string {
  const progress = job.progress === undefined ? '' : ` (${job.progress}%)`;
  const error = job.status === 'failed' && job.error?.message ? `: ${job.error.message}` : '';
  return `Video ${job.id}: ${job.status}${progress}${error}`;
}

/** The video's own bill, once it has finished: a line for people, fields for programs (nothing before). */
export function videoBill(job: VideoJob): { content: { type: 'text'; text: string }[]; structured: Record<string, unknown> } {
  if (job.bytespike_credits === undefined) return { content: [], structured: {} };
  const request = job.bytespike_request_id ? ` (request ${job.bytespike_request_id})` : '';
  return {
    content: [{ type: 'text', text: `The video was billed ${job.bytespike_credits} credits${request}.` }],
    structured: { videoCredits: job.bytespike_credits, videoRequestId: job.bytespike_request_id ?? null },
  };
}

/**
 * Polls until the job finishes or `waitMs` passes, reporting progress (0–100) on every poll.
 * Returns the last state seen and the credits of every poll.
 */
export async function waitForVideo(context: ToolRunContext, id: string, options: { waitMs: number; pollMs: number }): Promise<{ job: VideoJob; credits: number; requestIds: string[] }> {
  const deadline = performance.now() + options.waitMs;
  const requestIds: string[] = [];
  let credits = 0;
  for (;;) {
    const checked = await checkVideo(context.api, id, context.signal);
    credits += checked.credits;
    if (checked.requestId) requestIds.push(checked.requestId);
    const { job } = checked;
    await context.progress({ progress: job.status === 'completed' ? 100 : job.progress ?? 0, total: 100, message: describeJob(job) });
    if (job.status === 'completed' || job.status === 'failed' || performance.now() + options.pollMs > deadline) return { job, credits, requestIds };
    await sleep(options.pollMs, undefined, { signal: context.signal });
  }
}
