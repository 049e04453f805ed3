import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Both protocols' reasoning settings reaching Gemini as a thinkingBudget the model takes (the
 * simulator refuses others, as the API does): OpenAI's reasoning_effort, Anthropic's budget,
 * and reasoning off, which 2.5 Pro cannot do.
 */
const e2e = useGatewayWithClients();

async function thinkingConfigSent(marker: string): Promise<unknown> {
  const [sent] = await upstreamBodies(e2e.gateway, marker);
  return (sent!.body.generationConfig as { thinkingConfig?: unknown } | undefined)?.thinkingConfig;
}

describe('Chat Completions reasoning_effort to Gemini', () => {
  it.each([
    ['gemini/gemini-2.5-flash', 'none', { thinkingBudget: 0 }],
    ['gemini/gemini-2.5-pro', 'none', { thinkingBudget: 128 }],
    ['gemini/gemini-2.5-flash', 'minimal', { includeThoughts: true, thinkingBudget: 1024 }],
    ['gemini/gemini-2.5-flash-lite', 'high', { includeThoughts: true, thinkingBudget: 16384 }],
  ] as const)('%s with effort %s is sent %o', async (model, effort, thinkingConfig) => {
    const marker = `gemini-effort-${model}-${effort}`;
    const completion = await e2e.openai.chat.completions.create({ model, reasoning_effort: effort, messages: [{ role: 'user', content: `${marker}: why is the sky blue?` }] });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(await thinkingConfigSent(marker)).toEqual(thinkingConfig);
  });
});

describe.each([false, true])('Messages thinking to Gemini (streamed: %s)', (stream) => {
  // A timeout of its own, or the SDK refuses a non-streamed call with a max_tokens this large.
  const create = (params: Anthropic.MessageCreateParamsNonStreaming) => (stream ? e2e.anthropic.messages.stream(params).finalMessage() : e2e.anthropic.messages.create(params, { timeout: 60_000 }));

  it('lowers a budget over the model\'s maximum to it, and the answer thinks', async () => {
    const marker = `gemini-budget-over-${stream}`;
    const message = await create({ model: 'gemini/gemini-2.5-flash', max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 30_000 }, messages: [{ role: 'user', content: `[[reasoning]] ${marker}: 2+2?` }] });
    expect(message.content[0]?.type).toBe('thinking');
    expect(await thinkingConfigSent(marker)).toEqual({ includeThoughts: true, thinkingBudget: 24_576 });
  });

  it('turns thinking off with a zero budget', async () => {
    const marker = `gemini-thinking-off-${stream}`;
    const message = await create({ model: 'gemini/gemini-2.5-flash-lite', max_tokens: 256, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: `${marker}: 2+2?` }] });
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(await thinkingConfigSent(marker)).toEqual({ thinkingBudget: 0 });
  });
});
