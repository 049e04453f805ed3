import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../kernel/canonical/estimate-tokens';
import { computeCredits } from '../../plugins/billing/pricing';
import { PRICING, TIME, WEATHER, generationOf, streamChat, streamMessages, useCompatibleServers } from './compatible-servers';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { rejectionOf } from './gateway-clients';

/**
 * `openai-compatible` instances in front of the servers people run them on, each as the simulator
 * plays it (scripts/upstream-sim/openai-compatible-flavours.ts names where each behaviour comes
 * from): the answer, its tool calls, its reasoning and its stop reason reach the client whole, and
 * the wallet moves by exactly the credits the client is told, estimated only where the server
 * reports no usage.
 */
const e2e = useCompatibleServers();
const settledCredits = async (requestId: string) => (await generationOf(e2e, requestId)).total_credits;

describe('Ollama before v0.5.2: no usage in streams, streamed tool calls finished as "stop"', () => {
  it('bills a passed-through stream the server reported no usage for by the estimate, once, and tells the client in the usage chunk it asked for', async () => {
    const { text, usage, usageChunk, charged, requestId } = await streamChat(e2e, { model: 'old-ollama/qwen3:8b', messages: [{ role: 'user', content: 'old-ollama-usage: say hello' }], stream_options: { include_usage: true } });
    expect(text).toBe('Simulated answer from qwen3:8b: old-ollama-usage: say hello');
    // The server sent no usage chunk: the gateway's, as OpenAI sends one (no choices, before
    // [DONE]), with the estimate billed and what it cost.
    expect(usageChunk).toMatchObject({ object: 'chat.completion.chunk', id: expect.stringMatching(/^chatcmpl-\d+$/), model: 'qwen3:8b', choices: [] });
    expect(usage).toMatchObject({ completion_tokens: estimateTextTokens(text), bytespike_credits: charged });
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: usage!.prompt_tokens as number, outputTokens: usage!.completion_tokens as number }));
    expect(await expectOneSettlement(e2e.gateway, requestId)).toBe(charged);
    expect(await settledCredits(requestId)).toBe(charged);
  });

  it('sends no usage chunk to a client that did not ask for one', async () => {
    const { text, usageChunk, charged } = await streamChat(e2e, { model: 'old-ollama/qwen3:8b', messages: [{ role: 'user', content: 'old-ollama-no-usage-asked: say hello' }] });
    expect(text.length).toBeGreaterThan(0);
    expect(usageChunk).toBeNull();
    expect(charged).toBeGreaterThan(0);
  });

  it('tells an Anthropic client that a turn which called a tool stopped for it (tool_use, not end_turn)', async () => {
    const { message, charged, settled } = await streamMessages(e2e, { model: 'old-ollama/qwen3:8b', max_tokens: 500, tools: [WEATHER], messages: [{ role: 'user', content: '[[tool:get_weather]] old-ollama-tool: weather in Oslo?' }] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^call_/), name: 'get_weather', input: { city: expect.any(String) } }]);
    // The server reported no usage: the usage told is the estimate billed, not zeros.
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(charged).toBe(settled);
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens }));
  });
});

