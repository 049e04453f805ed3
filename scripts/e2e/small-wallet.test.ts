import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * A wallet of $0.20 and models whose whole output limit costs more (GPT-5: 128,000 tokens,
 * up to $1.28): a request without max_tokens is refused with the largest max_tokens the wallet
 * covers, and that max_tokens then goes through and bills exactly its header's credits.
 */
const WALLET = 200_000;
const e2e = useGatewayWithClients({ credits: WALLET });

const question = [{ role: 'user' as const, content: 'Hi' }];

describe('a small wallet', () => {
  it('tells an OpenAI client how large a max_tokens it covers, which then works, and one more token does not', async () => {
    const refusal = await rejectionOf(e2e.openai.chat.completions.create({ model: 'openai/gpt-5.4', messages: question }));
    expect(refusal).toBeInstanceOf(OpenAI.APIError);
    expect(refusal).toMatchObject({ status: 402, type: 'insufficient_quota', code: 'BSK_GATEWAY_OUTPUT_UNAFFORDABLE' });
    const message = (refusal as Error).message;
    expect(message).toContain('up to 128000 output tokens (the model\'s output limit, as it sets no max_tokens)');
    const affordable = Number(/a max_tokens of at most (\d+)/.exec(message)?.[1]);
    expect(affordable).toBeGreaterThan(1000);
    expect(await e2e.gateway.balance()).toBe(WALLET);
    const oneMore = await rejectionOf(e2e.openai.chat.completions.create({ model: 'openai/gpt-5.4', max_completion_tokens: affordable + 1, messages: question }));
    expect(oneMore).toMatchObject({ status: 402, code: 'BSK_GATEWAY_OUTPUT_UNAFFORDABLE', message: expect.stringContaining(`(its max_tokens); send a max_tokens of at most ${affordable},`) });

    const { response } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-5.4', max_completion_tokens: affordable, messages: question }).withResponse();
    const credits = Number(response.headers.get('estimated_credits'));
    expect(credits).toBeGreaterThan(0);
    expect(await e2e.gateway.balance()).toBe(WALLET - credits);
  });

  it('says the same in Anthropic\'s shape for a max_tokens the wallet cannot cover', async () => {
    const refusal = await rejectionOf(e2e.anthropic.messages.create({ model: 'anthropic/claude-opus-4-7', max_tokens: 16_000, messages: question }));
    expect(refusal).toBeInstanceOf(Anthropic.APIError);
    expect(refusal).toMatchObject({ status: 402, error: { type: 'error', error: { message: expect.stringMatching(/up to 16000 output tokens \(its max_tokens\); send a max_tokens of at most \d+, or top up the wallet/) } } });
  });

  it('names the Responses API\'s own field, max_output_tokens, to a Responses client', async () => {
    const refusal = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: 'Hi' }));
    expect(refusal).toMatchObject({ status: 402, code: 'BSK_GATEWAY_OUTPUT_UNAFFORDABLE', message: expect.stringMatching(/as it sets no max_output_tokens\); send a max_output_tokens of at most \d+,/) });
  });
});
