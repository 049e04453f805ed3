import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { createOpenAIMediaProviders } from '../../providers/openai/openai-media-providers';
import { checkImageRequest } from './check-image-request';
import { parseEditRequest, parseGenerationRequest } from './parse-image-request';

// The real catalog: what the checks read is catalog data.
const { images } = createOpenAIMediaProviders({ apiKey: 'sk-test', fetch: globalThis.fetch });
const modelOf = (id: string): ModelInfo => images.models().find((model) => model.id === `openai/${id}`)!;
const check = (body: Record<string, unknown>) => {
  const request = parseGenerationRequest({ prompt: 'an otter', ...body });
  const model = modelOf(request.model);
  return checkImageRequest(request, images.options(model), model);
};

describe('checkImageRequest', () => {
  it('resolves each model\'s default quality, size and answer format (GPT image models answer base64, linked all the same)', () => {
    expect(check({ model: 'dall-e-3' })).toEqual({ shape: { quality: 'standard', size: '1024x1024' }, responseFormat: 'url', linked: true });
    expect(check({ model: 'dall-e-2', size: '512x512', response_format: 'b64_json' })).toEqual({ shape: { quality: 'standard', size: '512x512' }, responseFormat: 'b64_json', linked: false });
    expect(check({ model: 'gpt-image-1' })).toEqual({ shape: { quality: 'auto', size: 'auto' }, responseFormat: 'b64_json', linked: true });
    expect(check({ model: 'gpt-image-1', quality: 'high', size: '1536x1024' }).shape).toEqual({ quality: 'high', size: '1536x1024' });
  });

  it('lets through the options each model takes', () => {
    expect(() => check({ model: 'dall-e-3', style: 'natural', quality: 'hd' })).not.toThrow();
    expect(() => check({ model: 'gpt-image-1', background: 'transparent', output_format: 'webp', output_compression: 80, moderation: 'low' })).not.toThrow();
  });

  it.each([
    ['response_format on gpt-image-1, which OpenAI refuses', { model: 'gpt-image-1', response_format: 'b64_json' }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'response_format'],
    ['n of 2 on dall-e-3, which makes one image a request', { model: 'dall-e-3', n: 2 }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'n'],
    ['quality hd on gpt-image-1', { model: 'gpt-image-1', quality: 'hd' }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'quality'],
    ['quality high on dall-e-3', { model: 'dall-e-3', quality: 'high' }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'quality'],
    ['style on gpt-image-1', { model: 'gpt-image-1', style: 'natural' }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'style'],
    ['style of another kind on dall-e-3', { model: 'dall-e-3', style: 'sketch' }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'style'],
    ['background on dall-e-3', { model: 'dall-e-3', background: 'transparent' }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'background'],
    ['output_format on dall-e-2', { model: 'dall-e-2', output_format: 'webp' }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'output_format'],
    ['output_format gif on gpt-image-1', { model: 'gpt-image-1', output_format: 'gif' }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'output_format'],
    ['output_compression above 100', { model: 'gpt-image-1', output_compression: 101 }, 'BSK_IMAGES_UNSUPPORTED_VALUE', 'output_compression'],
    ['moderation on dall-e-3', { model: 'dall-e-3', moderation: 'low' }, 'BSK_IMAGES_UNSUPPORTED_PARAMETER', 'moderation'],
  ])('refuses %s with a 400 naming the field', (_case, body, code, param) => {
    expect(() => check(body)).toThrow(expect.objectContaining({ code, status: 400, details: expect.objectContaining({ param }) }));
  });

  // OpenAI API reference, Create image: output_compression "only ... with the webp or jpeg output formats"; a transparent background needs png or webp.
  it.each([
    ['output_compression below 100 with the default output_format (png)', { model: 'gpt-image-1', output_compression: 60 }, 'output_compression', 'output_format "png" (the default)'],
    ['output_compression below 100 with output_format png', { model: 'gpt-image-1-mini', output_format: 'png', output_compression: 0 }, 'output_compression', 'output_format "png"'],
    ['a transparent background with output_format jpeg', { model: 'gpt-image-1', background: 'transparent', output_format: 'jpeg' }, 'background', 'output_format "jpeg"'],
  ])('refuses %s, naming the field and what it cannot go with', (_case, body, param, other) => {
    expect(() => check(body)).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_INCOMPATIBLE_VALUES', status: 400, details: expect.objectContaining({ param, other }) }));
  });

  it('takes the combinations OpenAI does', () => {
    for (const body of [
      { output_format: 'jpeg', output_compression: 0 }, { output_format: 'webp', output_compression: 80, background: 'transparent' },
      { background: 'transparent' }, { output_format: 'png', background: 'transparent' }, { output_compression: 100 }, { background: 'opaque', output_format: 'jpeg' },
    ]) expect(() => check({ model: 'gpt-image-1', ...body })).not.toThrow();
  });

  // API reference, Create image edit: input_fidelity "high" and "low" on gpt-image-1; gpt-image-1-mini "supports only low".
  it('takes input_fidelity on an edit as each model does, refusing it where the model has none', () => {
    const checkEdit = (model: string, inputFidelity: string) => {
      const request = parseEditRequest({ fields: { prompt: ['add a hat'], model: [model], input_fidelity: [inputFidelity] }, files: [{ field: 'image', filename: 'a.png', mimeType: 'image/png', bytes: Buffer.from('png') }] });
      return () => checkImageRequest(request, images.options(modelOf(model)), modelOf(model));
    };
    expect(checkEdit('gpt-image-1', 'high')).not.toThrow();
    expect(checkEdit('gpt-image-1-mini', 'low')).not.toThrow();
    expect(checkEdit('gpt-image-1-mini', 'high')).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_VALUE', details: expect.objectContaining({ param: 'input_fidelity', allowed: 'low' }) }));
    expect(checkEdit('gpt-image-1', 'medium')).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_VALUE', details: expect.objectContaining({ param: 'input_fidelity' }) }));
    expect(checkEdit('dall-e-2', 'low')).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_PARAMETER', details: expect.objectContaining({ param: 'input_fidelity' }) }));
  });

  it('refuses a size the model does not make, naming those it does', () => {
    expect(() => check({ model: 'gpt-image-1', size: '1792x1024' })).toThrow(expect.objectContaining({ code: 'BSK_IMAGES_UNSUPPORTED_SIZE', status: 400, details: expect.objectContaining({ sizes: 'auto, 1024x1024, 1536x1024, 1024x1536' }) }));
  });
});
