import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { checkDimensions, MAX_EMBEDDING_INPUTS, parseEmbeddingsRequest } from './parse-embeddings-request';

describe('parseEmbeddingsRequest', () => {
  it('reads a string, strings, one token array or token arrays, with float as the default format', () => {
    expect(parseEmbeddingsRequest({ model: 'm', input: 'hello' })).toEqual({ model: 'm', inputs: ['hello'], encodingFormat: 'float' });
    expect(parseEmbeddingsRequest({ model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 256 })).toEqual({ model: 'm', inputs: ['a', 'b'], encodingFormat: 'base64', dimensions: 256 });
    expect(parseEmbeddingsRequest({ model: 'm', input: [[1, 2], [3]] }).inputs).toEqual([[1, 2], [3]]);
    expect(parseEmbeddingsRequest({ model: 'm', input: [5, 6, 7] }).inputs).toEqual([[5, 6, 7]]);
  });

  it.each([
    ['a body that is not an object', ['input'], 'body'],
    ['no model', { input: 'x' }, 'model'],
    ['an empty string', { model: 'm', input: '' }, 'input'],
    ['an empty array', { model: 'm', input: [] }, 'input'],
    ['no input', { model: 'm' }, 'input'],
    ['an empty item', { model: 'm', input: ['a', ''] }, 'input.1'],
    ['a negative token id', { model: 'm', input: [[3], [1, -2]] }, 'input.1'],
    ['a token array among strings', { model: 'm', input: ['a', [1, 2]] }, 'input.1'],
    ['a string among token arrays', { model: 'm', input: [[1, 2], [3], 'c'] }, 'input.2'],
    ['too many inputs', { model: 'm', input: Array.from({ length: MAX_EMBEDDING_INPUTS + 1 }, () => 'x') }, 'input'],
    ['an unknown encoding', { model: 'm', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    ['fractional dimensions', { model: 'm', input: 'x', dimensions: 1.5 }, 'dimensions'],
    ['zero dimensions', { model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(() => parseEmbeddingsRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_EMBEDDINGS_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });

  it('refuses dimensions above the model\'s vectors, and leaves a model of unknown length to its upstream', () => {
    const model = { id: 'openai/text-embedding-3-small', dimensions: 1536 } as ModelInfo;
    expect(() => checkDimensions(parseEmbeddingsRequest({ model: 'm', input: 'x', dimensions: 1537 }), model)).toThrow(expect.objectContaining({ code: 'BSK_EMBEDDINGS_INVALID_REQUEST', message: 'dimensions: must be at most 1536 for openai/text-embedding-3-small' }));
    expect(() => checkDimensions(parseEmbeddingsRequest({ model: 'm', input: 'x', dimensions: 1536 }), model)).not.toThrow();
    expect(() => checkDimensions(parseEmbeddingsRequest({ model: 'm', input: 'x', dimensions: 99_999 }), { id: 'local/bge-m3' } as ModelInfo)).not.toThrow();
  });

  it('refuses any dimensions on a model that takes none, its own length included', () => {
    const model = { id: 'openai/text-embedding-ada-002', dimensions: 1536, fixedDimensions: true } as ModelInfo;
    expect(() => checkDimensions(parseEmbeddingsRequest({ model: 'm', input: 'x', dimensions: 1536 }), model)).toThrow(expect.objectContaining({ code: 'BSK_EMBEDDINGS_INVALID_REQUEST', details: expect.objectContaining({ param: 'dimensions' }) }));
    expect(() => checkDimensions(parseEmbeddingsRequest({ model: 'm', input: 'x' }), model)).not.toThrow();
  });
});
