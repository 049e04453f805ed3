import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * OpenAI's GPT-5.x models (GPT-5.5, GPT-5.4, GPT-5.4 mini and nano) through the official SDKs: listed, billed at their own
 * prices, and sent only the reasoning efforts they take (`none` to `xhigh`; `minimal` is refused
 * by OpenAI, as the simulator refuses it).
 */
const e2e = useGatewayWithClients();

const sentUpstream = (marker: string) => upstreamBodies(e2e.gateway, marker);

/** GPT-5.4 nano per million tokens (developers.openai.com/api/docs/models/gpt-5.4-nano): $0.20 input, $0.02 cached input, $1.25 output. */
function nanoCredits(usage: OpenAI.CompletionUsage): number {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  return Math.ceil(((usage.prompt_tokens - cached) * 200_000 + cached * 20_000 + usage.completion_tokens * 1_250_000) / 1_000_000);
}

describe('GPT-5.x on Chat Completions, passed through', () => {
  it('bills gpt-5.4-nano by bare alias at its own prices, exactly the header\'s credits, and hands OpenAI an effort only it takes (xhigh)', async () => {
    const before = await e2e.gateway.balance();
    const { data, response } = await e2e.openai.chat.completions.create({ model: 'gpt-5.4-nano', reasoning_effort: 'xhigh', messages: [{ role: 'user', content: 'nano-xhigh: plan a trip to Oslo' }] }).withResponse();
    const credits = Number(response.headers.get('estimated_credits'));
    expect(data.choices[0]!.message.content).toContain('Simulated answer from gpt-5.4-nano');
    expect(credits).toBeGreaterThan(0);
    expect(credits).toBe(nanoCredits(data.usage!));
    expect(before - (await e2e.gateway.balance())).toBe(credits);
    const [sent] = await sentUpstream('nano-xhigh');
    expect(sent).toMatchObject({ path: expect.stringMatching(/\/openai\/v1\/chat\/completions$/), body: { model: 'gpt-5.4-nano', reasoning_effort: 'xhigh' } });
  });

  it('bills gpt-5.5, OpenAI\'s flagship, at its own prices, and a prompt past 272K input tokens wholly at its long-context prices', async () => {
    const ask = async (marker: string, padding: string) => {
      const before = await e2e.gateway.balance();
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'gpt-5.5', max_completion_tokens: 200, messages: [{ role: 'user', content: `${marker}: ${padding} [[cached:1000]]` }] }).withResponse();
      const credits = Number(response.headers.get('estimated_credits'));
      expect(before - (await e2e.gateway.balance())).toBe(credits);
      return { credits, usage: data.usage! };
    };
    // Per million tokens: $5 input, $0.50 cached, $30 output; past 272K input, $10, $1 and $45.
    const creditsAt = (usage: OpenAI.CompletionUsage, [input, cached, output]: readonly number[]) => {
      const cachedTokens = usage.prompt_tokens_details?.cached_tokens ?? 0;
      return Math.ceil(((usage.prompt_tokens - cachedTokens) * input! + cachedTokens * cached! + usage.completion_tokens * output!) / 1_000_000);
    };
    const short = await ask('gpt-5.5-short', 'plan a trip to Oslo');
    expect(short.credits).toBe(creditsAt(short.usage, [5_000_000, 500_000, 30_000_000]));
    // The simulator counts four characters a token: about 285,000 tokens.
    const long = await ask('gpt-5.5-long', 'lorem ipsum '.repeat(95_000));
    expect(long.usage.prompt_tokens).toBeGreaterThan(272_000);
    expect(long.credits).toBe(creditsAt(long.usage, [10_000_000, 1_000_000, 45_000_000]));
  });

  it('bills gpt-5.4-mini by bare alias at its own prices, its cache reads at its cached price', async () => {
    const before = await e2e.gateway.balance();
    const { data, response } = await e2e.openai.chat.completions.create({ model: 'gpt-5.4-mini', reasoning_effort: 'none', messages: [{ role: 'user', content: `mini-cached: ${'lorem ipsum '.repeat(500)} [[cached:1000]]` }] }).withResponse();
    const credits = Number(response.headers.get('estimated_credits'));
    const usage = data.usage!;
    const cached = usage.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBe(1000);
    expect(usage.prompt_tokens).toBeGreaterThan(cached);
    // Per million tokens: $0.75 input, $0.075 cached, $4.50 output.
    expect(credits).toBe(Math.ceil(((usage.prompt_tokens - cached) * 750_000 + cached * 75_000 + usage.completion_tokens * 4_500_000) / 1_000_000));
    expect(before - (await e2e.gateway.balance())).toBe(credits);
    const [sent] = await sentUpstream('mini-cached');
    expect(sent).toMatchObject({ path: expect.stringMatching(/\/openai\/v1\/chat\/completions$/), body: { model: 'gpt-5.4-mini', reasoning_effort: 'none' } });
  });

  it('relays OpenAI\'s 400 for minimal, which GPT-5.4 nano does not take, and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const error = await rejectionOf(e2e.openai.chat.completions.create({ model: 'gpt-5.4-nano', reasoning_effort: 'minimal', messages: [{ role: 'user', content: 'x' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'reasoning_effort', code: 'unsupported_value' });
    expect(await e2e.gateway.balance()).toBe(before);
  });
});

