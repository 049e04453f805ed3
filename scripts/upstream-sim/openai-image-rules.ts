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
  /** Edits only: the `input_fidelity` values the model takes; absent, it takes none. */
  readonly inputFidelities?: readonly string[];
}

const GPT_IMAGE: ImageModelRules = {
  sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'],
  qualities: ['auto', 'low', 'medium', 'high'],
  maxImages: 10,
  options: { background: ['auto', 'transparent', 'opaque'], output_format: ['png', 'jpeg', 'webp'], output_compression: null, moderation: ['auto', 'low'] },
  inputFidelities: ['high', 'low'],
};

/** "Supports `high` and `low` on `gpt-image-1` ...; `gpt-image-1-mini` supports only `low`" (API reference, Create image edit). */
const GPT_IMAGE_MINI: ImageModelRules = { ...GPT_IMAGE, inputFidelities: ['low'] };

const RULES: Readonly<Record<string, ImageModelRules>> = {
  'dall-e-2': { sizes: ['256x256', '512x512', '1024x1024'], qualities: ['standard'], maxImages: 10, options: {} },
  'dall-e-3': { sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], maxImages: 1, options: { style: ['vivid', 'natural'] } },
};

/** Option fields of any image model: sent to a model that does not take one, they are an unknown parameter. */
const OPTION_FIELDS = ['style', 'background', 'output_format', 'output_compression', 'moderation'];

export function imageModelRules(model: string): ImageModelRules {
  if (model.startsWith('gpt-image-1-mini')) return GPT_IMAGE_MINI;
  return model.startsWith('gpt-image') ? GPT_IMAGE : RULES[model] ?? RULES['dall-e-2']!;
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

function invalidValue(param: string, value: unknown, allowed: readonly string[]): never {
  throw new SimRequestError(400, `Invalid value: '${String(value)}'. Supported values are: ${quoted(allowed)}.`, { param, code: 'invalid_value' });
}

/** Multipart edits send numbers as text. */
const numberOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

const unknownParameter = (param: string): never => {
  throw new SimRequestError(400, `Unknown parameter: '${param}'.`, { param, code: 'unknown_parameter' });
};

/** `input_fidelity`: an edit's, on a model that takes it (Create image defines no such field). */
function checkInputFidelity(body: JsonObject, rules: ImageModelRules, edit: boolean): void {
  if (body.input_fidelity === undefined) return;
  const allowed = edit ? rules.inputFidelities : undefined;
  if (!allowed) return unknownParameter('input_fidelity');
  if (!allowed.includes(String(body.input_fidelity))) invalidValue('input_fidelity', body.input_fidelity, allowed);
}

/** Refuses what the model would refuse, in OpenAI's words; returns how many images to make. */
export function checkImageBody(body: JsonObject, rules: ImageModelRules, edit: boolean): number {
  const count = numberOf(body.n ?? 1);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new SimRequestError(400, `Invalid 'n': expected an integer of at least 1, but got ${JSON.stringify(body.n)} instead.`, { param: 'n', code: 'invalid_value' });
  if (count > rules.maxImages) throw new SimRequestError(400, `Invalid 'n': integer above maximum value. Expected a value <= ${rules.maxImages}, but got ${count} instead.`, { param: 'n', code: 'integer_above_max_value' });
  if (body.size !== undefined && !rules.sizes.includes(String(body.size))) throw new SimRequestError(400, `'${String(body.size)}' is not one of [${quoted(rules.sizes)}] - 'size'`, { param: 'size', code: 'invalid_value' });
  if (body.quality !== undefined && !rules.qualities.includes(String(body.quality))) invalidValue('quality', body.quality, rules.qualities);
  for (const field of OPTION_FIELDS) {
    if (body[field] === undefined) continue;
    if (!(field in rules.options)) unknownParameter(field);
    const allowed = rules.options[field];
    const value = allowed ? body[field] : numberOf(body[field]);
    if (allowed && !allowed.includes(String(value))) invalidValue(field, value, allowed);
    if (!allowed && (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100)) throw new SimRequestError(400, `Invalid '${field}': expected an integer from 0 to 100.`, { param: field, code: 'invalid_value' });
  }
  checkInputFidelity(body, rules, edit);
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

interface CatalogPricing {
  readonly outputTokensPerImageByQuality?: TokensByQuality;
  readonly highInputFidelityTokensPerImage?: Readonly<Record<string, number>>;
}

/** A GPT image model's prices from the gateway's catalog; a model the catalog does not list counts as gpt-image-1. */
function catalogPricing(model: string): CatalogPricing {
  const entries = openAIMediaModels as readonly { id: string; pricing: CatalogPricing }[];
  return (entries.find((entry) => entry.id === model) ?? entries.find((entry) => entry.id === 'gpt-image-1')!).pricing;
}

/**
 * A GPT image model's output tokens an image, by quality then size: OpenAI's table (image
 * generation guide, "Models prior to gpt-image-2"), read from the gateway's catalog so that what
 * the gateway holds and what this upstream bills come from one table.
 */
function outputTokenTable(model: string): TokensByQuality {
  return catalogPricing(model).outputTokensPerImageByQuality ?? catalogPricing('gpt-image-1').outputTokensPerImageByQuality!;
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

/**
 * What `input_fidelity: "high"` adds to one image to edit: "If your image is square, we add 4160
 * extra input image tokens. If it is closer to portrait or landscape, we add 6240 extra tokens"
 * (images-vision guide, "Calculating costs", GPT Image 1), from the catalog's copy of those
 * figures. The guide sets no boundary; this upstream counts an image as square when its long side
 * is nearer 1:1 than 3:2 (under 1.25 times the short), and one of unknown size at the most.
 */
export function highFidelityImageTokens(model: string, size: { width: number; height: number } | undefined): number {
  const table = catalogPricing(model).highInputFidelityTokensPerImage ?? catalogPricing('gpt-image-1').highInputFidelityTokensPerImage!;
  if (!size) return Math.max(...Object.values(table));
  const long = Math.max(size.width, size.height);
  const short = Math.min(size.width, size.height);
  if (long < 1.25 * short) return table.square!;
  return size.width > size.height ? table.landscape! : table.portrait!;
}