describe('Ollama: parallel tool calls, each whole at index 0; thinking as `reasoning`', () => {
  it('keeps two tool calls apart for an Anthropic client, each with its own arguments', async () => {
    const { message, charged, settled } = await streamMessages(e2e, { model: 'ollama/qwen3:8b', max_tokens: 500, tools: [WEATHER, TIME], messages: [{ role: 'user', content: '[[tools:get_weather,get_time]] ollama-parallel: weather and time in Oslo?' }] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^call_/), name: 'get_weather', input: { city: expect.any(String) } },
      { type: 'tool_use', id: expect.stringMatching(/^call_/), name: 'get_time', input: { zone: expect.any(String) } },
    ]);
    expect((message.content[0] as Anthropic.ToolUseBlock).id).not.toBe((message.content[1] as Anthropic.ToolUseBlock).id);
    expect(charged).toBe(settled);
  });

  it('keeps them apart for a Responses client too', async () => {
    const tools = [WEATHER, TIME].map((tool) => ({ type: 'function' as const, name: tool.name, parameters: tool.input_schema as Record<string, unknown>, strict: false }));
    const response = await e2e.openai.responses.create({ model: 'ollama/qwen3:8b', tools, input: '[[tools:get_weather,get_time]] ollama-parallel-responses: weather and time?', stream: true }).then(async (stream) => {
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
      return completed!;
    });
    const calls = response.output.filter((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall[];
    expect(calls.map((call) => [call.name, Object.keys(JSON.parse(call.arguments) as object)])).toEqual([['get_weather', ['city']], ['get_time', ['zone']]]);
  });

  it('shows the model\'s `reasoning` as thinking', async () => {
    const { message } = await streamMessages(e2e, { model: 'ollama/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: '[[reasoning]] ollama-thinking: 2+2?' }] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((message.content[0] as Anthropic.ThinkingBlock).thinking).toMatch(/^Considering the request/);
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('vLLM: continuous usage stats', () => {
  it('relays every chunk of a stream whose chunks all carry the running usage, and bills the final figure', async () => {
    const prompt = 'vllm-continuous: tell me something [[long:12]]';
    const plain = await streamChat(e2e, { model: 'vllm/qwen3:8b', messages: [{ role: 'user', content: prompt }], stream_options: { include_usage: true } });
    const continuous = await streamChat(e2e, { model: 'vllm/qwen3:8b', messages: [{ role: 'user', content: prompt }], stream_options: { include_usage: true, continuous_usage_stats: true } });
    expect(continuous.text).toBe(plain.text);
    expect(continuous.text.split(' ')).toHaveLength(12);
    expect(continuous.usage).toMatchObject({ completion_tokens: plain.usage!.completion_tokens, bytespike_credits: continuous.charged });
    expect(continuous.charged).toBe(plain.charged);
  });
});

describe('OpenRouter: comment lines, reasoning with reasoning_details, usage with cost', () => {
  it('passes a stream with processing comments through whole, its usage annotated with what was billed', async () => {
    const { text, usage, charged } = await streamChat(e2e, { model: 'openrouter/qwen3:8b', messages: [{ role: 'user', content: 'openrouter-comments: hello there' }], stream_options: { include_usage: true } });
    expect(text).toBe('Simulated answer from qwen3:8b: openrouter-comments: hello there');
    expect(usage).toMatchObject({ cost: expect.any(Number), bytespike_credits: charged });
    expect(charged).toBeGreaterThan(0);
  });

  it('shows `reasoning` as thinking to an Anthropic client, billed as told', async () => {
    const { message, charged, settled } = await streamMessages(e2e, { model: 'openrouter/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: '[[reasoning]] openrouter-thinking: 2+2?' }] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(charged).toBe(settled);
  });

  it('tells a Chat Completions client of an error OpenRouter sent as a 200 body, in OpenAI\'s shape, and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const refused = await rejectionOf(e2e.openai.chat.completions.create({ model: 'openrouter/qwen3:8b', messages: [{ role: 'user', content: '[[fault:error-after=0]] openrouter-body-error: hi' }] }));
    expect(refused).toMatchObject({ status: 502, error: { message: expect.stringContaining('Provider returned error') } });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('bills nothing for a stream the server ends with an error event', async () => {
    const before = await e2e.gateway.balance();
    const stream = e2e.anthropic.messages.stream({ model: 'openrouter/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: '[[fault:error-after=4]] openrouter-error: hello there' }] });
    await expect(stream.finalMessage()).rejects.toThrow();
    const { response } = await stream.withResponse();
    await expectReleased(e2e.gateway, response.headers.get('request-id')!);
    expect(await e2e.gateway.balance()).toBe(before);
  });
});
