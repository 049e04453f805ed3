import { SIMULATED_CREATED_AT, deterministicId, estimateTokens } from './deterministic';
import { embeddingVector, encodeFloat32Base64 } from './embedding-vectors';
import type { FixtureStore } from './fixture-store';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { requireJsonObject } from './read-request-body';
import { jsonReply, type Reply } from './reply';
import type { Route, SimRequest } from './route';
import { checkImageBody, gptImageFacts, highFidelityImageTokens, imageModelRules, inputImageTokens, outputTokensPerImage } from './openai-image-rules';
import { SAMPLE_PNG_BASE64 } from './sample-media';
import { SimRequestError } from './sim-request-error';

const EMBEDDING_DIMENSIONS: Record<string, number> = { 'text-embedding-3-large': 3072 };
const DEFAULT_EMBEDDING_DIMENSIONS = 1536;
/** Models OpenAI refuses any `dimensions` for, its own length included. */
const FIXED_DIMENSION_MODELS = new Set(['text-embedding-ada-002']);
const MAX_EMBEDDING_INPUTS = 2048;

/** `input` as texts; token arrays are read as their numbers joined, which keeps them deterministic. */
function embeddingInputs(input: unknown): string[] {
  const items = typeof input === 'string' ? [input] : asArray(input);
  if (items.length > 0 && items.every((item) => typeof item === 'number')) return [items.join(' ')];
  return items.map((item) => (typeof item === 'string' ? item : asArray(item).join(' ')));
}

function createEmbeddings(body: JsonObject): Reply {
  const model = asString(body.model);
  if (!model) throw new SimRequestError(400, 'you must provide a model parameter');
  const inputs = embeddingInputs(body.input);
  if (inputs.length === 0 || inputs.some((input) => input === '')) throw new SimRequestError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
  if (inputs.length > MAX_EMBEDDING_INPUTS) throw new SimRequestError(400, `'$.input' must have at most ${MAX_EMBEDDING_INPUTS} items`);
  if (body.dimensions !== undefined && body.dimensions !== null && FIXED_DIMENSION_MODELS.has(model)) throw new SimRequestError(400, 'This model does not support specifying dimensions.', { param: null, code: null });
  const dimensions = asNumber(body.dimensions) ?? EMBEDDING_DIMENSIONS[model] ?? DEFAULT_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embeddingVector(input, dimensions, model);
    return { object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector };
  });
  const tokens = inputs.reduce((sum, input) => sum + estimateTokens(input), 0);
  return jsonReply({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function imageEntry(request: SimRequest, prompt: string, index: number, asUrl: boolean, revise: boolean, sample: string): JsonObject {
  const id = deterministicId(`${prompt}:${index}`);
  const image = asUrl ? { url: `${request.origin}/__sim/files/image-${id}.png` } : { b64_json: sample };
  return { ...image, ...(revise ? { revised_prompt: `A detailed rendering of: ${prompt}` } : {}) };
}

/** Edits: the files sent in these fields, each described by the multipart reader. */
function filesOf(body: JsonObject, fields: readonly string[]): JsonObject[] {
  return fields.flatMap((field) => (body[field] === undefined ? [] : Array.isArray(body[field]) ? body[field] : [body[field]])).map(asObject);
}

/** The images to edit (`image`, several as `image[]`): what high input fidelity adds tokens to. */
const imagesToEdit = (body: JsonObject) => filesOf(body, ['image', 'image[]']);

/** An image's pixel size, when the multipart reader could read it from the file's header. */
function pixelSize(file: JsonObject): { width: number; height: number } | undefined {
  const width = asNumber(file.width);
  const height = asNumber(file.height);
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}

/** Input image tokens: every file sent (the mask too), and what high input fidelity adds to each image to edit. */
function inputImageTokensOf(model: string, body: JsonObject): number {
  const files = filesOf(body, ['image', 'image[]', 'mask']).reduce((sum, file) => sum + inputImageTokens(pixelSize(file)), 0);
  if (body.input_fidelity !== 'high') return files;
  return files + imagesToEdit(body).reduce((sum, file) => sum + highFidelityImageTokens(model, pixelSize(file)), 0);
}

function gptImageUsage(model: string, prompt: string, count: number, facts: JsonObject, body: JsonObject): JsonObject {
  const text = estimateTokens(prompt);
  const image = inputImageTokensOf(model, body);
  const output = count * outputTokensPerImage(model, String(facts.quality), String(facts.size));
  return { total_tokens: text + image + output, input_tokens: text + image, output_tokens: output, input_tokens_details: { text_tokens: text, image_tokens: image } };
}

function createImages(request: SimRequest, body: JsonObject, fixtures: FixtureStore, edit: boolean): Reply {
  const model = asString(body.model) ?? 'dall-e-2';
  const prompt = asString(body.prompt);
  if (!prompt) throw new SimRequestError(400, "Missing required parameter: 'prompt'.");
  const gptImage = model.startsWith('gpt-image');
  // GPT image models always answer base64 and refuse the parameter, with this exact body.
  if (gptImage && body.response_format !== undefined) return jsonReply(fixtures.readJson('openai/gpt-image-response-format-error'), 400);
  const count = checkImageBody(body, imageModelRules(model), edit);
  const asUrl = !gptImage && body.response_format !== 'b64_json';
  const { facts, sample } = gptImage ? gptImageFacts(body) : { facts: {}, sample: SAMPLE_PNG_BASE64 };
  const data = Array.from({ length: count }, (_unused, index) => imageEntry(request, prompt, index, asUrl, model === 'dall-e-3', sample));
  const usage = gptImage ? { usage: gptImageUsage(model, prompt, count, facts, body) } : {};
  return jsonReply({ created: SIMULATED_CREATED_AT, data, ...facts, ...usage });
}

const embeddingText = (request: SimRequest): string => embeddingInputs(asObject(request.body).input).join('\n');
const promptText = (request: SimRequest): string => asString(asObject(request.body).prompt) ?? '';

export const openAiMediaRoutes: readonly Route[] = [
  { method: 'POST', pattern: /^\/openai\/v1\/embeddings$/, provider: 'openai', directiveText: embeddingText, handle: (request) => createEmbeddings(requireJsonObject(request.body)) },
  { method: 'POST', pattern: /^\/openai\/v1\/images\/generations$/, provider: 'openai', directiveText: promptText, handle: (request, _directives, services) => createImages(request, requireJsonObject(request.body), services.fixtures, false) },
  { method: 'POST', pattern: /^\/openai\/v1\/images\/edits$/, provider: 'openai', directiveText: promptText, handle: (request, _directives, services) => createImages(request, requireJsonObject(request.body), services.fixtures, true) },
];
