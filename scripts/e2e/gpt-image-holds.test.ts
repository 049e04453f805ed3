import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { fundedWallet } from './funded-wallet';

/**
 * A GPT image request is held for the most it can bill: OpenAI's output tokens for the quality
 * and size asked, not the rounded per-image list price (gpt-image-1 medium: 1,056 tokens at
 * $40/MTok, $0.04224, over the $0.042 the hold took), so a wallet holding only the old hold is
 * refused up front instead of being charged past what it was checked for.
 */
const e2e = useGatewayWithClients();

/** gpt-image-1's prices per million tokens: text input $5, image input $10, image output $40. */
const PRICES = { text: 5_000_000, image: 10_000_000, output: 40_000_000 };

const walletOf = (credits: number) => fundedWallet(e2e.gateway, credits);

type ImagesAnswer = OpenAI.Images.ImagesResponse;
type ImagesCall = (openai: OpenAI) => Promise<{ data: ImagesAnswer; response: Response }>;

/** Runs the call on the funded wallet: it moves by exactly the header's credits, which are the tokens reported at their prices. */
async function billedExactly(call: ImagesCall): Promise<number> {
  const before = await e2e.gateway.balance();
  const { data, response } = await call(e2e.openai);
  const credits = Number(response.headers.get('estimated_credits'));
  expect(before - (await e2e.gateway.balance())).toBe(credits);
  const usage = data.usage!;
  expect(credits).toBe(Math.ceil((usage.input_tokens_details.text_tokens * PRICES.text + usage.input_tokens_details.image_tokens * PRICES.image + usage.output_tokens * PRICES.output) / 1e6));
  return credits;
}

/**
 * A wallet of the old hold is refused before anything is sent, in OpenAI's error shape, and keeps
 * every credit; the hold the refusal names covers the bill, and a wallet of just that goes through.
 */
async function refusedAtOldHold(call: ImagesCall, oldHold: number, bill: number): Promise<void> {
  const poor = await walletOf(oldHold);
  const refusal = await rejectionOf(call(poor.openai));
  expect(refusal).toBeInstanceOf(OpenAI.APIError);
  expect(refusal).toMatchObject({ status: 402, type: 'insufficient_quota', code: 'BSK_BILLING_INSUFFICIENT_CREDITS', error: { type: 'insufficient_quota', code: 'BSK_BILLING_INSUFFICIENT_CREDITS' } });
  expect(await poor.balance()).toBe(oldHold);
  const hold = Number(/may cost up to (\d+)/.exec((refusal as Error).message)?.[1]);
  expect(hold).toBeGreaterThanOrEqual(bill);
  const exact = await walletOf(hold);
  const { response } = await call(exact.openai);
  expect(await exact.balance()).toBe(hold - Number(response.headers.get('estimated_credits')));
}

describe('GPT image holds', () => {
  it('hold a generation for its output tokens, above the per-image list price', async () => {
    const generate: ImagesCall = (openai) => openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', quality: 'medium', size: '1024x1024' }).withResponse();
    const bill = await billedExactly(generate);
    // The old hold: $0.042 an image, and the prompt's 4 estimated tokens at the dearest input price.
    const oldHold = 42_000 + Math.ceil((4 * PRICES.image) / 1e6);
    expect(bill).toBeGreaterThan(oldHold);
    await refusedAtOldHold(generate, oldHold, bill);
  });

  it('hold an edit for its output tokens and its images to edit', async () => {
    const source = Buffer.from((await e2e.openai.images.generate({ model: 'gpt-image-1-mini', prompt: 'source', quality: 'low' })).data![0]!.b64_json!, 'base64');
    const edit: ImagesCall = (openai) => openai.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: new File([source], 'otter.png', { type: 'image/png' }), quality: 'medium', size: '1024x1536', n: 3 }).withResponse();
    const bill = await billedExactly(edit);
    // The old hold: 3 x $0.063, and the prompt's estimate (3 text tokens, the 1x1 PNG at 255) at the dearest input price.
    const oldHold = 3 * 63_000 + Math.ceil(((3 + 255) * PRICES.image) / 1e6);
    expect(bill).toBeGreaterThan(oldHold);
    await refusedAtOldHold(edit, oldHold, bill);
  });
});
