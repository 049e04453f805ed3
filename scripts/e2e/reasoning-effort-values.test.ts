import type Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * Reasoning efforts through the official SDKs. The Chat Completions front-end takes every effort
 * some model behind the gateway takes (OpenAI's to `xhigh`, Claude's and DeepSeek's `max`); a
 * translated call sends each model the nearest one it takes, and passthrough sends the client's
 * as written, for its upstream to judge: the simulator refuses, as OpenAI does, an effort a model
 * does not take. A Messages client's `output_config.effort` reaches another model as the depth of
 * its thinking, and reaches Claude byte for byte on passthrough.
 */
const e2e = useGatewayWithClients();

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
/** This SDK types `reasoning_effort` as OpenAI's efforts; `max` is Claude's and DeepSeek's. */
const withEffort = (model: string, effort: string, prompt: string): Params => ({ model, reasoning_effort: effort, messages: [{ role: 'user', content: prompt }] } as unknown as Params);

async function sentWith(model: string, effort: string, marker: string): Promise<Record<string, unknown>> {
  const answer = await e2e.openai.chat.completions.create(withEffort(model, effort, `${marker}: hi`));
  expect(answer.choices[0]!.message.content).toBeTruthy();
  return (await upstreamBodies(e2e.gateway, marker)).at(-1)!.body;
}

describe('reasoning_effort "max" from the OpenAI SDK', () => {
  it('reaches Claude Opus 5, which takes it, as output_config.effort max (translated)', async () => {
    expect(await sentWith('claude-opus-5', 'max', 'effort-max-opus-5')).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
  });

  it('reaches Claude Opus 5.5, whose entry lists no max, as its highest effort: high', async () => {
    expect(await sentWith('claude-opus-5-5', 'max', 'effort-max-opus-5-5')).toMatchObject({ output_config: { effort: 'high' } });
  });

  it('reaches GPT-5 (passthrough) as written, and OpenAI\'s own 400 comes back with nothing billed, as for any effort OpenAI\'s model does not take', async () => {
    const before = await e2e.gateway.balance();
    const error = await rejectionOf(e2e.openai.chat.completions.create(withEffort('gpt-5.4', 'max', 'effort-max-gpt-5.4: hi')));
    expect(error).toMatchObject({ status: 400, param: 'reasoning_effort', code: 'unsupported_value' });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('reaches DeepSeek V4 Pro (passthrough), which takes it, as sent', async () => {
    expect(await sentWith('deepseek-v4-pro', 'max', 'effort-max-deepseek')).toMatchObject({ reasoning_effort: 'max' });
  });

  it('refuses an effort no model takes with a 400 in OpenAI\'s shape, before anything is held or sent', async () => {
    const before = await e2e.gateway.balance();
    const error = await rejectionOf(e2e.openai.chat.completions.create(withEffort('gpt-5.4', 'ultra', 'effort-ultra: hi')));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'reasoning_effort', message: expect.stringContaining('"max"') } });
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'effort-ultra')).toEqual([]);
  });
});

describe('output_config.effort from the Anthropic SDK', () => {
  const params = (model: string, marker: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model, max_tokens: 4096, thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, messages: [{ role: 'user', content: `${marker}: hi` }],
  });

  it('reaches Claude (passthrough) byte for byte', async () => {
    await e2e.anthropic.messages.create(params('claude-opus-5', 'effort-passthrough-claude'));
    const [sent] = (await upstreamRequests(e2e.gateway, 'effort-passthrough-claude')) as unknown as { rawBody: string }[];
    expect(sent!.rawBody).toContain('"thinking":{"type":"adaptive"},"output_config":{"effort":"max"}');
  });

  it('reaches GPT-5.4 nano (translated, Responses API) as the highest effort it takes: xhigh', async () => {
    await e2e.anthropic.messages.create(params('openai/gpt-5.4-nano', 'effort-translated-nano'));
    const [sent] = await upstreamBodies(e2e.gateway, 'effort-translated-nano');
    expect(sent!.body).toMatchObject({ model: 'gpt-5.4-nano', reasoning: { effort: 'xhigh' } });
  });

  it('reaches DeepSeek V4 Pro (translated) as its reasoning_effort, with thinking on', async () => {
    const answer = await e2e.anthropic.messages.create(params('deepseek-v4-pro', 'effort-translated-deepseek'));
    expect(answer.content.map((block) => block.type)).toContain('text');
    const [sent] = await upstreamBodies(e2e.gateway, 'effort-translated-deepseek');
    expect(sent!.body).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'max' });
  });
});