describe('GPT-5.x for a Messages client, translated', () => {
  it('reaches gpt-5.4-nano on the Responses API with an effort it takes: thinking on is low, thinking off is none', async () => {
    const ask = (marker: string, thinking: { type: 'enabled'; budget_tokens: number } | { type: 'disabled' }) =>
      e2e.anthropic.messages.create({ model: 'openai/gpt-5.4-nano', max_tokens: 4096, thinking, messages: [{ role: 'user', content: `${marker}: hello` }] });
    const answer = await ask('nano-thinking-on', { type: 'enabled', budget_tokens: 1024 });
    expect(answer.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    await ask('nano-thinking-off', { type: 'disabled' });
    const [on] = await sentUpstream('nano-thinking-on');
    expect(on).toMatchObject({ path: expect.stringMatching(/\/openai\/v1\/responses$/), body: { model: 'gpt-5.4-nano', reasoning: { effort: 'low', summary: 'auto' } } });
    const [off] = await sentUpstream('nano-thinking-off');
    expect(off!.body.reasoning).toEqual({ effort: 'none' });
  });
});

describe('GPT-5.x for a Responses client, passed through', () => {
  it('takes reasoning.effort xhigh and hands it to OpenAI as sent', async () => {
    const response = await e2e.openai.responses.create({ model: 'gpt-5.4-nano', reasoning: { effort: 'xhigh' }, input: 'responses-xhigh: hello' });
    expect(response.status).toBe('completed');
    const [sent] = await sentUpstream('responses-xhigh');
    expect(sent).toMatchObject({ path: expect.stringMatching(/\/openai\/v1\/responses$/), body: { model: 'gpt-5.4-nano', reasoning: { effort: 'xhigh' } } });
  });
});

describe('the model list', () => {
  it('lists GPT-5.5, GPT-5.4, GPT-5.4 mini and nano with their context windows, and resolves their bare aliases', async () => {
    const { data } = await e2e.openai.models.list();
    for (const id of ['gpt-5.5', 'gpt-5.4']) {
      expect(data.find((model) => model.id === `openai/${id}`)).toMatchObject({ owned_by: 'openai', bytespike: { provider: 'openai', modality: 'chat', context_window: 1_050_000 } });
      expect(await e2e.openai.models.retrieve(id)).toMatchObject({ id: `openai/${id}`, object: 'model' });
    }
    for (const id of ['gpt-5.4-mini', 'gpt-5.4-nano']) {
      expect(data.find((model) => model.id === `openai/${id}`)).toMatchObject({ owned_by: 'openai', bytespike: { provider: 'openai', modality: 'chat', context_window: 400_000 } });
      expect(await e2e.openai.models.retrieve(id)).toMatchObject({ id: `openai/${id}`, object: 'model' });
    }
  });
});
