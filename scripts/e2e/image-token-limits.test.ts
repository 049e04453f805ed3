import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { fundedWallet } from './funded-wallet';

/**
 * A key's tokens-per-minute limit counts what a GPT image request bills in tokens, as it counts a
 * chat request's: admitted on its prompt and the output tokens of the images it asks for (the
 * quality and size asked: gpt-image-1 low 1024x1024 is 272 an image), corrected to the upstream's
 * count when it settles. A request past the limit is the OpenAI-shape 429 with its retry-after,
 * and nothing is sent upstream.
 */
const e2e = useGatewayWithClients();

/** The image requests the simulator received. */
async function upstreamImageCalls(): Promise<number> {
  const log = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { path: string }[] };
  return log.requests.filter((request) => request.path.includes('/images/')).length;
}

/** The head of a square PNG: all the gateway and the simulator read of an image to edit. */
function squarePng(): File {
  const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000000000000000806000000', 'hex');
  header.writeUInt32BE(512, 16);
  header.writeUInt32BE(512, 20);
  return new File([header], 'square.png', { type: 'image/png' });
}

/** Two low 1024x1024 images: 544 output tokens and a short prompt's few, under a limit of 1,000 but not twice. */
const generate = (openai: OpenAI) => openai.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', quality: 'low', size: '1024x1024', n: 2 });
const edit = (openai: OpenAI) => openai.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: squarePng(), quality: 'low', size: '1024x1024', n: 2 });

describe('tokens-per-minute limits on image requests', () => {
  it('count the output tokens of the images asked: the request that would pass the limit is refused with a 429 and never sent', async () => {
    const limited = await fundedWallet(e2e.gateway, 10_000_000, { tpm: 1000 });
    const first = await generate(limited.openai);
    expect(first.usage!.output_tokens).toBe(2 * 272);
    const sent = await upstreamImageCalls();
    for (const call of [generate, edit]) {
      const refusal = await rejectionOf(call(limited.openai));
      expect(refusal).toBeInstanceOf(OpenAI.RateLimitError);
      expect(refusal).toMatchObject({ status: 429, code: 'BSK_RATE_KEY_TPM' });
      expect((refusal as Error).message).toContain('token limit of this key reached (1000 tokens per minute');
      expect(Number((refusal as APIError).headers?.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await upstreamImageCalls()).toBe(sent);
  });

  it('admit requests while the tokens they hold fit: two under a limit of 2,000 go through', async () => {
    const roomy = await fundedWallet(e2e.gateway, 10_000_000, { tpm: 2000 });
    await generate(roomy.openai);
    const second = await generate(roomy.openai);
    expect(second.data).toHaveLength(2);
  });
});
