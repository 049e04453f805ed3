import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { computeCredits } from '../../plugins/billing/pricing';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';
import { startGatewayHarness } from './gateway-harness';

/**
 * An operator serves a model released after this build, and corrects a shipped price, from the
 * config file alone: the providers' `models` sections. Clients then list and call the new model
 * through both protocols, and every call bills the configured prices, exactly its header's
 * credits. Long prompts bill at the long-context prices (Gemini 2.5 Pro's, shipped).
 */
const configFolder = mkdtempSync(join(tmpdir(), 'bytespike-models-'));
const writeConfig = (name: string, plugins: Record<string, unknown>) => {
  const file = join(configFolder, name);
  writeFileSync(file, JSON.stringify({ plugins }));
  return file;
};
afterAll(() => rmSync(configFolder, { recursive: true, force: true }));

// Claude Opus 4.6, which the catalog does not ship, as Anthropic's pricing page gives it (platform.claude.com/docs/en/about-claude/pricing): $5 / $25, cache reads $0.50, cache writes $6.25 (five minutes) and $10 (one hour).
const OPUS_4_6 = { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000, cachedInputPerMTok: 500_000, cacheWritePerMTok: 6_250_000, cacheWrite1hPerMTok: 10_000_000 };
const GPT_4_1_OUTPUT = 9_000_000;
// GPT-5 Pro, which OpenAI serves on the Responses API only: $15 / $120.
const GPT_5_PRO = { inputPerMTok: 15_000_000, outputPerMTok: 120_000_000 };
const e2e = useGatewayWithClients({
  env: {
    BYTESPIKE_CONFIG: writeConfig('bytespike.config.json', {
      anthropic: { models: [{ id: 'claude-opus-4-6', displayName: 'Claude Opus 4.6', contextWindow: 1_000_000, maxOutputTokens: 128_000, releasedAt: '2026-09-01', pricing: OPUS_4_6 }] },
      openai: { models: [{ id: 'gpt-4.1', pricing: { outputPerMTok: GPT_4_1_OUTPUT } }, { id: 'gpt-5-pro', protocols: ['openai-responses'], capabilities: ['tools', 'reasoning', 'streaming'], pricing: GPT_5_PRO }] },
    }),
  },
});

const question = [{ role: 'user' as const, content: 'Say hello to the new model.' }];

/** Runs a call and checks the wallet moved by exactly its header's credits; returns those credits. */
async function billedCredits(call: () => Promise<{ response: Response }>): Promise<number> {
  const before = await e2e.gateway.balance();
  const { response } = await call();
  const credits = Number(response.headers.get('estimated_credits'));
  expect(await e2e.gateway.balance()).toBe(before - credits);
  return credits;
}

describe('models added and changed by config', () => {
  it('lists the added model with its configured details under its provider', async () => {
    const listed = await e2e.openai.models.retrieve('anthropic/claude-opus-4-6');
    expect(listed).toMatchObject({ id: 'anthropic/claude-opus-4-6', owned_by: 'anthropic', created: Date.parse('2026-09-01') / 1000 });
    expect((listed as unknown as { bytespike: unknown }).bytespike).toMatchObject({ context_window: 1_000_000, max_output_tokens: 128_000, pricing: OPUS_4_6 });
    const anthropicList = await e2e.anthropic.models.list();
    expect(anthropicList.data.find((model) => model.id === 'anthropic/claude-opus-4-6')?.display_name).toBe('Claude Opus 4.6');
  });

  it('calls the added model through Messages (passthrough) and Chat Completions (translated), billing its configured prices', async () => {
    let message!: Anthropic.Message;
    const viaMessages = await billedCredits(async () => {
      const { data, response } = await e2e.anthropic.messages.create({ model: 'claude-opus-4-6', max_tokens: 200, messages: question }).withResponse();
      message = data;
      return { response };
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(viaMessages).toBe(computeCredits(OPUS_4_6, { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens }));

    let usage!: { prompt_tokens: number; completion_tokens: number };
    const viaChat = await billedCredits(async () => {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-opus-4-6', max_tokens: 200, messages: question }).withResponse();
      usage = data.usage!;
      return { response };
    });
    expect(viaChat).toBe(computeCredits(OPUS_4_6, { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }));
  });

  it('bills a shipped model at the price its config entry changed, keeping the prices it did not name', async () => {
    const model = await e2e.openai.models.retrieve('openai/gpt-4.1');
    const pricing = (model as unknown as { bytespike: { pricing: { inputPerMTok: number; outputPerMTok: number } } }).bytespike.pricing;
    expect(pricing).toMatchObject({ inputPerMTok: 2_000_000, outputPerMTok: GPT_4_1_OUTPUT });
    let usage!: { prompt_tokens: number; completion_tokens: number };
    const credits = await billedCredits(async () => {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-4.1', messages: question }).withResponse();
      usage = data.usage!;
      return { response };
    });
    expect(credits).toBe(computeCredits(pricing, { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }));
  });

  it('bills a prompt past Gemini 2.5 Pro\'s 200k tokens wholly at its long-context prices', async () => {
    // The simulator counts four characters a token: this prompt is about 225,000 tokens.
    const long = [{ role: 'user' as const, content: `Summarise: ${'lorem ipsum '.repeat(75_000)}` }];
    let usage!: { prompt_tokens: number; completion_tokens: number };
    const credits = await billedCredits(async () => {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'gemini-2.5-pro', max_tokens: 100, messages: long }).withResponse();
      usage = data.usage!;
      return { response };
    });
    expect(usage.prompt_tokens).toBeGreaterThan(200_000);
    const longContextCredits = Math.ceil((usage.prompt_tokens * 2_500_000 + usage.completion_tokens * 15_000_000) / 1e6);
    expect(credits).toBe(longContextCredits);
    expect(credits).toBeGreaterThan(Math.ceil((usage.prompt_tokens * 1_250_000 + usage.completion_tokens * 10_000_000) / 1e6));
  });
});

