import OpenAI from 'openai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';

let simulator: UpstreamSimulator;
let client: OpenAI;

beforeAll(async () => {
  simulator = await startUpstreamSimulator();
  client = new OpenAI({ apiKey: 'any', baseURL: simulator.baseUrls.openai, maxRetries: 0 });
});
afterAll(() => simulator.close());

describe('OpenAI embeddings', () => {
  it('embeds (the SDK asks for base64 and decodes it), deterministically and normalised', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['sunny day', 'rainy day', 'sunny day'] });
    expect(response.data).toHaveLength(3);
    const [first, second, third] = response.data.map((item) => item.embedding);
    expect(first).toHaveLength(1536);
    expect(third).toEqual(first);
    expect(second).not.toEqual(first);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 4);
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('honours dimensions and float encoding', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'x', dimensions: 4, encoding_format: 'float' });
    expect(response.data[0]!.embedding).toHaveLength(4);
  });

  it('refuses dimensions on text-embedding-ada-002, as OpenAI does', async () => {
    await expect(client.embeddings.create({ model: 'text-embedding-ada-002', input: 'x', dimensions: 1536 })).rejects.toMatchObject({
      status: 400, error: { message: 'This model does not support specifying dimensions.', type: 'invalid_request_error', param: null, code: null },
    });
    expect((await client.embeddings.create({ model: 'text-embedding-ada-002', input: 'x', encoding_format: 'float' })).data[0]!.embedding).toHaveLength(1536);
  });

  it('refuses empty input in OpenAI shape', async () => {
    await expect(client.embeddings.create({ model: 'text-embedding-3-small', input: [] })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error' } });
  });
});

