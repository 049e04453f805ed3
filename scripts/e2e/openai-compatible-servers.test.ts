import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { computeCredits } from '../../plugins/billing/pricing';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * `openai-compatible` instances in front of the servers people run them on, each as the simulator
 * plays it (scripts/upstream-sim/openai-compatible-flavours.ts names where each behaviour comes
 * from): the answer, its tool calls, its reasoning and its stop reason reach the client whole, and
 * the wallet moves by exactly the credits the client is told, estimated only where the server
 * reports no usage.
 */
const PRICING = { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 };
const models = [{ id: 'qwen3:8b', capabilities: ['tools', 'reasoning', 'streaming'], pricing: PRICING }];
const e2e = useGatewayWithClients({
  config: (baseUrls) => ({
    plugins: {
      'openai-compatible': {
        instances: [
          // Local servers take any key (Ollama's docs use "ollama"); the simulator wants one.
          { name: 'ollama', baseUrl: baseUrls.ollama, apiKey: 'ollama', models },
          { name: 'old-ollama', baseUrl: baseUrls.ollamaLegacy, apiKey: 'ollama', models },
          { name: 'vllm', baseUrl: baseUrls.vllm, apiKey: 'vllm', models },
          { name: 'openrouter', baseUrl: baseUrls.openrouter, apiKey: 'sk-or-sim', models },
        ],
      },
    },
  }),
});

const WEATHER: Anthropic.Tool = { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const TIME: Anthropic.Tool = { name: 'get_time', description: 'Time in a city', input_schema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } };

/** What the gateway settled for a request, as `GET /v1/generation` reports it. */
async function settledCredits(requestId: string): Promise<number> {
  const response = await fetch(`${e2e.gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
  return ((await response.json()) as { data: { total_credits: number } }).data.total_credits;
}

/** A Messages stream through the Anthropic SDK, its final message, and what the wallet moved by. */
async function streamMessages(params: Anthropic.MessageCreateParamsNonStreaming): Promise<{ message: Anthropic.Message; charged: number; settled: number; requestId: string }> {
  const before = await e2e.gateway.balance();
  const stream = e2e.anthropic.messages.stream(params);
  const message = await stream.finalMessage();
  const { response } = await stream.withResponse();
  const requestId = response.headers.get('request-id')!;
  return { message, charged: before - (await e2e.gateway.balance()), settled: await settledCredits(requestId), requestId };
}

/** A Chat Completions stream through the OpenAI SDK: its text, its usage chunk, and what the wallet moved by. */
async function streamChat(params: Record<string, unknown>): Promise<{ text: string; usage: Record<string, unknown> | null; charged: number; requestId: string }> {
  const before = await e2e.gateway.balance();
  const { data: stream, response } = await e2e.openai.chat.completions.create({ ...params, stream: true } as unknown as OpenAI.ChatCompletionCreateParamsStreaming).withResponse();
  let text = '';
  let usage: Record<string, unknown> | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage as unknown as Record<string, unknown>;
  }
  return { text, usage, charged: before - (await e2e.gateway.balance()), requestId: response.headers.get('x-request-id')! };
}

describe('Ollama before v0.5.2: no usage in streams, streamed tool calls finished as "stop"', () => {
  it('bills a passed-through stream the server reported no usage for by the estimate, once', async () => {
    const { text, usage, charged, requestId } = await streamChat({ model: 'old-ollama/qwen3:8b', messages: [{ role: 'user', content: 'old-ollama-usage: say hello' }], stream_options: { include_usage: true } });
    expect(text).toBe('Simulated answer from qwen3:8b: old-ollama-usage: say hello');
    // The server sent no usage chunk, so none is relayed; the bill is the gateway's estimate.
    expect(usage).toBeNull();
    expect(charged).toBeGreaterThan(0);
    expect(await expectOneSettlement(e2e.gateway, requestId)).toBe(charged);
    expect(await settledCredits(requestId)).toBe(charged);
  });

  it('tells an Anthropic client that a turn which called a tool stopped for it (tool_use, not end_turn)', async () => {
    const { message, charged, settled } = await streamMessages({ model: 'old-ollama/qwen3:8b', max_tokens: 500, tools: [WEATHER], messages: [{ role: 'user', content: '[[tool:get_weather]] old-ollama-tool: weather in Oslo?' }] });
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
    const { message, charged, settled } = await streamMessages({ model: 'ollama/qwen3:8b', max_tokens: 500, tools: [WEATHER, TIME], messages: [{ role: 'user', content: '[[tools:get_weather,get_time]] ollama-parallel: weather and time in Oslo?' }] });
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
    const { message } = await streamMessages({ model: 'ollama/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: '[[reasoning]] ollama-thinking: 2+2?' }] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((message.content[0] as Anthropic.ThinkingBlock).thinking).toMatch(/^Considering the request/);
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('vLLM: continuous usage stats', () => {
  it('relays every chunk of a stream whose chunks all carry the running usage, and bills the final figure', async () => {
    const prompt = 'vllm-continuous: tell me something [[long:12]]';
    const plain = await streamChat({ model: 'vllm/qwen3:8b', messages: [{ role: 'user', content: prompt }], stream_options: { include_usage: true } });
    const continuous = await streamChat({ model: 'vllm/qwen3:8b', messages: [{ role: 'user', content: prompt }], stream_options: { include_usage: true, continuous_usage_stats: true } });
    expect(continuous.text).toBe(plain.text);
    expect(continuous.text.split(' ')).toHaveLength(12);
    expect(continuous.usage).toMatchObject({ completion_tokens: plain.usage!.completion_tokens, bytespike_credits: continuous.charged });
    expect(continuous.charged).toBe(plain.charged);
  });
});

describe('OpenRouter: comment lines, reasoning with reasoning_details, usage with cost', () => {
  it('passes a stream with processing comments through whole, its usage annotated with what was billed', async () => {
    const { text, usage, charged } = await streamChat({ model: 'openrouter/qwen3:8b', messages: [{ role: 'user', content: 'openrouter-comments: hello there' }], stream_options: { include_usage: true } });
    expect(text).toBe('Simulated answer from qwen3:8b: openrouter-comments: hello there');
    expect(usage).toMatchObject({ cost: expect.any(Number), bytespike_credits: charged });
    expect(charged).toBeGreaterThan(0);
  });

  it('shows `reasoning` as thinking to an Anthropic client, billed as told', async () => {
    const { message, charged, settled } = await streamMessages({ model: 'openrouter/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: '[[reasoning]] openrouter-thinking: 2+2?' }] });
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