describe('a model the upstream serves on the Responses API only (protocols)', () => {
  const sentFor = async (marker: string) => (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/openai/'));

  it.each([false, true])('reaches a Chat Completions client translated through the Responses API, never passed through (streamed: %s)', async (stream) => {
    const marker = `responses-only-chat-${stream}`;
    const before = await e2e.gateway.balance();
    const messages = [{ role: 'user' as const, content: `${marker}: hello` }];
    let text = '';
    let credits: number;
    if (!stream) {
      const { data, response } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-5-pro', messages }).withResponse();
      text = data.choices[0]!.message.content ?? '';
      credits = Number(response.headers.get('estimated_credits'));
      expect(credits).toBe(computeCredits(GPT_5_PRO, { inputTokens: data.usage!.prompt_tokens, outputTokens: data.usage!.completion_tokens }));
    } else {
      credits = -1;
      for await (const chunk of await e2e.openai.chat.completions.create({ model: 'openai/gpt-5-pro', messages, stream: true, stream_options: { include_usage: true } })) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) credits = (chunk.usage as unknown as { bytespike_credits: number }).bytespike_credits;
      }
    }
    expect(text).toContain('Simulated answer from gpt-5-pro');
    expect(before - (await e2e.gateway.balance())).toBe(credits);
    expect((await sentFor(marker)).map((request) => request.path)).toEqual([expect.stringMatching(/\/responses$/)]);
  });

  it('is listed with the protocols it is served in', async () => {
    const listed = (await e2e.openai.models.retrieve('openai/gpt-5-pro')) as unknown as { bytespike: { protocols?: string[] } };
    expect(listed.bytespike.protocols).toEqual(['openai-responses']);
    expect(((await e2e.openai.models.retrieve('openai/gpt-5.4')) as unknown as { bytespike: object }).bytespike).not.toHaveProperty('protocols');
  });

  it('asks for the API\'s minimum output when a client asks for less, and still passes a Responses client through', async () => {
    await e2e.anthropic.messages.create({ model: 'openai/gpt-5-pro', max_tokens: 1, messages: [{ role: 'user', content: 'responses-only-tiny: hi' }] });
    const [tiny] = await sentFor('responses-only-tiny');
    expect(tiny).toMatchObject({ path: expect.stringMatching(/\/responses$/), body: { max_output_tokens: 16 } });
    await e2e.openai.responses.create({ model: 'openai/gpt-5-pro', input: 'responses-only-native: hi', prompt_cache_key: 'k' });
    const [native] = await sentFor('responses-only-native');
    expect(native).toMatchObject({ path: expect.stringMatching(/\/responses$/), body: { prompt_cache_key: 'k', store: false } });
  });
});

describe('a config that adds a model without its prices', () => {
  it('stops the boot, naming the model and the prices it needs', async () => {
    const config = writeConfig('unpriced.config.json', { anthropic: { models: [{ id: 'claude-next' }] } });
    const boot = startGatewayHarness({ env: { BYTESPIKE_CONFIG: config } });
    await expect(boot).rejects.toMatchObject({ message: expect.stringContaining('the configured model "claude-next" is not in the shipped catalog, so it needs pricing.inputPerMTok and pricing.outputPerMTok') });
  });
});
