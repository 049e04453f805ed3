import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * DeepSeek as its API is today (https://api-docs.deepseek.com/quick_start/pricing): the
 * retired deepseek-chat and deepseek-reasoner reach it as deepseek-flash with thinking off and
 * on (the simulator, as DeepSeek, refuses the old names with "Model Not Exist" and thinks unless
 * told not to), and each call is billed at the price of the moment it was admitted: peak on
 * weekdays 9:00-12:00 and 14:00-18:00 Beijing time, half price otherwise. The gateway runs in this
 * process, so the test sets its clock.
 */
const e2e = useGatewayWithClients();

/** Monday 30 November 2026, 10:00 Beijing time: peak. Saturday 28 November, the same hour: off-peak. */
const PEAK = new Date('2026-11-30T02:00:00.000Z');
const OFF_PEAK = new Date('2026-11-28T02:00:00.000Z');

function setGatewayClock(at: Date): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(at);
}
afterEach(() => vi.useRealTimers());

type DeepSeekUsage = { prompt_tokens: number; completion_tokens: number; prompt_cache_hit_tokens?: number };
type WithReasoning = { reasoning_content?: string | null };

async function pricingOf(model: string): Promise<ModelPricing> {
  return ((await e2e.openai.models.retrieve(model)) as unknown as { bytespike: { pricing: ModelPricing } }).bytespike.pricing;
}

/** One Chat Completions call; checks the wallet moved by exactly the header's credits, and returns them with the answer. */
async function chatCall(model: string, prompt: string, extra: Record<string, unknown> = {}) {
  const before = await e2e.gateway.balance();
  const { data, response } = await e2e.openai.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], ...extra }).withResponse();
  const credits = Number(response.headers.get('estimated_credits'));
  expect(await e2e.gateway.balance()).toBe(before - credits);
  const usage = data.usage as unknown as DeepSeekUsage;
  return { message: data.choices[0]!.message as typeof data.choices[0]['message'] & WithReasoning, usage, credits };
}

const billable = (usage: DeepSeekUsage) => ({ inputTokens: usage.prompt_tokens, cachedInputTokens: usage.prompt_cache_hit_tokens ?? 0, outputTokens: usage.completion_tokens });

describe('deepseek-chat and deepseek-flash through the OpenAI SDK', () => {
  it('deepseek-chat reaches DeepSeek as deepseek-flash with thinking off, billed at the peak price at 10:00 on a Monday in Beijing', async () => {
    setGatewayClock(PEAK);
    const marker = 'ds-v4-chat-alias [[cached:8]]';
    const { message, usage, credits } = await chatCall('deepseek-chat', marker);
    const [sent] = await upstreamBodies(e2e.gateway, 'ds-v4-chat-alias');
    expect(sent!.body).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'disabled' } });
    expect(message.content).toContain('Simulated answer from deepseek-flash');
    expect(message.reasoning_content).toBeUndefined();
    const pricing = await pricingOf('deepseek/deepseek-chat');
    expect(usage.prompt_cache_hit_tokens).toBe(8);
    expect(credits).toBe(computeCredits(pricing, billable(usage), PEAK));
    expect(credits).toBe(computeCredits(pricing, billable(usage)));
  });

  it('deepseek-flash reaches DeepSeek as sent, thinking by default, billed at the off-peak price on a Saturday', async () => {
    setGatewayClock(OFF_PEAK);
    const { message, usage, credits } = await chatCall('deepseek/deepseek-flash', `ds-v4-flash-default ${'many words '.repeat(400)}`);
    const [sent] = await upstreamBodies(e2e.gateway, 'ds-v4-flash-default');
    expect(sent!.body.model).toBe('deepseek-flash');
    expect(sent!.body).not.toHaveProperty('thinking');
    expect(message.reasoning_content).toContain('ds-v4-flash-default');
    const pricing = await pricingOf('deepseek/deepseek-flash');
    expect(credits).toBe(computeCredits(pricing, billable(usage), OFF_PEAK));
    expect(credits).toBeLessThan(computeCredits(pricing, billable(usage)));
  });

  it('deepseek-reasoner thinks (reasoning_content), as Flash with thinking on; the legacy deepseek-v4-flash is Flash', async () => {
    setGatewayClock(PEAK);
    const reasoner = await chatCall('deepseek-reasoner', 'ds-v4-reasoner');
    expect(reasoner.message.reasoning_content).toContain('ds-v4-reasoner');
    const [sent] = await upstreamBodies(e2e.gateway, 'ds-v4-reasoner');
    expect(sent!.body).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'enabled' } });
    await chatCall('deepseek-v4-flash', 'ds-v4-legacy-name');
    const [legacy] = await upstreamBodies(e2e.gateway, 'ds-v4-legacy-name');
    expect(legacy!.body.model).toBe('deepseek-flash');
  });

  it('reasoning_effort "none" reaches DeepSeek as thinking off; an effort it takes goes as sent', async () => {
    const off = await chatCall('deepseek/deepseek-flash', 'ds-v4-effort-none', { reasoning_effort: 'none' });
    expect(off.message.reasoning_content).toBeUndefined();
    const [sent] = await upstreamBodies(e2e.gateway, 'ds-v4-effort-none');
    expect(sent!.body).toMatchObject({ thinking: { type: 'disabled' } });
    expect(sent!.body).not.toHaveProperty('reasoning_effort');
    await chatCall('deepseek/deepseek-v4-pro', 'ds-v4-effort-low', { reasoning_effort: 'low' });
    const [low] = await upstreamBodies(e2e.gateway, 'ds-v4-effort-low');
    expect(low!.body).toMatchObject({ model: 'deepseek-v4-pro', reasoning_effort: 'low' });
  });
});

describe('an Anthropic SDK client on DeepSeek Flash', () => {
  it('with thinking enabled reaches DeepSeek with thinking on at the effort its budget buys, and gets a thinking block; disabled turns it off', async () => {
    const message = await e2e.anthropic.messages.create({ model: 'deepseek/deepseek-flash', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'ds-v4-claude-thinking' }] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [sent] = await upstreamBodies(e2e.gateway, 'ds-v4-claude-thinking');
    expect(sent!.body).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'enabled' }, reasoning_effort: 'low' });
    const plain = await e2e.anthropic.messages.create({ model: 'deepseek/deepseek-flash', max_tokens: 100, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'ds-v4-claude-plain' }] });
    expect(plain.content.map((block) => block.type)).toEqual(['text']);
    const [unthinking] = await upstreamBodies(e2e.gateway, 'ds-v4-claude-plain');
    expect(unthinking!.body).toMatchObject({ thinking: { type: 'disabled' } });
  });
});
