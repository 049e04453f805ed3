import type { ImageOptions, ImageResponseFormat, MediaFile } from '../../../kernel/canonical/modality-providers';
import { imagesErrors } from './errors';
import { type MultipartBody, multipartFieldsObject } from '../shared/parse-multipart';
import { isAbsent, isJsonObject } from '../shared/wire-reader';

export const MAX_IMAGES_PER_REQUEST = 10;
/** OpenAI's limit for GPT image inputs; DALL·E 2 upstreams refuse anything over 4 MB themselves. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MAX_PROMPT_CHARACTERS = 32_000;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

export interface ImageClientRequest {
  readonly model: string;
  readonly prompt: string;
  readonly count: number;
  readonly size?: string;
  readonly quality?: string;
  /** As sent; absent, the model's own default applies. */
  readonly responseFormat?: ImageResponseFormat;
  /** Model-specific options as sent; which the model takes is checked against its catalog entry. */
  readonly options: ImageOptions;
  readonly images?: readonly MediaFile[];
  readonly mask?: MediaFile;
  /** OpenAI's `user`: the client's end-user id, passed to an upstream that takes it. */
  readonly userId?: string;
}

/**
 * The model-specific options: each wire field, the ImageOptions key it fills, its kind of value,
 * and whether only edits define it (`input_fidelity`: OpenAI's Create image has no such field).
 */
export const IMAGE_OPTION_FIELDS = [
  { field: 'style', key: 'style', kind: 'text', editsOnly: false },
  { field: 'background', key: 'background', kind: 'text', editsOnly: false },
  { field: 'output_format', key: 'outputFormat', kind: 'text', editsOnly: false },
  { field: 'output_compression', key: 'outputCompression', kind: 'integer', editsOnly: false },
  { field: 'moderation', key: 'moderation', kind: 'text', editsOnly: false },
  { field: 'input_fidelity', key: 'inputFidelity', kind: 'text', editsOnly: true },
] as const satisfies readonly { field: string; key: keyof ImageOptions; kind: 'text' | 'integer'; editsOnly: boolean }[];

/** What a refused streaming request is told: the gateway answers images in one JSON body. */
const NOT_STREAMED = 'this gateway, which answers images in one JSON body';

/** Multipart fields are text; a JSON body says what it means (a "2" is not a number there). */
type FieldSource = 'json' | 'multipart';

function invalid(param: string, reason: string): never {
  throw imagesErrors.create('BSK_IMAGES_INVALID_REQUEST', { param, reason });
}

/** An integer field, or undefined when absent (or null); multipart sends it as text ("2"), JSON as a number. */
function optionalInteger(fields: Readonly<Record<string, unknown>>, name: string, source: FieldSource): number | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  const number = source === 'multipart' && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : invalid(name, 'must be an integer');
}

function readCount(fields: Readonly<Record<string, unknown>>, source: FieldSource): number {
  const count = optionalInteger(fields, 'n', source) ?? 1;
  if (count < 1 || count > MAX_IMAGES_PER_REQUEST) return invalid('n', `must be an integer from 1 to ${MAX_IMAGES_PER_REQUEST}`);
  return count;
}

