import type { JsonObject } from './json-access';
import { SAMPLE_JPEG_BASE64, SAMPLE_PNG_BASE64, SAMPLE_WEBP_BASE64 } from './sample-media';
import { SimRequestError } from './sim-request-error';

/** What one OpenAI image model takes, after its API reference (`POST /images/generations`). */
interface ImageModelRules {
  readonly sizes: readonly string[];
  readonly qualities: readonly string[];
  readonly maxImages: number;
  /** Option fields the model takes, with their values (`null`: an integer from 0 to 100). */
  readonly options: Readonly<Record<string, readonly string[] | null>>;
}

const GPT_IMAGE: ImageModelRules = {
  sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'],
  qualities: ['auto', 'low', 'medium', 'high'],
  maxImages: 10,
  options: { background: ['auto', 'transparent', 'opaque'], output_format: ['png', 'jpeg', 'webp'], output_compression: null, moderation: ['auto', 'low'] },
};

const RULES: Readonly<Record<string, ImageModelRules>> = {
  'dall-e-2': { sizes: ['256x256', '512x512', '1024x1024'], qualities: ['standard'], maxImages: 10, options: {} },
  'dall-e-3': { sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], maxImages: 1, options: { style: ['vivid', 'natural'] } },
};

/** Option fields of any image model: sent to a model that does not take one, they are an unknown parameter. */
const OPTION_FIELDS = ['style', 'background', 'output_format', 'output_compression', 'moderation'];

export function imageModelRules(model: string): ImageModelRules {
  return model.startsWith('gpt-image') ? GPT_IMAGE : RULES[model] ?? RULES['dall-e-2']!;
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

function invalidValue(param: string, value: unknown, allowed: readonly string[]): never {
  throw new SimRequestError(400, `Invalid value: '${String(value)}'. Supported values are: ${quoted(allowed)}.`, { param, code: 'invalid_value' });
}

/** Multipart edits send numbers as text. */
const numberOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** Refuses what the model would refuse, in OpenAI's words; returns how many images to make. */
export function checkImageBody(body: JsonObject, rules: ImageModelRules): number {
  const count = numberOf(body.n ?? 1);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new SimRequestError(400, `Invalid 'n': expected an integer of at least 1, but got ${JSON.stringify(body.n)} instead.`, { param: 'n', code: 'invalid_value' });
  if (count > rules.maxImages) throw new SimRequestError(400, `Invalid 'n': integer above maximum value. Expected a value <= ${rules.maxImages}, but got ${count} instead.`, { param: 'n', code: 'integer_above_max_value' });
  if (body.size !== undefined && !rules.sizes.includes(String(body.size))) throw new SimRequestError(400, `'${String(body.size)}' is not one of [${quoted(rules.sizes)}] - 'size'`, { param: 'size', code: 'invalid_value' });
  if (body.quality !== undefined && !rules.qualities.includes(String(body.quality))) invalidValue('quality', body.quality, rules.qualities);
  for (const field of OPTION_FIELDS) {
    if (body[field] === undefined) continue;
    if (!(field in rules.options)) throw new SimRequestError(400, `Unknown parameter: '${field}'.`, { param: field, code: 'unknown_parameter' });
    const allowed = rules.options[field];
    const value = allowed ? body[field] : numberOf(body[field]);
    if (allowed && !allowed.includes(String(value))) invalidValue(field, value, allowed);
    if (!allowed && (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100)) throw new SimRequestError(400, `Invalid '${field}': expected an integer from 0 to 100.`, { param: field, code: 'invalid_value' });
  }
  return count;
}

const SAMPLES: Readonly<Record<string, string>> = { png: SAMPLE_PNG_BASE64, jpeg: SAMPLE_JPEG_BASE64, webp: SAMPLE_WEBP_BASE64 };

/**
 * What a GPT image model reports beside its images: the quality and size it made (`auto`
 * resolves to medium, square), the background and the output format, whose bytes it sends.
 */
export function gptImageFacts(body: JsonObject): { facts: JsonObject; sample: string } {
  const outputFormat = typeof body.output_format === 'string' ? body.output_format : 'png';
  const pick = (value: unknown, auto: string) => (value === undefined || value === 'auto' ? auto : String(value));
  return {
    facts: { background: pick(body.background, 'opaque'), output_format: outputFormat, quality: pick(body.quality, 'medium'), size: pick(body.size, '1024x1024') },
    sample: SAMPLES[outputFormat] ?? SAMPLE_PNG_BASE64,
  };
}

/** Image tokens of a GPT image model's output, by quality then shape, as OpenAI's image-generation guide tabulates them. */
const OUTPUT_TOKENS: Readonly<Record<string, { square: number; portrait: number; landscape: number }>> = {
  low: { square: 272, portrait: 408, landscape: 400 },
  medium: { square: 1056, portrait: 1584, landscape: 1568 },
  high: { square: 4160, portrait: 6240, landscape: 6208 },
};

/** An image to edit, counted as OpenAI counts a 1024² image at high detail (the simulator does not read its pixels). */
export const IMAGE_INPUT_TOKENS = 765;

export function outputTokensPerImage(quality: string, size: string): number {
  const tokens = OUTPUT_TOKENS[quality] ?? OUTPUT_TOKENS.medium!;
  return size === '1024x1536' ? tokens.portrait : size === '1536x1024' ? tokens.landscape : tokens.square;
}
