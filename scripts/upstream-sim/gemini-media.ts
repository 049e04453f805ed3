import { deterministicId } from './deterministic';
import type { Directives } from './directives';
import { embeddingVector } from './embedding-vectors';
import { GEMINI_MODEL_PATH } from './gemini-generate';
import { parseJobScript, type JobStore, type VideoJob } from './job-store';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { requireJsonObject } from './read-request-body';
import { jsonReply, type Reply } from './reply';
import type { Route, SimRequest } from './route';
import { SAMPLE_MP4, SAMPLE_PNG_BASE64 } from './sample-media';
import { SimRequestError } from './sim-request-error';

const DEFAULT_DIMENSIONS = 3072;

function contentText(content: unknown): string {
  return asArray(asObject(content).parts).map((part) => asString(asObject(part).text) ?? '').join('\n');
}

function embed(model: string, request: JsonObject): JsonObject {
  const text = contentText(request.content);
  if (!text) throw new SimRequestError(400, '* EmbedContentRequest.content: contents is not specified');
  const dimensions = asNumber(request.outputDimensionality) ?? DEFAULT_DIMENSIONS;
  return { values: embeddingVector(text, dimensions, model) };
}

function batchEmbed(model: string, body: JsonObject): Reply {
  const requests = asArray(body.requests).map(asObject);
  if (requests.length === 0) throw new SimRequestError(400, '* BatchEmbedContentsRequest.requests: requests is not specified');
  return jsonReply({ embeddings: requests.map((item) => embed(model, item)) });
}

function predictImages(body: JsonObject): Reply {
  const prompt = asString(asObject(asArray(body.instances)[0]).prompt);
  if (!prompt) throw new SimRequestError(400, '* instances[0].prompt: prompt is required');
  const count = asNumber(asObject(body.parameters).sampleCount) ?? 1;
  return jsonReply({ predictions: Array.from({ length: count }, () => ({ mimeType: 'image/png', bytesBase64Encoded: SAMPLE_PNG_BASE64 })) });
}

function operationName(job: VideoJob): string {
  return `models/${job.model}/operations/${job.id}`;
}

function startVideo(model: string, body: JsonObject, directives: Directives, jobs: JobStore): Reply {
  const prompt = asString(asObject(asArray(body.instances)[0]).prompt);
  if (!prompt) throw new SimRequestError(400, '* instances[0].prompt: prompt is required');
  const id = deterministicId(`${model}:${JSON.stringify(body)}:${Date.now()}:${Math.random()}`, 12).toLowerCase();
  const job = jobs.create({ id, model, prompt, script: parseJobScript(directives.job) });
  return jsonReply({ name: operationName(job) });
}

/** A Veo long-running operation: `done` only once finished, with the video or the error. */
function describeOperation(request: SimRequest, jobs: JobStore): Reply {
  const job = jobs.get(request.params.id!);
  if (!job) throw new SimRequestError(404, `Operation ${request.params.id} not found`);
  const { status } = jobs.poll(job);
  if (status === 'failed') return jsonReply({ name: operationName(job), done: true, error: { code: 13, message: 'Video generation failed (simulated)' } });
  if (status !== 'completed') return jsonReply({ name: operationName(job) });
  const uri = `${request.origin}/gemini/v1beta/files/${job.id}:download?alt=media`;
  return jsonReply({
    name: operationName(job),
    done: true,
    response: {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse: { generatedSamples: [{ video: { uri } }] },
    },
  });
}

function downloadVideo(request: SimRequest, jobs: JobStore): Reply {
  const job = jobs.get(request.params.id!);
  if (!job || jobs.progressOf(job).status !== 'completed') throw new SimRequestError(404, `File ${request.params.id} not found`);
  return { kind: 'raw', status: 200, contentType: 'video/mp4', body: SAMPLE_MP4 };
}

function action(name: string): RegExp {
  return new RegExp(`${GEMINI_MODEL_PATH}:${name}$`);
}

const instancePrompt = (request: SimRequest): string => asString(asObject(asArray(asObject(request.body).instances)[0]).prompt) ?? '';

export const geminiMediaRoutes: readonly Route[] = [
  {
    method: 'POST', pattern: action('embedContent'), provider: 'gemini',
    directiveText: (request) => contentText(asObject(request.body).content),
    handle: (request) => jsonReply({ embedding: embed(request.params.model!, requireJsonObject(request.body)) }),
  },
  {
    method: 'POST', pattern: action('batchEmbedContents'), provider: 'gemini',
    directiveText: (request) => asArray(asObject(request.body).requests).map((item) => contentText(asObject(item).content)).join('\n'),
    handle: (request) => batchEmbed(request.params.model!, requireJsonObject(request.body)),
  },
  { method: 'POST', pattern: action('predict'), provider: 'gemini', directiveText: instancePrompt, handle: (request) => predictImages(requireJsonObject(request.body)) },
  {
    method: 'POST', pattern: action('predictLongRunning'), provider: 'gemini', directiveText: instancePrompt,
    handle: (request, directives, services) => startVideo(request.params.model!, requireJsonObject(request.body), directives, services.jobs),
  },
  { method: 'GET', pattern: new RegExp(`${GEMINI_MODEL_PATH}/operations/(?<id>[^/]+)$`), provider: 'gemini', handle: (request, _directives, services) => describeOperation(request, services.jobs) },
  { method: 'GET', pattern: /^\/gemini\/(?:v1beta|v1)\/operations\/(?<id>[^/]+)$/, provider: 'gemini', handle: (request, _directives, services) => describeOperation(request, services.jobs) },
  { method: 'GET', pattern: /^\/gemini\/(?:v1beta|v1)\/files\/(?<id>[^/:]+):download$/, provider: 'gemini', handle: (request, _directives, services) => downloadVideo(request, services.jobs) },
];

