import { describe, expect, it } from 'vitest';
import { computeCredits, estimateMaxCredits, priceForShape } from '../../billing/pricing';
import { createOpenAIMediaProviders } from '../../providers/openai/openai-media-providers';
import { estimatePromptTokens, imageCostBounds, imageUsage, withHighFidelity } from './image-usage';
import { parseEditRequest, parseGenerationRequest, type ImageClientRequest } from './parse-image-request';

const { images } = createOpenAIMediaProviders({ apiKey: 'sk-test', fetch: globalThis.fetch });
const gptImage = images.models().find((model) => model.id === 'openai/gpt-image-1')!;
const made = (count: number) => Array.from({ length: count }, () => ({ bytes: new Uint8Array([1]), mimeType: 'image/png' }));
/** A PNG header of a 1024×1024 image: OpenAI counts it 765 tokens at high detail, Claude 1,399; the estimate takes the larger. */
const png1024 = Buffer.from('89504e470d0a1a0a0000000d494844520000040000000400080600000000', 'hex');

describe('imageUsage', () => {
  const request: ImageClientRequest = parseGenerationRequest({ model: 'gpt-image-1', prompt: 'a sea otter holding a tiny umbrella' });

  it('bills what a GPT image model reports: text input, image input and image output at their own prices, no per-image charge', () => {
    const usage = imageUsage({ images: made(1), usage: { textInputTokens: 23, imageInputTokens: 323, outputTokens: 1056 } }, estimatePromptTokens(request));
    expect(usage).toEqual({ images: 1, inputTokens: 346, imageInputTokens: 323, outputTokens: 1056 });
    // $5/MTok text, $10/MTok image input, $40/MTok output: 115 + 3,230 + 42,240 micro-USD.
    expect(computeCredits(priceForShape(gptImage.pricing, { quality: 'medium', size: '1024x1024' }), usage)).toBe(Math.ceil((23 * 5_000_000 + 323 * 10_000_000 + 1056 * 40_000_000) / 1e6));
  });

  it('prices each image and estimates the prompt where the upstream reports no tokens', () => {
    const usage = imageUsage({ images: made(2) }, estimatePromptTokens(request));
    expect(usage).toEqual({ images: 2, inputTokens: 10, imageInputTokens: 0 });
    expect(computeCredits(priceForShape(gptImage.pricing, { quality: 'low', size: '1024x1024' }), usage)).toBe(2 * 11_000 + 50);
  });

  it('estimates an edit\'s images (and mask) from their size, and the hold covers what it estimates', () => {
    const file = { bytes: png1024, mimeType: 'image/png', filename: 'a.png' };
    const edit = { ...request, images: [file, file], mask: file };
    expect(estimatePromptTokens(edit)).toEqual({ text: 10, image: 3 * 1399 });
    const usage = imageUsage({ images: made(1) }, estimatePromptTokens(edit));
    const pricing = priceForShape(gptImage.pricing, { quality: 'high', size: '1536x1024' });
    expect(computeCredits(pricing, usage)).toBeLessThanOrEqual(estimateMaxCredits(pricing, imageCostBounds(edit, estimatePromptTokens(edit))));
    expect(computeCredits(pricing, usage)).toBe(250_000 + Math.ceil((10 * 5_000_000 + 3 * 1399 * 10_000_000) / 1e6));
  });
});

describe('withHighFidelity', () => {
  const gptImageMini = images.models().find((model) => model.id === 'openai/gpt-image-1-mini')!;
  const pngOf = (width: number, height: number) => {
    const header = Buffer.from(png1024);
    header.writeUInt32BE(width, 16);
    header.writeUInt32BE(height, 20);
    return header;
  };
  const edit = (inputFidelity: string, images: Buffer[], mask?: Buffer) => parseEditRequest({
    fields: { prompt: ['add a hat'], model: ['gpt-image-1'], input_fidelity: [inputFidelity] },
    files: [...images.map((bytes) => ({ field: 'image[]', filename: 'a.png', mimeType: 'image/png', bytes })), ...(mask ? [{ field: 'mask', filename: 'm.png', mimeType: 'image/png', bytes: mask }] : [])],
  });

  // GPT Image 1 at high input fidelity: 4,160 more image tokens for a square image, 6,240 for one closer to portrait or landscape.
  it('adds the catalog\'s tokens to each image to edit by its shape, the dearest where the size is unknown, and nothing to the mask', () => {
    const request = edit('high', [pngOf(1024, 1024), pngOf(1024, 1536), pngOf(1536, 1024), Buffer.from('png')], pngOf(1024, 1024));
    const prompt = estimatePromptTokens(request);
    expect(withHighFidelity(prompt, request, gptImage.pricing)).toEqual({ text: prompt.text, image: prompt.image + 4160 + 3 * 6240 });
  });

  it('holds a near-square image at the dearer count, as OpenAI draws no line for "square"', () => {
    const request = edit('high', [pngOf(1024, 1025)]);
    const prompt = estimatePromptTokens(request);
    expect(withHighFidelity(prompt, request, gptImage.pricing).image).toBe(prompt.image + 6240);
  });

  it('adds nothing at low fidelity, or on a model without high fidelity', () => {
    const low = edit('low', [pngOf(1024, 1024)]);
    expect(withHighFidelity(estimatePromptTokens(low), low, gptImage.pricing)).toEqual(estimatePromptTokens(low));
    const high = edit('high', [pngOf(1024, 1024)]);
    expect(withHighFidelity(estimatePromptTokens(high), high, gptImageMini.pricing)).toEqual(estimatePromptTokens(high));
  });

  it('makes the hold cover the extra tokens the upstream bills', () => {
    const request = edit('high', [pngOf(1024, 1536)]);
    const pricing = priceForShape(gptImage.pricing, { quality: 'low', size: '1024x1024' });
    const held = estimateMaxCredits(pricing, imageCostBounds(request, withHighFidelity(estimatePromptTokens(request), request, gptImage.pricing)));
    // What OpenAI bills: 3 text tokens, the image's 2 tiles (65 + 2 x 129) and 6,240 for high fidelity, 272 output tokens.
    const billed = computeCredits(pricing, imageUsage({ images: made(1), usage: { textInputTokens: 3, imageInputTokens: 65 + 2 * 129 + 6240, outputTokens: 272 } }, estimatePromptTokens(request)));
    expect(held).toBeGreaterThanOrEqual(billed);
    expect(estimateMaxCredits(pricing, imageCostBounds(request, estimatePromptTokens(request)))).toBeLessThan(billed);
  });
});