function readOptions(fields: Readonly<Record<string, unknown>>, source: FieldSource, edit: boolean): ImageOptions {
  const options: Record<string, string | number> = {};
  for (const { field, key, kind, editsOnly } of IMAGE_OPTION_FIELDS) {
    if (editsOnly && !edit) continue;
    const value = kind === 'integer' ? optionalInteger(fields, field, source) : optionalText(fields, field);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

function optionalText(fields: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  return typeof value === 'string' && value !== '' ? value : invalid(name, 'must be a non-empty string');
}

/** A boolean field: JSON's own, or multipart's text "true" / "false". */
function optionalBoolean(fields: Readonly<Record<string, unknown>>, name: string, source: FieldSource): boolean | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  const flag = source === 'multipart' && (value === 'true' || value === 'false') ? value === 'true' : value;
  return typeof flag === 'boolean' ? flag : invalid(name, 'must be a boolean');
}

/**
 * `stream` and `partial_images` ask for OpenAI's server-sent events (`image_generation.*`,
 * `image_edit.*`); a JSON answer would break the streaming client that asked, so they are refused
 * before anything is held. `stream: false` asks for what the gateway does.
 */
function refuseStreaming(fields: Readonly<Record<string, unknown>>, source: FieldSource): void {
  if (optionalBoolean(fields, 'stream', source) === true) {
    throw imagesErrors.create('BSK_IMAGES_UNSUPPORTED_VALUE', { param: 'stream', value: 'true', model: NOT_STREAMED, allowed: 'false (or leave it out)' });
  }
  if (!isAbsent(fields.partial_images)) throw imagesErrors.create('BSK_IMAGES_UNSUPPORTED_PARAMETER', { param: 'partial_images', model: NOT_STREAMED });
}

function checkedFile(file: { field: string; filename: string; mimeType: string; bytes: Buffer }, param: string): MediaFile {
  if (file.bytes.length === 0) return invalid(param, 'the file is empty');
  if (file.bytes.length > MAX_IMAGE_BYTES) throw imagesErrors.create('BSK_IMAGES_TOO_LARGE', { param, size: file.bytes.length, limit: MAX_IMAGE_BYTES });
  if (!IMAGE_TYPES.includes(file.mimeType)) return invalid(param, `must be PNG, JPEG or WebP (got ${file.mimeType})`);
  return { bytes: file.bytes, mimeType: file.mimeType, filename: file.filename };
}

function readCommon(fields: Readonly<Record<string, unknown>>, source: FieldSource, edit: boolean): ImageClientRequest {
  const prompt = fields.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '') return invalid('prompt', 'must be a non-empty string');
  if (prompt.length > MAX_PROMPT_CHARACTERS) return invalid('prompt', `at most ${MAX_PROMPT_CHARACTERS} characters`);
  const responseFormat = isAbsent(fields.response_format) ? undefined : fields.response_format;
  if (responseFormat !== undefined && responseFormat !== 'url' && responseFormat !== 'b64_json') return invalid('response_format', 'must be "url" or "b64_json"');
  refuseStreaming(fields, source);
  const size = optionalText(fields, 'size');
  const quality = optionalText(fields, 'quality');
  const userId = optionalText(fields, 'user');
  return {
    model: optionalText(fields, 'model') ?? 'dall-e-2', prompt, count: readCount(fields, source), options: readOptions(fields, source, edit),
    ...(responseFormat ? { responseFormat } : {}), ...(size ? { size } : {}), ...(quality ? { quality } : {}), ...(userId ? { userId } : {}),
  };
}

/**
 * `POST /v1/images/generations`: a JSON body. A field OpenAI's Images API does not define is
 * ignored and never sent upstream: the upstream body is built from the fields read here. An
 * optional field sent as `null` is read as left out (isAbsent): OpenAI types them nullable.
 */
export function parseGenerationRequest(body: unknown): ImageClientRequest {
  if (!isJsonObject(body)) return invalid('body', 'must be a JSON object');
  return readCommon(body, 'json', false);
}

/** `POST /v1/images/edits`: multipart with `image` (or `image[]`) files and an optional `mask`. */
export function parseEditRequest(body: MultipartBody | undefined): ImageClientRequest {
  if (!body) return invalid('body', 'send image edits as multipart/form-data');
  const images = body.files.filter((file) => file.field === 'image' || file.field === 'image[]');
  if (images.length === 0) return invalid('image', 'at least one image file is required');
  if (images.length > 16) return invalid('image', 'at most 16 images');
  const maskFile = body.files.find((file) => file.field === 'mask');
  return {
    ...readCommon(multipartFieldsObject(body), 'multipart', true),
    images: images.map((file, index) => checkedFile(file, `image.${index}`)),
    ...(maskFile ? { mask: checkedFile(maskFile, 'mask') } : {}),
  };
}
