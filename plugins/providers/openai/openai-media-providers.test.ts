import { describe, expect, it } from 'vitest';
import { callContext, fakeFetch, jsonResponse, replayJson } from '../shared/provider-test-support';
import embedding from './__fixtures__/openai-embedding.json';
import imageFormatError from './__fixtures__/gpt-image-response-format-error.json';
import image from './__fixtures__/openai-image.json';
import { createOpenAIMediaProviders } from './openai-media-providers';

const media = (fetch: typeof globalThis.fetch, key: { apiKey?: string } = { apiKey: 'sk-test' }) => createOpenAIMediaProviders({ ...key, baseUrl: 'https://upstream.test/v1', fetch });
const modelOf = <Model extends { id: string }>(models: readonly Model[], id: string) => models.find((model) => model.id === id)!;

describe('openai embeddings', () => {
  it('posts /embeddings asking for floats and reads the recorded vectors in input order with prompt_tokens', async () => {
    const { fetch, sent } = replayJson({ ...embedding, data: [...embedding.data].reverse() });
    const { embeddings } = media(fetch);
    const result = await embeddings.embed({ inputs: ['sunny day at the beach', 'rainy day in the city'], dimensions: 5 }, modelOf(embeddings.models(), 'openai/text-embedding-3-small'), callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/embeddings');
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer sk-test' });
    expect(sent[0]!.body).toEqual({ model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float', dimensions: 5 });
    expect(result).toEqual({ vectors: embedding.data.map((item) => item.embedding), inputTokens: 12 });
  });

  it('refuses an answer with fewer vectors than inputs as malformed', async () => {
    const { embeddings } = media(replayJson(embedding).fetch);
    const failure = embeddings.embed({ inputs: ['a', 'b', 'c'] }, embeddings.models()[0]!, callContext());
    await expect(failure).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });

  it('is disabled without a key', () => {
    expect(media(replayJson({}).fetch, {}).embeddings.enabled).toBe(false);
  });
});

describe('openai images', () => {
  it('asks DALL·E for base64 and reads the recorded images as bytes with the revised prompt', async () => {
    const { fetch, sent } = replayJson(image);
    const { images } = media(fetch);
    const result = await images.generateImages({ prompt: 'A baby sea otter', count: 2, size: '1024x1024' }, modelOf(images.models(), 'openai/dall-e-3'), callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/images/generations');
    expect(sent[0]!.body).toEqual({ model: 'dall-e-3', prompt: 'A baby sea otter', n: 2, size: '1024x1024', response_format: 'b64_json' });
    expect(result.images).toHaveLength(2);
    expect(result).not.toHaveProperty('usage');
    expect(result.images[0]).toMatchObject({ mimeType: 'image/png', revisedPrompt: image.data[0]!.revised_prompt });
    expect(Buffer.from(result.images[0]!.bytes).toString('base64')).toBe(image.data[0]!.b64_json);
    expect(result.images[1]).not.toHaveProperty('revisedPrompt');
  });

  it('never sends response_format to a GPT image model, which refuses it (recorded 400)', async () => {
    const { fetch, sent } = fakeFetch((request) => (request.body.response_format === undefined ? jsonResponse(JSON.stringify(image)) : jsonResponse(JSON.stringify(imageFormatError), 400)));
    const { images } = media(fetch);
    await images.generateImages({ prompt: 'otter', count: 1, quality: 'high' }, modelOf(images.models(), 'openai/gpt-image-1'), callContext());
    expect(sent[0]!.body).toEqual({ model: 'gpt-image-1', prompt: 'otter', n: 1, quality: 'high' });
  });

  it('sends the model-specific options by their OpenAI names, and reads what a GPT image model says it made', async () => {
    const { fetch, sent } = replayJson({ ...image, output_format: 'webp', quality: 'medium', size: '1024x1024' });
    const { images } = media(fetch);
    const result = await images.generateImages({ prompt: 'otter', count: 1, quality: 'auto', options: { background: 'transparent', outputFormat: 'webp', outputCompression: 50, moderation: 'low' } }, modelOf(images.models(), 'openai/gpt-image-1'), callContext());
    expect(sent[0]!.body).toEqual({ model: 'gpt-image-1', prompt: 'otter', n: 1, quality: 'auto', background: 'transparent', output_format: 'webp', output_compression: 50, moderation: 'low' });
    expect(result.images[0]).toMatchObject({ mimeType: 'image/webp', quality: 'medium', size: '1024x1024' });
    await images.generateImages({ prompt: 'otter', count: 1, options: { style: 'natural' } }, modelOf(images.models(), 'openai/dall-e-3'), callContext());
    expect(sent[1]!.body).toMatchObject({ model: 'dall-e-3', style: 'natural' });
  });

  // No recorded GPT image answer with usage exists in the shared set: `usage` follows OpenAI's ImagesResponse (API reference, images object).
  it('reads the tokens a GPT image model bills: text and image input apart, and the image output', async () => {
    const usage = { total_tokens: 1402, input_tokens: 346, output_tokens: 1056, input_tokens_details: { text_tokens: 23, image_tokens: 323 } };
    const { images } = media(replayJson({ ...image, quality: 'medium', size: '1024x1024', usage }).fetch);
    const result = await images.generateImages({ prompt: 'add a hat', count: 1 }, modelOf(images.models(), 'openai/gpt-image-1'), callContext());
    expect(result.usage).toEqual({ textInputTokens: 23, imageInputTokens: 323, outputTokens: 1056 });
    const textOnly = await media(replayJson({ ...image, usage: { input_tokens: 12, output_tokens: 272, total_tokens: 284 } }).fetch).images.generateImages({ prompt: 'otter', count: 1 }, modelOf(images.models(), 'openai/gpt-image-1'), callContext());
    expect(textOnly.usage).toEqual({ textInputTokens: 12, imageInputTokens: 0, outputTokens: 272 });
  });

  it('turns the recorded unknown-parameter error into an invalid request naming it', async () => {
    const { images } = media(replayJson(imageFormatError, 400).fetch);
    const failure = images.generateImages({ prompt: 'otter', count: 1 }, modelOf(images.models(), 'openai/dall-e-2'), callContext());
    await expect(failure).rejects.toMatchObject({ code: 'BSK_UPSTREAM_INVALID_REQUEST', details: { info: { status: 400, message: "Unknown parameter: 'response_format'." } } });
  });

  it('sends edits as multipart with image[] for several images and a mask', async () => {
    const { fetch, sent } = replayJson(image);
    const { images } = media(fetch);
    const file = (name: string) => ({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mimeType: 'image/png', filename: name });
    await images.generateImages({ prompt: 'add a hat', count: 1, images: [file('a.png'), file('b.png')], mask: file('mask.png') }, modelOf(images.models(), 'openai/gpt-image-1'), callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/images/edits');
    const form = sent[0]!.init.body as FormData;
    expect([...form.keys()]).toEqual(['model', 'prompt', 'n', 'image[]', 'image[]', 'mask']);
    expect((form.getAll('image[]') as File[]).map((part) => part.name)).toEqual(['a.png', 'b.png']);
  });

  it('lists sizes, qualities, answer formats, options and edit support from the catalog', () => {
    const { images } = media(replayJson({}).fetch);
    expect(images.options(modelOf(images.models(), 'openai/dall-e-3'))).toEqual({
      sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], maxImages: 1, responseFormats: ['url', 'b64_json'], defaultResponseFormat: 'url', parameters: { style: ['vivid', 'natural'] }, edits: false,
    });
    for (const id of ['openai/gpt-image-1', 'openai/gpt-image-1-mini']) {
      expect(images.options(modelOf(images.models(), id))).toMatchObject({ sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'], qualities: ['auto', 'low', 'medium', 'high'], maxImages: 10, responseFormats: [], defaultResponseFormat: 'b64_json', edits: true });
    }
  });

  it('prices GPT image models by their tokens as OpenAI does, with its per-image prices as the estimate', () => {
    const { images } = media(replayJson({}).fetch);
    // developers.openai.com/api/docs/models/gpt-image-1: text input $5, image input $10, image output $40 per 1M tokens; per image low 1024² $0.011 … high 1536×1024 $0.25.
    expect(modelOf(images.models(), 'openai/gpt-image-1').pricing).toMatchObject({ inputPerMTok: 5_000_000, imageInputPerMTok: 10_000_000, outputPerMTok: 40_000_000, perImageByQuality: { low: { '1024x1024': 11_000 }, high: { '1536x1024': 250_000 } } });
    // developers.openai.com/api/docs/models/gpt-image-1-mini: text input $2, image input $2.50, image output $8 per 1M tokens; per image low 1024² $0.005 … high 1536×1024 $0.052.
    expect(modelOf(images.models(), 'openai/gpt-image-1-mini').pricing).toMatchObject({ inputPerMTok: 2_000_000, imageInputPerMTok: 2_500_000, outputPerMTok: 8_000_000, perImageByQuality: { low: { '1024x1024': 5_000 }, medium: { '1024x1024': 11_000 }, high: { '1536x1024': 52_000 } } });
  });

  it('holds GPT image models for the output tokens OpenAI documents an image of each quality and size', () => {
    const { images } = media(replayJson({}).fetch);
    // developers.openai.com/api/docs/guides/image-generation, "Models prior to gpt-image-2": one table for square, portrait and landscape.
    const documented = { low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 }, medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 }, high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 } };
    for (const id of ['openai/gpt-image-1', 'openai/gpt-image-1-mini']) {
      const model = modelOf(images.models(), id);
      expect(model.pricing.outputTokensPerImageByQuality).toEqual(documented);
      // Every quality and size the model takes but `auto` has its tokens.
      const { qualities, sizes } = images.options(model);
      for (const quality of qualities.filter((value) => value !== 'auto')) expect(Object.keys(documented[quality as keyof typeof documented]).sort()).toEqual(sizes.filter((value) => value !== 'auto').sort());
    }
    expect(modelOf(images.models(), 'openai/dall-e-3').pricing).not.toHaveProperty('outputTokensPerImageByQuality');
  });
});
