import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * A tool loop begun on one model and carried on to one that, thinking, wants every tool call's
 * reasoning back: DeepSeek V4 ("must be passed back to the API in all subsequent requests",
 * https://api-docs.deepseek.com/guides/thinking_mode) and Kimi K2.5 (Moonshot: "thinking is enabled
 * but reasoning_content is missing in assistant tool call message at index N"). A call Claude made
 * whose thinking the client did not keep, or one GPT made, has none; the simulator answers such a
 * request as each API does, with a 400, so each call here fails unless the gateway turns thinking
 * off for it. A loop that carries its reasoning keeps thinking on.
 */
const e2e = useGatewayWithClients();

const WEATHER = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
const WEATHER_FUNCTION: OpenAI.Chat.Completions.ChatCompletionTool = { type: 'function', function: { name: WEATHER.name, description: WEATHER.description, parameters: WEATHER.input_schema } };
const THINKING = { type: 'enabled' as const, budget_tokens: 2048 };
type WithReasoning = { reasoning_content?: string };

/** The thinking switch the last upstream request carrying `marker` was sent with (undefined: the upstream's default, on). */
async function thinkingSent(marker: string): Promise<unknown> {
  return (await upstreamBodies(e2e.gateway, marker)).at(-1)!.body.thinking;
}

/** One Messages call that must be answered and billed: the wallet moves by exactly the header's credits, more than none. */
async function billedMessage(params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
  const before = await e2e.gateway.balance();
  const { data, response } = await e2e.anthropic.messages.create(params).withResponse();
  const credits = Number(response.headers.get('estimated_credits'));
  expect(credits).toBeGreaterThan(0);
  expect(await e2e.gateway.balance()).toBe(before - credits);
  return data;
}

describe('a Claude tool loop carried on from the Anthropic SDK (translated), Claude\'s thinking not kept', () => {
  it.each(['kimi-k2.5', 'deepseek-v4-pro', 'deepseek-reasoner'])('%s answers it with thinking off, and bills it', async (model) => {
    const marker = `claude-loop-to-${model}`;
    const question: Anthropic.MessageParam = { role: 'user', content: `${marker}: [[tool:get_weather]] weather in Kyiv?` };
    const first = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 4096, thinking: THINKING, tools: [WEATHER], messages: [question] });
    const call = first.content.find((block) => block.type === 'tool_use')!;
    // As a client that keeps no thinking blocks sends the turn back.
    const kept = first.content.filter((block) => block.type !== 'thinking' && block.type !== 'redacted_thinking');
    const answer = await billedMessage({
      model, max_tokens: 4096, thinking: THINKING, tools: [WEATHER],
      messages: [question, { role: 'assistant', content: kept }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow' }] }],
    });
    expect(answer.stop_reason).toBe('end_turn');
    expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('snow') });
    expect(await thinkingSent(marker)).toEqual({ type: 'disabled' });
  });

  it('deepseek-v4-pro keeps thinking on for a loop of its own whose reasoning came back', async () => {
    const marker = 'own-loop-deepseek-anthropic';
    const question: Anthropic.MessageParam = { role: 'user', content: `${marker}: [[tool:get_weather]] weather in Kyiv?` };
    const first = await e2e.anthropic.messages.create({ model: 'deepseek-v4-pro', max_tokens: 4096, thinking: THINKING, tools: [WEATHER], messages: [question] });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const call = first.content.find((block) => block.type === 'tool_use')!;
    const answer = await billedMessage({
      model: 'deepseek-v4-pro', max_tokens: 4096, thinking: THINKING, tools: [WEATHER],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow' }] }],
    });
    expect(answer.stop_reason).toBe('end_turn');
    expect(await thinkingSent(marker)).toEqual({ type: 'enabled' });
  });
});

describe('a GPT tool loop carried on from the OpenAI SDK (passthrough)', () => {
  /** The loop GPT-4.1 began, and the messages that carry it on with the tool's result. */
  async function gptLoop(marker: string): Promise<OpenAI.Chat.Completions.ChatCompletionMessageParam[]> {
    const question: OpenAI.Chat.Completions.ChatCompletionMessageParam = { role: 'user', content: `${marker}: [[tool:get_weather]] weather in Kyiv?` };
    const first = await e2e.openai.chat.completions.create({ model: 'openai/gpt-4.1', tools: [WEATHER_FUNCTION], messages: [question] });
    const message = first.choices[0]!.message;
    return [question, message, { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: 'snow' }];
  }

  it.each(['kimi-k2.5', 'deepseek-v4-pro'])('%s answers it with thinking off, and bills it', async (model) => {
    const marker = `gpt-loop-to-${model}`;
    const messages = await gptLoop(marker);
    const before = await e2e.gateway.balance();
    const { data, response } = await e2e.openai.chat.completions.create({ model, tools: [WEATHER_FUNCTION], messages }).withResponse();
    expect(data.choices[0]!.message.content).toContain('snow');
    const credits = Number(response.headers.get('estimated_credits'));
    expect(credits).toBeGreaterThan(0);
    expect(await e2e.gateway.balance()).toBe(before - credits);
    expect(await thinkingSent(marker)).toEqual({ type: 'disabled' });
  });

  it('deepseek-v4-pro keeps thinking on for a loop of its own whose reasoning_content came back', async () => {
    const marker = 'own-loop-deepseek-openai';
    const question: OpenAI.Chat.Completions.ChatCompletionMessageParam = { role: 'user', content: `${marker}: [[tool:get_weather]] weather in Kyiv?` };
    const first = await e2e.openai.chat.completions.create({ model: 'deepseek-v4-pro', reasoning_effort: 'high', tools: [WEATHER_FUNCTION], messages: [question] });
    const message = first.choices[0]!.message as typeof first.choices[0]['message'] & WithReasoning;
    expect(message.reasoning_content).toBeTruthy();
    const answer = await e2e.openai.chat.completions.create({
      model: 'deepseek-v4-pro', reasoning_effort: 'high', tools: [WEATHER_FUNCTION],
      messages: [question, message, { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: 'snow' }],
    });
    expect(answer.choices[0]!.message.content).toContain('snow');
    const [, sent] = await upstreamBodies(e2e.gateway, marker);
    expect(sent!.body).not.toHaveProperty('thinking');
    expect(sent!.body).toMatchObject({ reasoning_effort: 'high' });
  });
});
