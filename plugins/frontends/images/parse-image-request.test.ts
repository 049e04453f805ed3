import { describe, expect, it } from 'vitest';
import type { MultipartBody, MultipartFile } from '../shared/parse-multipart';
import { MAX_IMAGE_BYTES, parseEditRequest, parseGenerationRequest } from './parse-image-request';

const png = (field: string, bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]), mimeType = 'image/png'): MultipartFile => ({ field, filename: `${field}.png`, mimeType, bytes });
const multipart = (fields: Record<string, string>, files: MultipartFile[]): MultipartBody => ({ fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, [value]])), files });

describe('parseGenerationRequest', () => {
  it('reads the OpenAI fields, with dall-e-2 and one image as defaults, leaving the answer format to the model', () => {
    expect(parseGenerationRequest({ prompt: 'an otter' })).toEqual({ model: 'dall-e-2', prompt: 'an otter', count: 1, options: {} });
    expect(parseGenerationRequest({ model: 'dall-e-3', prompt: 'an otter', n: 3, size: '1024x1024', quality: 'hd', response_format: 'b64_json' }))
      .toEqual({ model: 'dall-e-3', prompt: 'an otter', count: 3, size: '1024x1024', quality: 'hd', responseFormat: 'b64_json', options: {} });
  });

  it('reads the model-specific options instead of dropping them', () => {
    const parsed = parseGenerationRequest({ model: 'gpt-image-1', prompt: 'p', style: 'natural', background: 'transparent', output_format: 'webp', output_compression: 40, moderation: 'low' });
    expect(parsed.options).toEqual({ style: 'natural', background: 'transparent', outputFormat: 'webp', outputCompression: 40, moderation: 'low' });
  });

  it('reads user as the end-user id to pass on', () => {
    expect(parseGenerationRequest({ prompt: 'p', user: 'end-user-42' })).toMatchObject({ userId: 'end-user-42' });
  });

  it('ignores a field OpenAI does not define, and input_fidelity, which only edits define: nothing of them is read or sent on', () => {
    expect(parseGenerationRequest({ prompt: 'p', seed: 7, input_fidelity: 'high', bytespike: { retry: { attempts: 2 } } })).toEqual(parseGenerationRequest({ prompt: 'p' }));
  });

  // Every optional field of ImageGenerateParamsBase that the official SDK types `| null`
  // (node_modules/openai/resources/images.d.ts, openai 6.49.0), and `user`, which it types `string`.
  const NULLABLE_FIELDS = ['model', 'n', 'size', 'quality', 'response_format', 'style', 'background', 'output_format', 'output_compression', 'moderation', 'stream', 'partial_images', 'user'];

  it('reads every optional field sent as null as left out, as OpenAI does', () => {
    const nulls = Object.fromEntries(NULLABLE_FIELDS.map((field) => [field, null]));
    expect(parseGenerationRequest({ prompt: 'an otter', ...nulls })).toEqual(parseGenerationRequest({ prompt: 'an otter' }));
    expect(parseGenerationRequest({ model: 'gpt-image-1', prompt: 'an otter', quality: 'low', ...nulls, size: '1024x1024' })).toEqual({ model: 'dall-e-2', prompt: 'an otter', count: 1, size: '1024x1024', options: {} });
  });

  it.each(NULLABLE_FIELDS)('reads %s: null as left out, with the other fields as sent', (field) => {
    const sent = { model: 'gpt-image-1', prompt: 'an otter', n: 2, size: '1024x1024', quality: 'low', output_format: 'webp', output_compression: 40, user: 'end-user-42' };
    const { [field]: _left, ...without } = sent as Record<string, unknown>;
    expect(parseGenerationRequest({ ...sent, [field]: null })).toEqual(parseGenerationRequest(without));
  });

  it('refuses a null prompt, which is required, as it refuses a missing one', () => {
    const refusal = expect.objectContaining({ code: 'BSK_IMAGES_INVALID_REQUEST', status: 400, details: { param: 'prompt', reason: 'must be a non-empty string' } });
    expect(() => parseGenerationRequest({ model: 'gpt-image-1', prompt: null })).toThrow(refusal);
    expect(() => parseGenerationRequest({ model: 'gpt-image-1' })).toThrow(refusal);
  });

  it('takes stream: false, which asks for the JSON answer the gateway gives', () => {
    expect(parseGenerationRequest({ prompt: 'p', stream: false })).toEqual(parseGenerationRequest({ prompt: 'p' }));
  });

  it.each([
    ['stream: true', { stream: true }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'stream'],
    ['partial_images', { partial_images: 2 }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'partial_images'],
    ['partial_images of 0 with stream: false', { stream: false, partial_images: 0 }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'partial_images'],
    ['stream that is not a boolean', { stream: 'yes' }, 'BSK_IMAGES_INVALID_REQUEST', 'stream'],
  ])('refuses %s, which asks for server-sent events, with a 400 naming the field', (_case, body, code, param) => {
    expect(() => parseGenerationRequest({ prompt: 'p', ...body })).toThrow(expect.objectContaining({ code, status: 400, details: expect.objectContaining({ param }) }));
  });

  it.each([
    ['a body that is not an object', 'draw', 'body'],
    ['no prompt', { model: 'm' }, 'prompt'],
    ['a blank prompt', { prompt: ' ' }, 'prompt'],
    ['a prompt too long', { prompt: 'x'.repeat(32_001) }, 'prompt'],
    ['n of zero', { prompt: 'p', n: 0 }, 'n'],
    ['n above ten', { prompt: 'p', n: 11 }, 'n'],
    ['a fractional n', { prompt: 'p', n: 1.5 }, 'n'],
    ['n as a string in JSON', { prompt: 'p', n: '2' }, 'n'],
    ['output_compression as a string in JSON', { prompt: 'p', output_compression: '50' }, 'output_compression'],
    ['an empty style', { prompt: 'p', style: '' }, 'style'],
    ['an unknown response_format', { prompt: 'p', response_format: 'png' }, 'response_format'],
    ['an empty size', { prompt: 'p', size: '' }, 'size'],
    ['a numeric model', { prompt: 'p', model: 3 }, 'model'],
    ['an empty user', { prompt: 'p', user: '' }, 'user'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(() => parseGenerationRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });
});

describe('parseEditRequest', () => {
  it('reads multipart text fields (n and output_compression as text) and image[] files with a mask', () => {
    const parsed = parseEditRequest(multipart({ prompt: 'add a hat', n: '2', model: 'gpt-image-1', output_compression: '50' }, [png('image[]'), png('image[]'), png('mask')]));
    expect(parsed).toMatchObject({ model: 'gpt-image-1', prompt: 'add a hat', count: 2, options: { outputCompression: 50 } });
    expect(parsed).not.toHaveProperty('responseFormat');
    expect(parsed.images!.map((image) => image.filename)).toEqual(['image[].png', 'image[].png']);
    expect(parsed.mask).toMatchObject({ mimeType: 'image/png', filename: 'mask.png' });
  });

  it('reads input_fidelity and user, and refuses stream=true sent as text', () => {
    expect(parseEditRequest(multipart({ prompt: 'p', input_fidelity: 'high', user: 'end-user-42', stream: 'false' }, [png('image')]))).toMatchObject({ options: { inputFidelity: 'high' }, userId: 'end-user-42' });
    expect(() => parseEditRequest(multipart({ prompt: 'p', stream: 'true' }, [png('image')]))).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_VALUE', details: expect.objectContaining({ param: 'stream' }) }));
    expect(() => parseEditRequest(multipart({ prompt: 'p', partial_images: '1' }, [png('image')]))).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_PARAMETER', details: expect.objectContaining({ param: 'partial_images' }) }));
  });

  it.each([
    ['a JSON body', undefined, 'body'],
    ['no image', multipart({ prompt: 'p' }, []), 'image'],
    ['an empty image', multipart({ prompt: 'p' }, [png('image', Buffer.alloc(0))]), 'image.0'],
    ['an image of another type', multipart({ prompt: 'p' }, [png('image'), png('image', Buffer.from('GIF8'), 'image/gif')]), 'image.1'],
    ['a mask of another type', multipart({ prompt: 'p' }, [png('image'), png('mask', Buffer.from('%PDF'), 'application/pdf')]), 'mask'],
    ['a text n that is not a number', multipart({ prompt: 'p', n: 'two' }, [png('image')]), 'n'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(() => parseEditRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });

  it('refuses an image over the size limit with a 413 naming it', () => {
    const body = multipart({ prompt: 'p' }, [png('image', Buffer.alloc(MAX_IMAGE_BYTES + 1))]);
    expect(() => parseEditRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_TOO_LARGE', status: 413, details: expect.objectContaining({ param: 'image.0' }) }));
  });
});
