import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { computeCredits } from '../../plugins/billing/pricing';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Kimi K2.5 through the official SDKs. It thinks unless told `thinking: {type: "disabled"}`,
 * takes no temperature but its own (Moonshot: "invalid temperature: only 1 is allowed for this
 * model") and, thinking, wants each tool-call turn's `reasoning_content` back; the simulator
 * refuses what Moonshot refuses, so each call fails without the gateway's fitting.
 */
const e2e = useGatewayWithClients();

// platform.moonshot.ai/docs/pricing/chat: $0.10 cache hit, $0.60 cache miss, $3.00 output per 1M tokens.
const K2_5_PRICES = { inputPerMTok: 600_000, cachedInputPerMTok: 100_000, outputPerMTok: 3_000_000 };
const WEATHER = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

interface KimiUsage { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }

describe('Kimi K2.5 from the OpenAI SDK, by its bare name', () => {
  it('answers with its reasoning and moves the wallet by exactly the header\'s credits, at K2.5\'s prices', async () => {
    const before = await e2e.gateway.balance();
    const { data, response } = await e2e.openai.chat.completions.create({ model: 'kimi-k2.5', temperature: 0.7, messages: [{ role: 'user', content: `kimi-k2.5-billing: hello [[cached:100]] ${'The quick brown fox jumps over the lazy dog. '.repeat(20)}` }] }).withResponse();
    expect(data.model).toBe('kimi-k2.5'); // relayed as Moonshot answered it
    expect((data.choices[0]!.message as { reasoning_content?: string }).reasoning_content).toContain('hello');
    const usage = data.usage as unknown as KimiUsage;
    expect(usage.cached_tokens).toBe(100);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(credits).toBe(computeCredits(K2_5_PRICES, { inputTokens: usage.prompt_tokens, cachedInputTokens: 100, outputTokens: usage.completion_tokens }));
    expect(await e2e.gateway.balance()).toBe(before - credits);
    // The client's temperature stays home: K2.5 would answer 400 to it.
    const [sent] = await upstreamBodies(e2e.gateway, 'kimi-k2.5-billing');
    expect(sent!.body).toMatchObject({ model: 'kimi-k2.5' });
    expect(sent!.body).not.toHaveProperty('temperature');
  });
});

describe('Kimi K2.5 from the Anthropic SDK (translated)', () => {
  it('thinks, and its reasoning goes back with the tool-call turn, as Moonshot requires', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'kimi-k2.5-tool-loop: [[tool:get_weather]] weather in Kyiv?' };
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await e2e.anthropic.messages.create({ model: 'kimi-k2.5', max_tokens: 4096, thinking, tools: [WEATHER], messages: [question] });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const call = first.content.find((block) => block.type === 'tool_use')!;
    const second = await e2e.anthropic.messages.create({
      model: 'kimi-k2.5', max_tokens: 4096, thinking, tools: [WEATHER],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow' }] }],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('snow') });
    const [, loop] = await upstreamBodies(e2e.gateway, 'kimi-k2.5-tool-loop');
    const messages = loop!.body.messages as { role: string; reasoning_content?: string }[];
    expect(messages.find((message) => message.role === 'assistant')?.reasoning_content).toBe((first.content[0] as Anthropic.ThinkingBlock).thinking);
    expect(loop!.body).toMatchObject({ thinking: { type: 'enabled' } });
  });

  it('does not think when thinking is disabled, and leaves the client\'s temperature out', async () => {
    // This SDK's types no longer list `temperature`; older clients (and the Messages API) still send it.
    const params = { model: 'kimi-k2.5', max_tokens: 256, temperature: 0.3, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'kimi-k2.5-no-thinking: hi' }] };
    const answer = await e2e.anthropic.messages.create(params as Anthropic.MessageCreateParamsNonStreaming);
    expect(answer.content.map((block) => block.type)).toEqual(['text']);
    const [sent] = await upstreamBodies(e2e.gateway, 'kimi-k2.5-no-thinking');
    expect(sent!.body).toMatchObject({ thinking: { type: 'disabled' } });
    expect(sent!.body).not.toHaveProperty('temperature');
  });
});
