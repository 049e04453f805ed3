import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ImageModelOptions, ImageOptions, ImageResponseFormat } from '../../../kernel/canonical/modality-providers';
import type { MediaShape } from '../../billing/pricing';
import { imagesErrors } from './errors';
import { IMAGE_OPTION_FIELDS, type ImageClientRequest } from './parse-image-request';

/** What a checked request makes: the quality and size it is priced at, and how it is answered. */
export interface CheckedImageRequest {
  readonly shape: MediaShape;
  readonly responseFormat: ImageResponseFormat;
  /**
   * Whether the answer links each image at the gateway: a URL answer, and the base64 answer of
   * a model that answers nothing else (GPT image models), which carries the link beside it.
   */
  readonly linked: boolean;
}

type ParameterSpec = ImageModelOptions['parameters'][string];

function unsupportedValue(param: string, value: string | number, model: ModelInfo, allowed: readonly (string | number)[] | string): never {
  throw imagesErrors.create('BSK_IMAGES_UNSUPPORTED_VALUE', { param, value, model: model.id, allowed: typeof allowed === 'string' ? allowed : allowed.join(', ') });
}

function unsupportedParameter(param: string, model: ModelInfo): never {
  throw imagesErrors.create('BSK_IMAGES_UNSUPPORTED_PARAMETER', { param, model: model.id });
}

/** A value against what the model takes: a list of values, or an integer range. */
function checkValue(param: string, value: string | number, spec: ParameterSpec | undefined, model: ModelInfo): void {
  if (spec === undefined) return unsupportedParameter(param, model);
  if (Array.isArray(spec)) {
    if (!spec.includes(value as string)) unsupportedValue(param, value, model, spec);
    return;
  }
  const range = spec as { min: number; max: number };
  if (typeof value !== 'number' || value < range.min || value > range.max) unsupportedValue(param, value, model, `an integer from ${range.min} to ${range.max}`);
}

/** GPT image models answer PNG unless asked otherwise (OpenAI API reference, Create image: `output_format`). */
const DEFAULT_OUTPUT_FORMAT = 'png';

/**
 * Values each allowed alone that cannot go together, after OpenAI's API reference (Create image):
 * `output_compression` is "only supported ... with the webp or jpeg output formats" (PNG, the
 * default, is lossless; 100, the default, asks for no compression and is taken everywhere), and a
 * `transparent` background needs "the output format ... to support transparency, so it should be
 * set to either png (default value) or webp". Refused before anything is held, as the upstream
 * would refuse them after.
 */
function checkCombinations(options: ImageOptions): void {
  const format = options.outputFormat ?? DEFAULT_OUTPUT_FORMAT;
  const formatNamed = options.outputFormat === undefined ? `output_format "${format}" (the default)` : `output_format "${format}"`;
  if (options.outputCompression !== undefined && options.outputCompression < 100 && format === 'png') {
    throw imagesErrors.create('BSK_IMAGES_INCOMPATIBLE_VALUES', { param: 'output_compression', value: options.outputCompression, other: formatNamed, reason: 'compression below 100 needs output_format "jpeg" or "webp"' });
  }
  if (options.background === 'transparent' && format === 'jpeg') {
    throw imagesErrors.create('BSK_IMAGES_INCOMPATIBLE_VALUES', { param: 'background', value: 'transparent', other: formatNamed, reason: 'a transparent background needs output_format "png" or "webp"' });
  }
}

function checkResponseFormat(request: ImageClientRequest, options: ImageModelOptions, model: ModelInfo): ImageResponseFormat {
  if (request.responseFormat === undefined) return options.defaultResponseFormat;
  // GPT image models always answer base64 and refuse the field, as OpenAI does (400 unknown_parameter).
  if (options.responseFormats.length === 0) return unsupportedParameter('response_format', model);
  if (!options.responseFormats.includes(request.responseFormat)) unsupportedValue('response_format', request.responseFormat, model, options.responseFormats);
  return request.responseFormat;
}

/**
 * Checks an images request against what the model takes (its catalog entry), so nothing the
 * model would refuse or ignore is held, sent or billed; resolves the model's defaults.
 */
export function checkImageRequest(request: ImageClientRequest, options: ImageModelOptions, model: ModelInfo): CheckedImageRequest {
  if (request.size !== undefined && !options.sizes.includes(request.size)) throw imagesErrors.create('BSK_IMAGES_UNSUPPORTED_SIZE', { size: request.size, model: model.id, sizes: options.sizes.join(', ') });
  if (request.quality !== undefined) {
    if (options.qualities.length === 0) unsupportedParameter('quality', model);
    if (!options.qualities.includes(request.quality)) unsupportedValue('quality', request.quality, model, options.qualities);
  }
  if (request.count > options.maxImages) unsupportedValue('n', request.count, model, `1 to ${options.maxImages}`);
  for (const { field, key } of IMAGE_OPTION_FIELDS) {
    const value = request.options[key];
    if (value !== undefined) checkValue(field, value, options.parameters[field], model);
  }
  checkCombinations(request.options);
  if (request.images && !options.edits) throw imagesErrors.create('BSK_IMAGES_EDIT_UNSUPPORTED', { model: model.id });
  const quality = request.quality ?? options.qualities[0];
  const size = request.size ?? options.sizes[0];
  const responseFormat = checkResponseFormat(request, options, model);
  return { shape: { ...(quality ? { quality } : {}), ...(size ? { size } : {}) }, responseFormat, linked: responseFormat === 'url' || options.responseFormats.length === 0 };
}
