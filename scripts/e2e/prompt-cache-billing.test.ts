import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Prompt caching as the providers bill it, through the official SDKs: cache reads at the cached
 * price, cache writes at the write price, and Anthropic's one-hour cache writes (`ttl: "1h"`,
 * reported in `cache_creation.ephemeral_1h_input_tokens`) at twice the input price, not the
 * five-minute write price. Each call must move the wallet by exactly its header's credits, and
 * those credits must be the catalog's prices applied to what the upstream reported.
 */
const e2e = useGatewayWithClients();

// The simulator counts four characters a token: about 2,500 prompt tokens, room for the cache figures below.
const LONG_PROMPT = `Read this and answer briefly. ${'The quick brown fox jumps over the lazy dog. '.repeat(220)}`;
const CACHE = { read: 1_000, written: 800, writtenFor1h: 500 };
const directives = `[[cached:${CACHE.read}]] [[cache-write:${CACHE.written}]] [[cache-write-1h:${CACHE.writtenFor1h}]]`;

async function pricingOf(model: string): Promise<ModelPricing> {
  const listed = (await e2e.openai.models.retrieve(model)) as unknown as { bytespike: { pricing: ModelPricing } };
  return listed.bytespike.pricing;
}

/**
 * Runs a call and checks the wallet moved by exactly the credits it was told: the header's, or
 * for a stream (whose header holds the estimate sent before the answer) the settled figure of
 * its final usage event. Returns those credits.
 */
async function billedCredits(call: () => Promise<Response | number>): Promise<number> {
  const before = await e2e.gateway.balance();
  const told = await call();
  const credits = typeof told === 'number' ? told : Number(told.headers.get('estimated_credits'));
  expect(await e2e.gateway.balance()).toBe(before - credits);
  return credits;
}

describe('prompt cache billing', () => {
  it('bills Claude\'s one-hour cache writes at their own price on Messages, streamed and not', async () => {
    const pricing = await pricingOf('anthropic/claude-sonnet-4-6');
    expect(pricing.cacheWrite1hPerMTok).toBe(2 * pricing.inputPerMTok!);
    const request = { model: 'anthropic/claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user' as const, content: `${directives} ${LONG_PROMPT}` }] };

    let usage!: Anthropic.Usage;
    const whole = await billedCredits(async () => {
      const { data, response } = await e2e.anthropic.messages.create(request).withResponse();
      usage = data.usage;
      return response;
    });
    expect(usage).toMatchObject({ cache_read_input_tokens: CACHE.read, cache_creation_input_tokens: CACHE.written, cache_creation: { ephemeral_5m_input_tokens: CACHE.written - CACHE.writtenFor1h, ephemeral_1h_input_tokens: CACHE.writtenFor1h } });
    const prompt = usage.input_tokens + CACHE.read + CACHE.written;
    const expected = computeCredits(pricing, { inputTokens: prompt, cachedInputTokens: CACHE.read, cacheWriteTokens: CACHE.written, cacheWrite1hTokens: CACHE.writtenFor1h, outputTokens: usage.output_tokens });
    expect(whole).toBe(expected);
    // What the bill would be with every write at the five-minute price: less, by the difference of the two write prices.
    const atFiveMinutePrice = computeCredits(pricing, { inputTokens: prompt, cachedInputTokens: CACHE.read, cacheWriteTokens: CACHE.written, outputTokens: usage.output_tokens });
    expect(whole - atFiveMinutePrice).toBe(Math.ceil((CACHE.writtenFor1h * (pricing.cacheWrite1hPerMTok! - pricing.cacheWritePerMTok!)) / 1e6));

    const streamed = await billedCredits(async () => {
      const stream = await e2e.anthropic.messages.create({ ...request, stream: true });
      let settled = Number.NaN;
      for await (const event of stream) {
        if (event.type === 'message_start') expect(event.message.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(CACHE.writtenFor1h);
        if (event.type === 'message_delta') settled = (event.usage as unknown as { bytespike_credits: number }).bytespike_credits;
      }
      return settled;
    });
    expect(streamed).toBe(expected);
  });

  it('bills the same split when an OpenAI client calls Claude, where Chat Completions has no field for it', async () => {
    const pricing = await pricingOf('anthropic/claude-sonnet-4-6');
    let usage!: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
    const credits = await billedCredits(async () => {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: `${directives} ${LONG_PROMPT}` }] }).withResponse();
      usage = data.usage!;
      return response;
    });
    expect(usage.prompt_tokens_details?.cached_tokens).toBe(CACHE.read);
    expect(credits).toBe(computeCredits(pricing, { inputTokens: usage.prompt_tokens, cachedInputTokens: CACHE.read, cacheWriteTokens: CACHE.written, cacheWrite1hTokens: CACHE.writtenFor1h, outputTokens: usage.completion_tokens }));
    const atFiveMinutePrice = computeCredits(pricing, { inputTokens: usage.prompt_tokens, cachedInputTokens: CACHE.read, cacheWriteTokens: CACHE.written, outputTokens: usage.completion_tokens });
    expect(credits - atFiveMinutePrice).toBe(Math.ceil((CACHE.writtenFor1h * (pricing.cacheWrite1hPerMTok! - pricing.cacheWritePerMTok!)) / 1e6));
  });

  it('bills OpenAI\'s cached prompt tokens at the cached price', async () => {
    const pricing = await pricingOf('openai/gpt-4.1');
    let usage!: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
    const credits = await billedCredits(async () => {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: `[[cached:${CACHE.read}]] ${LONG_PROMPT}` }] }).withResponse();
      usage = data.usage!;
      return response;
    });
    expect(usage.prompt_tokens_details?.cached_tokens).toBe(CACHE.read);
    expect(credits).toBe(computeCredits(pricing, { inputTokens: usage.prompt_tokens, cachedInputTokens: CACHE.read, outputTokens: usage.completion_tokens }));
    expect(credits).toBeLessThan(computeCredits(pricing, { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }));
  });
});
