import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClients } from './gateway-clients';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * Every provider x both protocols x {stream, non-stream} x {text, tool round trip, reasoning},
 * driven with the official SDKs through the running gateway and the upstream simulator.
 * Each call checks content, stop reason, usage, and that the wallet moved by exactly the
 * credits the gateway reported (header for JSON, final usage event for streams).
 */
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];
const WEATHER_TOOL = { name: 'get_weather', description: 'Current weather for a city', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

let gateway: GatewayHarness;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  ({ anthropic, openai } = gatewayClients(gateway));
});
afterAll(async () => gateway?.close());

async function expectWalletMovedBy(before: number, credits: number) {
  expect(credits).toBeGreaterThan(0);
  expect(before - (await gateway.balance())).toBe(credits);
}

type AnthropicTurn = { text: string; thinking: string; toolUses: { id: string; name: string; input: unknown }[]; stopReason: string | null; usage: { input_tokens: number; output_tokens: number }; credits: number };

async function callMessages(model: string, stream: boolean, body: Partial<Anthropic.MessageCreateParamsNonStreaming>): Promise<AnthropicTurn> {
  const params = { model, max_tokens: 2048, ...body } as Anthropic.MessageCreateParamsNonStreaming;
  if (!stream) {
    const { data, response } = await anthropic.messages.create(params).withResponse();
    return {
      text: data.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''),
      thinking: data.content.flatMap((block) => (block.type === 'thinking' ? [block.thinking] : [])).join(''),
      toolUses: data.content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : [])),
      stopReason: data.stop_reason,
      usage: data.usage,
      credits: Number(response.headers.get('estimated_credits')),
    };
  }
  const events = await anthropic.messages.create({ ...params, stream: true });
  const turn: AnthropicTurn = { text: '', thinking: '', toolUses: [], stopReason: null, usage: { input_tokens: 0, output_tokens: 0 }, credits: -1 };
  const toolInputs = new Map<number, { id: string; name: string; json: string }>();
  for await (const event of events) {
    if (event.type === 'message_start') turn.usage.input_tokens = event.message.usage.input_tokens;
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') toolInputs.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') turn.text += event.delta.text;
    if (event.type === 'content_block_delta' && event.delta.type === 'thinking_delta') turn.thinking += event.delta.thinking;
    if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') toolInputs.get(event.index)!.json += event.delta.partial_json;
    if (event.type === 'message_delta') {
      turn.stopReason = event.delta.stop_reason;
      turn.usage.output_tokens = event.usage.output_tokens;
      turn.credits = (event.usage as unknown as { bytespike_credits: number }).bytespike_credits;
    }
  }
  turn.toolUses = [...toolInputs.values()].map((tool) => ({ id: tool.id, name: tool.name, input: JSON.parse(tool.json || '{}') }));
  return turn;
}

type OpenAITurn = { text: string; reasoning: string; toolCalls: { id: string; name: string; arguments: string }[]; finishReason: string | null; usage: OpenAI.CompletionUsage | null; credits: number };

async function callChat(model: string, stream: boolean, body: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>): Promise<OpenAITurn> {
  const params = { model, ...body } as OpenAI.ChatCompletionCreateParamsNonStreaming;
  if (!stream) {
    const { data, response } = await openai.chat.completions.create(params).withResponse();
    const message = data.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    return {
      text: message.content ?? '',
      reasoning: message.reasoning_content ?? '',
      toolCalls: (message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [])),
      finishReason: data.choices[0]!.finish_reason,
      usage: data.usage ?? null,
      credits: Number(response.headers.get('estimated_credits')),
    };
  }
  const chunks = await openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
  const turn: OpenAITurn = { text: '', reasoning: '', toolCalls: [], finishReason: null, usage: null, credits: -1 };
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    const delta = choice?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string }) | undefined;
    if (delta?.content) turn.text += delta.content;
    if (delta?.reasoning_content) turn.reasoning += delta.reasoning_content;
    for (const call of delta?.tool_calls ?? []) {
      turn.toolCalls[call.index] ??= { id: '', name: '', arguments: '' };
      const target = turn.toolCalls[call.index]!;
      if (call.id) target.id = call.id;
      if (call.function?.name) target.name = call.function.name;
      if (call.function?.arguments) target.arguments += call.function.arguments;
    }
    if (choice?.finish_reason) turn.finishReason = choice.finish_reason;
    if (chunk.usage) {
      turn.usage = chunk.usage;
      turn.credits = (chunk.usage as unknown as { bytespike_credits: number }).bytespike_credits;
    }
  }
  return turn;
}

