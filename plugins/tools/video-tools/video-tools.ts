import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolServerDefinition, ToolSpec } from '../shared/tool-server-definition';
import { toolErrors } from '../shared/errors';
import { billedResult, chooseModel, modelsOf } from '../shared/tool-results';
import { checkVideo, describeJob, readVideoJob, videoBill, videoPath, waitForVideo } from './video-job';

/** Videos embedded in a result at most; larger ones are given by URL only. */
const MAX_EMBEDDED_VIDEO_BYTES = 20 * 1024 * 1024;
const ID = { type: 'string', minLength: 1, description: 'The id start_video returned.' };

function startVideoTool(videoModels: readonly string[]): ToolSpec {
  return {
    name: 'start_video',
    title: 'Start a video',
    description: 'Start generating a video from a prompt (takes minutes). Returns the job id; follow it with get_video, or wait with fetch_video. Billed to your key when it completes.',
    inputSchema: {
      type: 'object',
      properties: {
        prompt: { type: 'string', minLength: 1 },
        model: { type: 'string', enum: videoModels, description: `The ByteSpike video model (default ${videoModels[0]}).` },
        seconds: { type: 'integer', enum: [8, 4, 6], default: 8, description: 'Length in seconds (Veo takes 8, 4 and 6).' },
        size: { type: 'string', pattern: '^[1-9][0-9]*x[1-9][0-9]*$', default: '1280x720', description: 'WIDTHxHEIGHT.' },
      },
      required: ['prompt'],
      additionalProperties: false,
    },
    async run(args, context) {
      const model = chooseModel(args.model, videoModels, 'videos');
      const reply = await context.api.postJson<unknown>('/v1/videos', { model, prompt: args.prompt, seconds: String(args.seconds), size: args.size }, context.signal);
      const job = readVideoJob(reply.body, 'POST /v1/videos');
      const text = `${describeJob(job)}. Credits held until it finishes: ${reply.credits}. Use get_video or fetch_video with id "${job.id}".`;
      return { content: [{ type: 'text', text }], structuredContent: { id: job.id, status: job.status, model, heldCredits: reply.credits, requestIds: reply.requestId ? [reply.requestId] : [] } };
    },
  };
}

function getVideoTool(): ToolSpec {
  return {
    name: 'get_video',
    title: 'Check a video',
    description: 'The status and progress (0–100) of a video job.',
    inputSchema: { type: 'object', properties: { id: ID }, required: ['id'], additionalProperties: false },
    async run(args, context) {
      const { job, credits, requestId } = await checkVideo(context.api, String(args.id), context.signal);
      const bill = videoBill(job);
      return billedResult([{ type: 'text', text: describeJob(job) }, ...bill.content], { credits, requestIds: requestId ? [requestId] : [] }, { id: job.id, status: job.status, progress: job.progress ?? null, ...bill.structured });
    },
  };
}

async function videoOutput(context: Parameters<ToolSpec['run']>[1], id: string, includeData: boolean): Promise<CallToolResult['content']> {
  const uri = `${context.api.baseUrl}${videoPath(id)}/content`;
  const link = { type: 'resource_link' as const, uri, name: `video-${id}.mp4`, mimeType: 'video/mp4', description: 'Download with your ByteSpike key (x-api-key or Authorization: Bearer).' };
  if (!includeData) return [{ type: 'text', text: `The video is ready: ${uri}` }, link];
  try {
    const video = await context.api.getBytes(`${videoPath(id)}/content`, MAX_EMBEDDED_VIDEO_BYTES, context.signal);
    return [{ type: 'text', text: `The video is ready: ${uri}` }, { type: 'resource', resource: { uri, mimeType: video.mimeType, blob: Buffer.from(video.bytes).toString('base64') } }];
  } catch (error) {
    if (!toolErrors.is(error, 'BSK_TOOLS_RESPONSE_TOO_LARGE')) throw error;
    return [{ type: 'text', text: `The video is ready but larger than ${MAX_EMBEDDED_VIDEO_BYTES} bytes; download it: ${uri}` }, link];
  }
}

function fetchVideoTool(): ToolSpec {
  return {
    name: 'fetch_video',
    title: 'Wait for a video and fetch it',
    description: 'Wait (with progress notifications) until a video job finishes, then return the video (its URL, and the file itself when include_data is true and it is small).',
    inputSchema: {
      type: 'object',
      properties: {
        id: ID,
        wait_seconds: { type: 'integer', minimum: 0, maximum: 600, default: 300, description: 'Give up waiting after this long (the job goes on).' },
        poll_seconds: { type: 'number', minimum: 0.05, maximum: 60, default: 5 },
        include_data: { type: 'boolean', default: false },
      },
      required: ['id'],
      additionalProperties: false,
    },
    async run(args, context) {
      const id = String(args.id);
      const { job, credits, requestIds } = await waitForVideo(context, id, { waitMs: Number(args.wait_seconds) * 1000, pollMs: Number(args.poll_seconds) * 1000 });
      const cost = { credits, requestIds };
      const bill = videoBill(job);
      if (job.status === 'failed') return { ...billedResult([{ type: 'text', text: describeJob(job) }, ...bill.content], cost, { id, status: job.status, ...bill.structured }), isError: true };
      if (job.status !== 'completed') return billedResult([{ type: 'text', text: `${describeJob(job)}; still running after ${String(args.wait_seconds)} s. Call fetch_video again to keep waiting.` }], cost, { id, status: job.status });
      return billedResult([...(await videoOutput(context, id, args.include_data === true)), ...bill.content], cost, { id, status: job.status, url: `${context.api.baseUrl}${videoPath(id)}/content`, ...bill.structured });
    },
  };
}

export const videoTools: McpToolServerDefinition = {
  name: 'video-tools',
  version: '0.1.0',
  description: 'Generate videos with ByteSpike video models: start a job, check it, wait for it and fetch the result. Billed to your ByteSpike key.',
  tools(models) {
    const videoModels = modelsOf(models, 'videos');
    return videoModels.length === 0 ? [] : [startVideoTool(videoModels), getVideoTool(), fetchVideoTool()];
  },
};
