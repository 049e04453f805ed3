import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingInput } from '../../../kernel/canonical/modality-providers';
import { embeddingsErrors } from './errors';
import { isJsonObject } from '../shared/wire-reader';

/** OpenAI's own limit on inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

export interface EmbeddingsRequest {
  readonly model: string;
  readonly inputs: readonly EmbeddingInput[];
  readonly encodingFormat: 'float' | 'base64';
  readonly dimensions?: number;
}

function invalid(param: string, reason: string): never {
  throw embeddingsErrors.create('BSK_EMBEDDINGS_INVALID_REQUEST', { param, reason });
}

const isTokenArray = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item) && item >= 0);

/**
 * `input` is a string, an array of strings, one token array, or an array of token arrays; not
 * strings and token arrays mixed, which OpenAI refuses too.
 */
function readInputs(input: unknown): EmbeddingInput[] {
  if (typeof input === 'string') return input === '' ? invalid('input', 'must not be empty') : [input];
  if (!Array.isArray(input) || input.length === 0) return invalid('input', 'must be a non-empty string or a non-empty array of strings or token arrays');
  if (isTokenArray(input)) return [input];
  if (input.length > MAX_EMBEDDING_INPUTS) return invalid('input', `at most ${MAX_EMBEDDING_INPUTS} inputs per request (got ${input.length})`);
  const strings = typeof input[0] === 'string';
  return input.map((item: unknown, index) => {
    if (typeof item === 'string' ? item === '' : !isTokenArray(item)) return invalid(`input.${index}`, 'must be a non-empty string or a non-empty array of token ids');
    if ((typeof item === 'string') !== strings) return invalid(`input.${index}`, `must be ${strings ? 'a string' : 'a token array'} like input.0: send all strings or all token arrays`);
    return item as EmbeddingInput;
  });
}

/**
 * Refuses `dimensions` where OpenAI would: on a model that takes none, and above the model's
 * vector length; a model the catalog gives no length is left to its upstream.
 */
export function checkDimensions(request: EmbeddingsRequest, model: ModelInfo): void {
  if (request.dimensions === undefined) return;
  if (model.fixedDimensions) invalid('dimensions', `${model.id} takes no dimensions (its vectors have one length)`);
  if (model.dimensions !== undefined && request.dimensions > model.dimensions) invalid('dimensions', `must be at most ${model.dimensions} for ${model.id}`);
}

export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (!isJsonObject(body)) return invalid('body', 'must be a JSON object');
  const fields = body;
  if (typeof fields.model !== 'string' || fields.model === '') return invalid('model', 'is required');
  const encodingFormat = fields.encoding_format ?? 'float';
  if (encodingFormat !== 'float' && encodingFormat !== 'base64') return invalid('encoding_format', 'must be "float" or "base64"');
  const { dimensions } = fields;
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || (dimensions as number) < 1)) return invalid('dimensions', 'must be a positive integer');
  return { model: fields.model, inputs: readInputs(fields.input), encodingFormat, ...(dimensions === undefined ? {} : { dimensions: dimensions as number }) };
}
