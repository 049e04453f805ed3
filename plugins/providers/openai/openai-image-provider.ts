import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext } from '../../../kernel/canonical/provider';
import type { GeneratedImage, ImageOptions, ImageProvider, ImageRequest, ImageTokenUsage, MediaFile } from '../../../kernel/canonical/modality-providers';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { countOf } from '../../../kernel/canonical/usage';
import { readOpenAIError } from '../openai-chat/read-openai-error';
import { imageOptionsOf, type ModalityCatalog } from '../shared/modality-catalog';
import { expectShape, readUpstreamJson } from '../shared/read-upstream-json';
import { joinUrl, readUpstreamFailure } from '../shared/upstream-fetch';
import { callOpenAIStyleJson, isOpenAIStyleEnabled, openAIStyleHeaders, type OpenAIStyleOptions } from './openai-style-upstream';

interface OpenAIImageBody {
  data?: { b64_json?: unknown; revised_prompt?: unknown }[];
  output_format?: unknown;
  /** GPT image models: what `auto` became. */
  quality?: unknown;
  size?: unknown;
  /** GPT image models: the tokens billed (OpenAI's `ImagesResponse.usage`; the shared recordings hold none). */
  usage?: { input_tokens?: unknown; input_tokens_details?: { text_tokens?: unknown; image_tokens?: unknown }; output_tokens?: unknown };
}

/** ImageOptions by their wire names; the front-end has already kept only those the model takes. */
function optionFields(options: ImageOptions = {}): Record<string, string | number> {
  const fields = { style: options.style, background: options.background, output_format: options.outputFormat, output_compression: options.outputCompression, moderation: options.moderation, input_fidelity: options.inputFidelity };
  return Object.fromEntries(Object.entries(fields).filter((field): field is [string, string | number] => field[1] !== undefined));
}

/** GPT image models always answer base64 and refuse `response_format` (see __fixtures__/gpt-image-response-format-error.json). */
function isGptImage(model: ModelInfo): boolean {
  return model.upstreamId.startsWith('gpt-image');
}

function generationBody(request: ImageRequest, model: ModelInfo): Record<string, unknown> {
  return {
    model: model.upstreamId,
    prompt: request.prompt,
    n: request.count,
    ...(request.size === undefined ? {} : { size: request.size }),
    ...(request.quality === undefined ? {} : { quality: request.quality }),
    ...optionFields(request.options),
    // OpenAI takes the end-user id for its abuse monitoring, as on Chat Completions.
    ...(request.userId === undefined ? {} : { user: request.userId }),
    ...(isGptImage(model) ? {} : { response_format: 'b64_json' }),
  };
}

/** A Blob of a file's bytes (copied: Blob wants an ArrayBuffer-backed view). */
function fileBlob(file: MediaFile): Blob {
  return new Blob([Uint8Array.from(file.bytes)], { type: file.mimeType });
}

function editForm(request: ImageRequest, model: ModelInfo): FormData {
  const form = new FormData();
  for (const [field, value] of Object.entries(generationBody(request, model))) form.append(field, String(value));
  // OpenAI takes several images as `image[]` (GPT image models) and one as `image`.
  const images = request.images ?? [];
  for (const image of images) form.append(images.length > 1 ? 'image[]' : 'image', fileBlob(image), image.filename);
  if (request.mask) form.append('mask', fileBlob(request.mask), request.mask.filename);
  return form;
}

function readImages(provider: string, body: OpenAIImageBody): GeneratedImage[] {
  const data = body.data ?? [];
  expectShape(provider, data.length > 0 && data.every((item) => typeof item.b64_json === 'string'), 'base64 images in data[].b64_json');
  const mimeType = typeof body.output_format === 'string' ? `image/${body.output_format}` : 'image/png';
  const made = { ...(typeof body.quality === 'string' ? { quality: body.quality } : {}), ...(typeof body.size === 'string' ? { size: body.size } : {}) };
  return data.map((item) => ({ bytes: Buffer.from(item.b64_json as string, 'base64'), mimeType, ...made, ...(typeof item.revised_prompt === 'string' ? { revisedPrompt: item.revised_prompt } : {}) }));
}

/**
 * The tokens a GPT image model reports. Without `input_tokens_details`, the whole input is text
 * (a generation has no input images); no `output_tokens`, no usage: the gateway prices the images.
 */
function readTokenUsage(body: OpenAIImageBody): ImageTokenUsage | undefined {
  const usage = body.usage;
  if (typeof usage?.output_tokens !== 'number') return undefined;
  const details = usage.input_tokens_details;
  const imageInputTokens = countOf(details?.image_tokens);
  const textInputTokens = details?.text_tokens === undefined ? Math.max(0, countOf(usage.input_tokens) - imageInputTokens) : countOf(details.text_tokens);
  return { textInputTokens, imageInputTokens, outputTokens: countOf(usage.output_tokens) };
}

/** Multipart goes around fetchUpstream, which sends JSON; failures are read the same way. */
async function postForm<Body>(options: OpenAIStyleOptions, path: string, form: FormData, call: CallContext): Promise<Body> {
  let response: Response;
  try {
    response = await options.fetch(joinUrl(options.baseUrl, path), { method: 'POST', headers: openAIStyleHeaders(options), body: form, signal: call.signal });
  } catch (error) {
    throw createUpstreamError(options.name, call.signal.aborted ? { kind: 'timeout', message: 'aborted' } : { kind: 'connection', message: (error as Error).message }, error);
  }
  if (!response.ok) throw await readUpstreamFailure(options.name, response, readOpenAIError);
  return readUpstreamJson<Body>(options.name, response, call.signal);
}

/** OpenAI `/images/generations` and `/images/edits` (multipart), always asking for base64. */
export function createOpenAIImageProvider(options: OpenAIStyleOptions & { readonly catalog: ModalityCatalog }): ImageProvider {
  return {
    name: options.name,
    enabled: isOpenAIStyleEnabled(options),
    models: () => options.catalog.models,
    options: (model) => imageOptionsOf(options.catalog, model),
    async generateImages(request, model, call) {
      const answer = request.images
        ? await postForm<OpenAIImageBody>(options, '/images/edits', editForm(request, model), call)
        : await callOpenAIStyleJson<OpenAIImageBody>(options, '/images/generations', call.signal, generationBody(request, model));
      const usage = readTokenUsage(answer);
      return { images: readImages(options.name, answer), ...(usage ? { usage } : {}) };
    },
  };
}