describe('OpenAI images', () => {
  it('answers URLs the simulator serves, and b64_json on request', async () => {
    const byUrl = await client.images.generate({ model: 'dall-e-3', prompt: 'an otter', n: 1 });
    expect(byUrl.data![0]!.revised_prompt).toContain('an otter');
    const image = await fetch(byUrl.data![0]!.url!);
    expect(image.headers.get('content-type')).toBe('image/png');
    const inline = await client.images.generate({ model: 'dall-e-2', prompt: 'an otter', n: 2, response_format: 'b64_json' });
    expect(inline.data!.map((item) => Buffer.from(item.b64_json!, 'base64').subarray(1, 4).toString())).toEqual(['PNG', 'PNG']);
  });

  it('answers gpt-image models in base64 with usage, and refuses response_format with the recorded error', async () => {
    const generated = await client.images.generate({ model: 'gpt-image-1', prompt: 'a lighthouse' });
    expect(generated.data![0]!.b64_json).toBeTruthy();
    // What it made (auto: medium, square) sets the output tokens; an edit counts its images (and mask) as image input, a 1x1 PNG at one tile (65 + 129).
    expect(generated.usage).toMatchObject({ output_tokens: 1056, input_tokens_details: { image_tokens: 0 } });
    expect((await client.images.generate({ model: 'gpt-image-1', prompt: 'x', quality: 'high', size: '1536x1024', n: 2 })).usage!.output_tokens).toBe(2 * 6208);
    const png = new File([Buffer.from(generated.data![0]!.b64_json!, 'base64')], 'a.png', { type: 'image/png' });
    const edited = await client.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: [png, png], mask: png, quality: 'low' });
    expect(edited.usage).toMatchObject({ output_tokens: 272, input_tokens_details: { image_tokens: 3 * 194 } });
    expect(edited.usage!.input_tokens).toBe(edited.usage!.input_tokens_details.text_tokens + 3 * 194);
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/openai/gpt-image-response-format-error.json'), 'utf8'));
    await expect(client.images.generate({ model: 'gpt-image-1', prompt: 'x', response_format: 'url' })).rejects.toMatchObject({ status: 400, error: recorded.error });
  });

  it('counts an image to edit by its pixel size, as OpenAI counts one for GPT Image 1, and the output by the catalog\'s table', async () => {
    const pngOf = (width: number, height: number) => {
      const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000000000000000806000000', 'hex');
      header.writeUInt32BE(width, 16);
      header.writeUInt32BE(height, 20);
      return new File([header], `${width}x${height}.png`, { type: 'image/png' });
    };
    // Fitted in 2048x2048, the short side scaled down to 512, then 129 tokens per 512-pixel tile plus 65.
    const tokens: [File, number][] = [
      [pngOf(1024, 1024), 65 + 129], [pngOf(1024, 1536), 65 + 2 * 129], [pngOf(512, 1536), 65 + 3 * 129], [pngOf(512, 2048), 65 + 4 * 129],
      [pngOf(2048, 4096), 65 + 2 * 129], [pngOf(8000, 500), 65 + 4 * 129],
      // A file whose header says no size counts the most any image can.
      [new File([Buffer.from('png')], 'in.png', { type: 'image/png' }), 65 + 4 * 129],
    ];
    for (const [image, imageTokens] of tokens) {
      const edited = await client.images.edit({ model: 'gpt-image-1-mini', prompt: 'x', image, quality: 'high', size: '1024x1536' });
      expect({ file: image.name, usage: edited.usage }).toMatchObject({ file: image.name, usage: { input_tokens_details: { image_tokens: imageTokens }, output_tokens: 6240 } });
    }
  });

  // Images-vision guide, "Calculating costs", GPT Image 1: high input fidelity adds 4,160 image tokens to a square image, 6,240 to one closer to portrait or landscape.
  it('adds high input fidelity\'s tokens to each image to edit by its shape, not to the mask, and takes input_fidelity only where OpenAI does', async () => {
    const pngOf = (width: number, height: number) => {
      const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000000000000000806000000', 'hex');
      header.writeUInt32BE(width, 16);
      header.writeUInt32BE(height, 20);
      return new File([header], `${width}x${height}.png`, { type: 'image/png' });
    };
    const imageTokens = async (input_fidelity: 'high' | 'low', image: File[], mask?: File) => (await client.images.edit({ model: 'gpt-image-1', prompt: 'x', image, input_fidelity, ...(mask ? { mask } : {}) })).usage!.input_tokens_details.image_tokens;
    const square = pngOf(1024, 1024);
    expect(await imageTokens('low', [square], square)).toBe(2 * (65 + 129));
    expect(await imageTokens('high', [square], square)).toBe(2 * (65 + 129) + 4160);
    // Nearer 1:1 than 3:2 counts as square; a portrait, a landscape and a file of unknown size at 6,240.
    expect(await imageTokens('high', [pngOf(1024, 1200)])).toBe(65 + 2 * 129 + 4160);
    expect(await imageTokens('high', [pngOf(1024, 1536), pngOf(1536, 1024), new File([Buffer.from('png')], 'in.png', { type: 'image/png' })])).toBe(2 * (65 + 2 * 129) + (65 + 4 * 129) + 3 * 6240);
    const refusals: [() => Promise<unknown>, string][] = [
      [() => client.images.edit({ model: 'gpt-image-1-mini', prompt: 'x', image: square, input_fidelity: 'high' }), 'invalid_value'],
      [() => client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, input_fidelity: 'low' }), 'unknown_parameter'],
      [() => client.images.generate({ model: 'gpt-image-1', prompt: 'x', input_fidelity: 'high' } as never), 'unknown_parameter'],
    ];
    for (const [call, code] of refusals) await expect(call()).rejects.toMatchObject({ status: 400, error: { param: 'input_fidelity', code } });
    expect((await client.images.edit({ model: 'gpt-image-1-mini', prompt: 'x', image: square, input_fidelity: 'low' })).usage!.input_tokens_details.image_tokens).toBe(65 + 129);
  });

  it('takes each model\'s own options and refuses the others as OpenAI does', async () => {
    const webp = await client.images.generate({ model: 'gpt-image-1', prompt: 'a kite', quality: 'high', size: '1536x1024', background: 'transparent', output_format: 'webp', output_compression: 50, moderation: 'low' });
    expect(webp).toMatchObject({ quality: 'high', size: '1536x1024', background: 'transparent', output_format: 'webp' });
    expect(Buffer.from(webp.data![0]!.b64_json!, 'base64').subarray(8, 12).toString()).toBe('WEBP');
    expect(await client.images.generate({ model: 'gpt-image-1', prompt: 'a kite' })).toMatchObject({ quality: 'medium', size: '1024x1024', output_format: 'png' });
    await client.images.generate({ model: 'dall-e-3', prompt: 'a kite', style: 'natural', quality: 'hd', size: '1792x1024' });
    const refusals: [Record<string, unknown>, string][] = [
      [{ model: 'gpt-image-1', style: 'natural' }, 'style'],
      [{ model: 'dall-e-3', background: 'transparent' }, 'background'],
      [{ model: 'dall-e-3', n: 2 }, 'n'],
      [{ model: 'dall-e-3', quality: 'high' }, 'quality'],
      [{ model: 'gpt-image-1', size: '1792x1024' }, 'size'],
      [{ model: 'gpt-image-1', output_compression: 101 }, 'output_compression'],
    ];
    for (const [body, param] of refusals) {
      await expect(client.images.generate({ prompt: 'x', ...body } as never)).rejects.toMatchObject({ status: 400, error: { param } });
    }
  });

  it('edits an image sent as multipart', async () => {
    const edited = await client.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: new File([Buffer.from('png')], 'in.png', { type: 'image/png' }) });
    expect(edited.data![0]!.b64_json).toBeTruthy();
    const recorded = (await (await fetch(`${simulator.url}/__sim/requests`)).json()).requests.at(-1);
    expect(recorded.body).toMatchObject({ prompt: 'add a hat', image: { filename: 'in.png', type: 'image/png' } });
  });
});
