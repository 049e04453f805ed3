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
