import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * A Messages conversation begun on another model and carried on to Claude, as Claude Code does
 * when its model is switched: the earlier turns hold that model's reasoning as thinking blocks
 * Claude did not sign (DeepSeek's with an empty signature, GPT-5's with OpenAI's reasoning in it),
 * which Anthropic refuses. They are left out, passed through or translated; Claude's own stay.
 */
const e2e = useGatewayWithClients();
const THINKING = { type: 'enabled' as const, budget_tokens: 2048 };

async function carriedOn(firstModel: string, marker: string, flags?: unknown): Promise<{ first: Anthropic.Message; toClaude: { role: string; content: { type: string }[] }[] }> {
  const question: Anthropic.MessageParam = { role: 'user', content: `[[reasoning]] ${marker}: 2+2?` };
  const first = await e2e.anthropic.messages.create({ model: firstModel, max_tokens: 4096, thinking: THINKING, messages: [question] });
  expect(first.content[0]?.type).toBe('thinking');
  const options = flags === undefined ? {} : { headers: { 'x-bytespike-flags': JSON.stringify(flags) } };
  const second = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 4096, thinking: THINKING, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'And 3+3?' }] }, options);
  expect(second.stop_reason).toBe('end_turn');
  const sent = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/'));
  return { first, toClaude: sent.at(-1)!.body.messages as { role: string; content: { type: string }[] }[] };
}

const assistantBlocks = (messages: { role: string; content: { type: string }[] }[]) => messages.find((message) => message.role === 'assistant')!.content.map((block) => block.type);

describe('a conversation carried on to Claude', () => {
  it('leaves out DeepSeek\'s reasoning (thinking with an empty signature), passed through', async () => {
    const { first, toClaude } = await carriedOn('deepseek/deepseek-reasoner', 'carried-deepseek');
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: '' });
    expect(assistantBlocks(toClaude)).toEqual(['text']);
  });

  it('leaves out DeepSeek\'s reasoning when the request is translated (the response cache asks for canonical parts)', async () => {
    const { toClaude } = await carriedOn('deepseek/deepseek-reasoner', 'carried-translated', { cache: { ttl_s: 60 } });
    expect(assistantBlocks(toClaude)).toEqual(['text']);
  });

  it('leaves out GPT-5\'s reasoning (OpenAI\'s riding in the signature)', async () => {
    const { first, toClaude } = await carriedOn('openai/gpt-5.4', 'carried-openai');
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^openai-rs\./) });
    expect(assistantBlocks(toClaude)).toEqual(['text']);
  });

  it('keeps Claude\'s own thinking, with its signature', async () => {
    const { first, toClaude } = await carriedOn('anthropic/claude-sonnet-4-6', 'carried-claude');
    expect(assistantBlocks(toClaude)).toEqual(['thinking', 'text']);
    expect((toClaude.find((message) => message.role === 'assistant')!.content[0] as unknown as { signature: string }).signature).toBe((first.content[0] as Anthropic.ThinkingBlock).signature);
  });
});
