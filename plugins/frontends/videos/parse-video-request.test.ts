import { describe, expect, it } from 'vitest';
import { parseContentVariant, parseVideoRequest } from './parse-video-request';

describe('parseVideoRequest', () => {
  it('reads JSON or multipart fields (seconds as a string), with Veo 3 Fast as the default model', () => {
    expect(parseVideoRequest({ prompt: 'a cat', seconds: '8', size: '1280x720' })).toEqual({ model: 'veo-3.0-fast-generate-001', prompt: 'a cat', seconds: 8, size: '1280x720' });
    expect(parseVideoRequest({ prompt: 'a cat', model: 'veo-3', seconds: 4 })).toEqual({ model: 'veo-3', prompt: 'a cat', seconds: 4 });
    expect(parseVideoRequest({ prompt: 'a cat' })).toEqual({ model: 'veo-3.0-fast-generate-001', prompt: 'a cat' });
  });

  it.each([
    ['no body', undefined, 'body'],
    ['a JSON string instead of an object', 'a cat', 'body'],
    ['a JSON array', [{ prompt: 'a cat' }], 'body'],
    ['a blank prompt', { prompt: '  ' }, 'prompt'],
    ['an empty model', { prompt: 'p', model: '' }, 'model'],
    ['fractional seconds', { prompt: 'p', seconds: '2.5' }, 'seconds'],
    ['seconds that are not a number', { prompt: 'p', seconds: 'eight' }, 'seconds'],
    ['zero seconds', { prompt: 'p', seconds: 0 }, 'seconds'],
    ['a size that is not a string', { prompt: 'p', size: 1280 }, 'size'],
  ])('refuses %s with a 400 naming the field', (_case, fields, param) => {
    expect(() => parseVideoRequest(fields)).toThrow(expect.objectContaining({ code: 'BSK_VIDEOS_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param }) }));
  });
});

describe('parseContentVariant', () => {
  it('reads OpenAI\'s variants, the MP4 by default', () => {
    expect([parseContentVariant({}), parseContentVariant({ variant: 'thumbnail' }), parseContentVariant({ variant: 'spritesheet' }), parseContentVariant({ variant: 'video' })]).toEqual(['video', 'thumbnail', 'spritesheet', 'video']);
  });

  it.each([['bogus'], ['constructor'], [['video', 'thumbnail']]])('refuses the variant %j with a 400 naming it', (variant) => {
    expect(() => parseContentVariant({ variant })).toThrow(expect.objectContaining({ code: 'BSK_VIDEOS_INVALID_REQUEST', status: 400, details: expect.objectContaining({ param: 'variant' }) }));
  });
});
