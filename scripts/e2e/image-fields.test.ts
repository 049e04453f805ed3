import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { fundedWallet } from './funded-wallet';

/**
 * The fields of OpenAI's Images API beyond the common ones, through the official SDK: an edit's
 * `input_fidelity` reaches the upstream and its hold covers the image tokens it adds; `user` is
 * passed on; `stream` and `partial_images`, which ask for server-sent events the gateway does
 * not relay, are refused before anything is held; a field OpenAI does not define is not sent.
 */
const e2e = useGatewayWithClients();

/** gpt-image-1's prices per million tokens: text input $5, image input $10, image output $40. */
const PRICES = { text: 5_000_000, image: 10_000_000, output: 40_000_000 };

/** The head of a PNG of this pixel size: all the gateway and the simulator read of an image to edit. */
function pngOf(width: number, height: number): File {
  const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000000000000000806000000', 'hex');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return new File([header], `${width}x${height}.png`, { type: 'image/png' });
}

const walletOf = (credits: number) => fundedWallet(e2e.gateway, credits);

/** The last request the simulator received on an OpenAI path ending so. */
async function lastUpstream(pathEnd: string): Promise<Record<string, unknown>> {
  const log = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { path: string; body: Record<string, unknown> }[] };
  return log.requests.filter((request) => request.path.endsWith(pathEnd)).pop()!.body;
}

describe('input_fidelity', () => {
  // A portrait image to edit: two 512-pixel tiles (65 + 2 x 129 tokens), and 6,240 more at high fidelity (images-vision guide, GPT Image 1).
  const edit = (openai: OpenAI) => openai.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: pngOf(1024, 1536), input_fidelity: 'high', quality: 'low', size: '1024x1024', user: 'end-user-42' }).withResponse();

  it('reaches the upstream on an edit, which bills the tokens it adds, and the wallet moves by exactly the header\'s credits', async () => {
    const before = await e2e.gateway.balance();
    const { data, response } = await edit(e2e.openai);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(before - (await e2e.gateway.balance())).toBe(credits);
    expect(await lastUpstream('/images/edits')).toMatchObject({ input_fidelity: 'high', user: 'end-user-42' });
    expect(data.usage!.input_tokens_details.image_tokens).toBe(65 + 2 * 129 + 6240);
    const usage = data.usage!;
    expect(credits).toBe(Math.ceil((usage.input_tokens_details.text_tokens * PRICES.text + usage.input_tokens_details.image_tokens * PRICES.image + usage.output_tokens * PRICES.output) / 1e6));
  });

  it('is held for: a wallet of the hold without high fidelity is refused up front and keeps every credit', async () => {
    const { data, response } = await edit(e2e.openai);
    const bill = Number(response.headers.get('estimated_credits'));
    // The hold without high fidelity: low 1024x1024's 272 output tokens against its $0.011 list price (the dearer),
    // and the prompt's estimate (3 text tokens; the image at Claude's 1,568, over OpenAI's 323) at the dearest input price.
    const oldHold = Math.max(11_000, Math.ceil((272 * PRICES.output) / 1e6)) + Math.ceil(((3 + 1568) * PRICES.image) / 1e6);
    expect(bill).toBeGreaterThan(oldHold);
    expect(data.usage!.output_tokens).toBe(272);
    const poor = await walletOf(oldHold);
    const refusal = await rejectionOf(edit(poor.openai));
    expect(refusal).toMatchObject({ status: 402, code: 'BSK_BILLING_INSUFFICIENT_CREDITS' });
    expect(await poor.balance()).toBe(oldHold);
    const hold = Number(/may cost up to (\d+)/.exec((refusal as Error).message)?.[1]);
    expect(hold).toBeGreaterThanOrEqual(bill);
    const exact = await walletOf(hold);
    const { response: paid } = await edit(exact.openai);
    expect(await exact.balance()).toBe(hold - Number(paid.headers.get('estimated_credits')));
  });

  it('is refused, unbilled and naming it, where the model takes no high fidelity', async () => {
    const before = await e2e.gateway.balance();
    const refusal = await rejectionOf(e2e.openai.images.edit({ model: 'gpt-image-1-mini', prompt: 'add a hat', image: pngOf(1024, 1024), input_fidelity: 'high' }));
    expect(refusal).toMatchObject({ status: 400, code: 'BSK_IMAGES_UNSUPPORTED_VALUE', param: 'input_fidelity' });
    expect(await e2e.gateway.balance()).toBe(before);
  });
});

describe('stream and partial_images', () => {
  it('refuses stream: true with a 400 naming it, before anything is held or sent', async () => {
    const before = await e2e.gateway.balance();
    const sent = ((await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: unknown[] }).requests.length;
    const refusals = [
      rejectionOf(e2e.openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', stream: true })),
      rejectionOf(e2e.openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', partial_images: 2 })),
      rejectionOf(e2e.openai.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: pngOf(1024, 1024), stream: true, partial_images: 1 })),
    ];
    const [streamed, partial, streamedEdit] = await Promise.all(refusals);
    expect(streamed).toBeInstanceOf(OpenAI.APIError);
    expect(streamed).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'BSK_IMAGES_UNSUPPORTED_VALUE', param: 'stream' });
    expect((streamed as Error).message).toContain('answers images in one JSON body');
    expect(partial).toMatchObject({ status: 400, code: 'BSK_IMAGES_UNSUPPORTED_PARAMETER', param: 'partial_images' });
    expect(streamedEdit).toMatchObject({ status: 400, param: 'stream' });
    expect(await e2e.gateway.balance()).toBe(before);
    expect(((await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: unknown[] }).requests).toHaveLength(sent);
  });

  it('answers stream: false as it answers a request without it', async () => {
    const answer = await e2e.openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', stream: false });
    expect(answer.data![0]!.b64_json).toBeTruthy();
  });
});

describe('fields OpenAI does not define', () => {
  it('are not sent upstream and do not fail the request; user is', async () => {
    const response = await fetch(`${e2e.gateway.url}/v1/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.gateway.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-1', prompt: 'a kite over the bay', seed: 7, user: 'end-user-42' }),
    });
    expect(response.status).toBe(200);
    const sent = await lastUpstream('/images/generations');
    expect(sent).toMatchObject({ prompt: 'a kite over the bay', user: 'end-user-42' });
    expect(sent).not.toHaveProperty('seed');
  });
});
