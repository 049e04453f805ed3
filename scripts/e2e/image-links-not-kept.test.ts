import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { fundedWallet } from './funded-wallet';

/**
 * An image answer that links its images at the gateway (a URL answer; a GPT image model's base64
 * answer, which carries its link as `bytespike_url`) is one the gateway cannot give when the
 * store refuses to keep the images: the request fails in OpenAI's error shape and, as every
 * failure, bills nothing (the hold released, the request logged at 0 credits). An answer that
 * links nothing never touches the store and bills as ever. Through the running gateway and the
 * upstream simulator, with the official `openai` SDK; the store is the gateway's own, made to
 * fail its writes of images.
 */
const e2e = useGatewayWithClients();

const WALLET = 10_000_000;

/** A 1x1 PNG's head: all the gateway and the simulator read of an image to edit. */
const png = () => new File([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')], 'one.png', { type: 'image/png' });

/** The store's writes of images fail from now on; the spy counts them. */
function storeRefusesImages() {
  return vi.spyOn(e2e.gateway.kernel.use('store'), 'putMediaBlob').mockRejectedValue(new Error('media store away'));
}

afterEach(() => vi.restoreAllMocks());

describe('images the store cannot keep for their links', () => {
  const linked: Array<[string, (openai: OpenAI) => Promise<unknown>]> = [
    ['a GPT image generation (base64 with its link)', (openai) => openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', quality: 'low', size: '1024x1024', n: 2 })],
    ['a DALL·E 3 generation as a URL', (openai) => openai.images.generate({ model: 'dall-e-3', prompt: 'a sea otter' })],
    ['a GPT image edit', (openai) => openai.images.edit({ model: 'gpt-image-1-mini', prompt: 'add a hat', image: png(), quality: 'low' })],
  ];

  it.each(linked)('%s: answered 503 BSK_IMAGES_NOT_KEPT, the wallet untouched, the request logged at 0 credits', async (_name, call) => {
    const wallet = await fundedWallet(e2e.gateway, WALLET);
    const puts = storeRefusesImages();
    const refusal = await rejectionOf(call(wallet.openai));
    expect(puts).toHaveBeenCalled();
    expect(refusal).toBeInstanceOf(OpenAI.APIError);
    expect(await wallet.balance()).toBe(WALLET);
    const requestId = (refusal as InstanceType<typeof OpenAI.APIError>).requestID!;
    const store = e2e.gateway.kernel.use('store');
    expect((await store.getReservation(requestId))?.status).toBe('released');
    expect(await store.getRequestLog(requestId, wallet.orgId)).toMatchObject({ credits: 0, flags: { released: expect.stringContaining('could not keep them') } });
    expect(refusal).toMatchObject({ status: 503, code: 'BSK_IMAGES_NOT_KEPT', error: { code: 'BSK_IMAGES_NOT_KEPT' } });
    expect((refusal as Error).message).toContain('nothing was billed');
    // The store's own words stay in the gateway's log.
    expect((refusal as Error).message).not.toContain('media store away');
  });

  it('the same request once the store keeps images again: billed, and its links serve the images', async () => {
    const wallet = await fundedWallet(e2e.gateway, WALLET);
    storeRefusesImages();
    await rejectionOf(wallet.openai.images.generate({ model: 'dall-e-3', prompt: 'a sea otter' }));
    vi.restoreAllMocks();
    const { data, response } = await wallet.openai.images.generate({ model: 'dall-e-3', prompt: 'a sea otter' }).withResponse();
    const credits = Number(response.headers.get('estimated_credits'));
    expect(credits).toBe(40_000);
    expect(await wallet.balance()).toBe(WALLET - credits);
    const image = await fetch(data.data![0]!.url!);
    expect(image.status).toBe(200);
  });

  it('b64_json from a model that answers it without a link: the store is not asked, and the request bills as ever', async () => {
    const wallet = await fundedWallet(e2e.gateway, WALLET);
    const puts = storeRefusesImages();
    const { data, response } = await wallet.openai.images.generate({ model: 'dall-e-2', prompt: 'a sea otter', size: '256x256', n: 3, response_format: 'b64_json' }).withResponse();
    expect(puts).not.toHaveBeenCalled();
    expect(data.data).toHaveLength(3);
    expect(data.data!.every((image) => image.b64_json && !image.url && !('bytespike_url' in image))).toBe(true);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(credits).toBe(3 * 16_000);
    expect(await wallet.balance()).toBe(WALLET - credits);
    expect((await e2e.gateway.kernel.use('store').getRequestLog(response.headers.get('x-request-id')!, wallet.orgId))?.credits).toBe(credits);
  });
});