describe.each(MODELS)('%s', (model) => {
  describe.each([false, true])('stream=%s', (stream) => {
    it('Messages: plain text', async () => {
      const before = await gateway.balance();
      const turn = await callMessages(model, stream, { messages: [{ role: 'user', content: 'Say hello to the gateway test.' }] });
      expect(turn.text).toMatch(/\w+/);
      expect(turn.stopReason).toBe('end_turn');
      expect(turn.usage.input_tokens).toBeGreaterThan(0);
      expect(turn.usage.output_tokens).toBeGreaterThan(0);
      await expectWalletMovedBy(before, turn.credits);
    });

    it('Messages: tool call round trip', async () => {
      const tools = [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.schema as Anthropic.Tool.InputSchema }];
      const question = { role: 'user' as const, content: '[[tool:get_weather]] What is the weather in Paris?' };
      const before = await gateway.balance();
      const first = await callMessages(model, stream, { tools, messages: [question] });
      expect(first.stopReason).toBe('tool_use');
      expect(first.toolUses).toHaveLength(1);
      expect(first.toolUses[0]!.name).toBe('get_weather');
      expect(typeof (first.toolUses[0]!.input as { city?: unknown }).city).toBe('string');
      await expectWalletMovedBy(before, first.credits);
      const toolUse = first.toolUses[0]!;
      const second = await callMessages(model, stream, {
        tools,
        messages: [question, { role: 'assistant', content: [{ type: 'tool_use', id: toolUse.id, name: toolUse.name, input: toolUse.input }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 21 degrees' }] }],
      });
      expect(second.stopReason).toBe('end_turn');
      expect(second.text).toContain('Sunny, 21 degrees');
    });

    it('Messages: reasoning', async () => {
      const before = await gateway.balance();
      const turn = await callMessages(model, stream, { thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: '[[reasoning]] Why is the sky blue?' }] });
      expect(turn.text).toMatch(/\w+/);
      // OpenAI's models too: translated calls to them go through the Responses API, which returns a reasoning summary.
      expect(turn.thinking.length).toBeGreaterThan(0);
      await expectWalletMovedBy(before, turn.credits);
    });

    it('Chat Completions: plain text', async () => {
      const before = await gateway.balance();
      const turn = await callChat(model, stream, { messages: [{ role: 'user', content: 'Say hello to the gateway test.' }] });
      expect(turn.text).toMatch(/\w+/);
      expect(turn.finishReason).toBe('stop');
      expect(turn.usage?.prompt_tokens).toBeGreaterThan(0);
      expect(turn.usage?.completion_tokens).toBeGreaterThan(0);
      await expectWalletMovedBy(before, turn.credits);
    });

    it('Chat Completions: tool call round trip', async () => {
      const tools = [{ type: 'function' as const, function: { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.schema } }];
      const question = { role: 'user' as const, content: '[[tool:get_weather]] What is the weather in Paris?' };
      const before = await gateway.balance();
      const first = await callChat(model, stream, { tools, messages: [question] });
      expect(first.finishReason).toBe('tool_calls');
      expect(first.toolCalls).toHaveLength(1);
      expect(first.toolCalls[0]!.name).toBe('get_weather');
      expect(typeof (JSON.parse(first.toolCalls[0]!.arguments) as { city?: unknown }).city).toBe('string');
      await expectWalletMovedBy(before, first.credits);
      const call = first.toolCalls[0]!;
      const second = await callChat(model, stream, {
        tools,
        messages: [question, { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] }, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 degrees' }],
      });
      expect(second.finishReason).toBe('stop');
      expect(second.text).toContain('Sunny, 21 degrees');
    });

    it('Chat Completions: the token cap reaches the model whether sent as max_tokens or max_completion_tokens', async () => {
      for (const cap of [{ max_tokens: 4 }, { max_completion_tokens: 4 }]) {
        const before = await gateway.balance();
        const turn = await callChat(model, stream, { ...cap, messages: [{ role: 'user', content: 'Tell me a long story about the otters of the river.' }] });
        expect(turn.finishReason, JSON.stringify(cap)).toBe('length');
        await expectWalletMovedBy(before, turn.credits);
      }
    });

    it('Chat Completions: reasoning', async () => {
      const before = await gateway.balance();
      const turn = await callChat(model, stream, { reasoning_effort: 'low', messages: [{ role: 'user', content: '[[reasoning]] Why is the sky blue?' }] });
      expect(turn.text).toMatch(/\w+/);
      if (model.startsWith('openai/')) expect(turn.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
      else expect(turn.reasoning.length).toBeGreaterThan(0);
      await expectWalletMovedBy(before, turn.credits);
    });
  });
});

describe('translation keeps a request within the upstream\'s own limits', () => {
  it('an OpenAI client\'s temperature of 1.5 reaches Claude as 1; an Anthropic client\'s six stop sequences reach GPT-4.1 as four', async () => {
    const chat = await callChat('anthropic/claude-sonnet-4-6', false, { temperature: 1.5, messages: [{ role: 'user', content: 'Say hello.' }] });
    expect(chat.finishReason).toBe('stop');
    const messages = await callMessages('openai/gpt-4.1', false, { stop_sequences: ['#1', '#2', '#3', '#4', '#5', '#6'], messages: [{ role: 'user', content: 'Say hello.' }] });
    expect(messages.stopReason).toBe('end_turn');
  });

  it('a conversation with only a system prompt, which OpenAI\'s models answer, is refused for Claude and Gemini with the fix named, billing nothing', async () => {
    const systemOnly = [{ role: 'system' as const, content: 'Write a haiku about otters.' }];
    expect((await callChat('openai/gpt-4.1', false, { messages: systemOnly })).finishReason).toBe('stop');
    for (const model of ['anthropic/claude-sonnet-4-6', 'gemini/gemini-2.5-flash']) {
      const before = await gateway.balance();
      await expect(callChat(model, false, { messages: systemOnly })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('need at least one user or assistant message; this request has only a system prompt (send it as a user message)') });
      expect(await gateway.balance()).toBe(before);
    }
  });
});
