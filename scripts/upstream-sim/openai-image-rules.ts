import openAIMediaModels from '../../plugins/providers/openai/media-models.json';
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

type TokensByQuality = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * A GPT image model's output tokens an image, by quality then size: OpenAI's table (image
 * generation guide, "Models prior to gpt-image-2"), read from the gateway's catalog so that what
 * the gateway holds and what this upstream bills come from one table. A model the catalog does
 * not list counts as gpt-image-1.
 */
function outputTokenTable(model: string): TokensByQuality {
  const entries = openAIMediaModels as readonly { id: string; pricing: { outputTokensPerImageByQuality?: TokensByQuality } }[];
  const tableOf = (id: string) => entries.find((entry) => entry.id === id)?.pricing.outputTokensPerImageByQuality;
  return tableOf(model) ?? tableOf('gpt-image-1')!;
}

/** `quality` and `size` as made (never `auto`), which checkImageBody has kept to the table's. */
export function outputTokensPerImage(model: string, quality: string, size: string): number {
  return outputTokenTable(model)[quality]![size]!;
}

/** OpenAI fits an input image in 2048x2048 and scales its short side down to 512: one by four 512-pixel tiles at most. */
const MOST_INPUT_TILES = 4;

/**
 * An image to edit (or a mask), as OpenAI counts it for GPT Image 1 at its default input
 * fidelity: fitted in 2048x2048, its short side scaled down to 512, 129 tokens per 512-pixel
 * tile plus 65 (https://developers.openai.com/api/docs/guides/images-vision, "Calculating costs",
 * GPT Image 1). An image whose size its header does not say counts the most any image can.
 */
export function inputImageTokens(size: { width: number; height: number } | undefined): number {
  if (!size) return 65 + 129 * MOST_INPUT_TILES;
  const fit = Math.min(1, 2048 / Math.max(size.width, size.height));
  const scale = fit * Math.min(1, 512 / (Math.min(size.width, size.height) * fit));
  return 65 + 129 * Math.ceil((size.width * scale) / 512) * Math.ceil((size.height * scale) / 512);
}
