import { describe, expect, it } from 'vitest';
import type { MultipartBody, MultipartFile } from '../shared/parse-multipart';
import { MAX_IMAGE_BYTES, parseEditRequest, parseGenerationRequest } from './parse-image-request';

const png = (field: string, bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]), mimeType = 'image/png'): MultipartFile => ({ field, filename: `${field}.png`, mimeType, bytes });
const multipart = (fields: Record<string, string>, files: MultipartFile[]): MultipartBody => ({ fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, [value]])), files });

describe('parseGenerationRequest', () => {
  it('reads the OpenAI fields, with dall-e-2, one image and url answers as defaults', () => {
    expect(parseGenerationRequest({ prompt: 'an otter' })).toEqual({ model: 'dall-e-2', prompt: 'an otter', count: 1, responseFormat: 'url' });
    expect(parseGenerationRequest({ model: 'gpt-image-1', prompt: 'an otter', n: 3, size: '1024x1024', quality: 'high', response_format: 'b64_json' }))
      .toEqual({ model: 'gpt-image-1', prompt: 'an otter', count: 3, size: '1024x1024', quality: 'high', responseFormat: 'b64_json' });
  });

  it.each([
    ['a body that is not an object', 'draw', 'body'],
    ['no prompt', { model: 'm' }, 'prompt'],
    ['a blank prompt', { prompt: ' ' }, 'prompt'],
    ['a prompt too long', { prompt: 'x'.repeat(32_001) }, 'prompt'],
    ['n of zero', { prompt: 'p', n: 0 }, 'n'],
    ['n above ten', { prompt: 'p', n: 11 }, 'n'],
    ['an unknown response_format', { prompt: 'p', response_format: 'png' }, 'response_format'],
    ['an empty size', { prompt: 'p', size: '' }, 'size'],
    ['a numeric model', { prompt: 'p', model: 3 }, 'model'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(() => parseGenerationRequest(body)).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });
});

describe('parseEditRequest', () => {
  it('reads multipart text fields (n as text) and image[] files with a mask', () => {
    const parsed = parseEditRequest(multipart({ prompt: 'add a hat', n: '2', model: 'gpt-image-1' }, [png('image[]'), png('image[]'), png('mask')]));
    expect(parsed).toMatchObject({ model: 'gpt-image-1', prompt: 'add a hat', count: 2, responseFormat: 'url' });
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
