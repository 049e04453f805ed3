import { describe, expect, it } from 'vitest';
import { BEARER_HEADERS, postJson, useOpenAiSimulator } from './test-support';

const upstream = useOpenAiSimulator();

const tools = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];

/** A streamed answer of one server: its raw text and its JSON chunks. */
async function stream(server: 'ollama' | 'ollamaLegacy' | 'vllm' | 'openrouter', body: Record<string, unknown>): Promise<{ text: string; chunks: Record<string, any>[] }> {
  const response = await postJson(`${upstream.simulator.baseUrls[server]}/chat/completions`, { model: 'qwen3:8b', stream: true, ...body }, BEARER_HEADERS);
  const text = await response.text();
  const chunks = text.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as Record<string, any>);
  return { text, chunks };
}

describe('OpenAI-compatible servers', () => {
  it('Ollama: each tool call whole in a chunk of its own, every one at index 0; thinking as `reasoning`', async () => {
    const { chunks } = await stream('ollama', { tools, messages: [{ role: 'user', content: '[[tools:get_weather,get_time]] [[reasoning]] go' }] });
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls.map((call) => [call.index, call.function.name, JSON.parse(call.function.arguments)])).toEqual([[0, 'get_weather', { city: 'sample city' }], [0, 'get_time', { zone: 'sample zone' }]]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
    expect(chunks.some((chunk) => typeof chunk.choices[0]?.delta.reasoning === 'string')).toBe(true);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
  });

  it('Ollama before 0.5.2: no usage even when asked, and a streamed tool call finishes with stop', async () => {
    const { text, chunks } = await stream('ollamaLegacy', { tools, stream_options: { include_usage: true }, messages: [{ role: 'user', content: '[[tool:get_weather]] go' }] });
    expect(text).not.toContain('"usage"');
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
  });

  it('vLLM: continuous_usage_stats puts the running usage on every chunk, then the final usage chunk', async () => {
    const { chunks } = await stream('vllm', { stream_options: { include_usage: true, continuous_usage_stats: true }, messages: [{ role: 'user', content: 'count [[long:4]]' }] });
    expect(chunks.every((chunk) => chunk.usage && chunk.usage.prompt_tokens > 0)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 4 } });
  });

  it('OpenRouter: processing comments first, reasoning_details beside reasoning, usage with its cost', async () => {
    const { text, chunks } = await stream('openrouter', { stream_options: { include_usage: true }, messages: [{ role: 'user', content: '[[reasoning]] hi' }] });
    expect(text.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    expect(chunks.find((chunk) => chunk.choices[0]?.delta.reasoning)?.choices[0].delta.reasoning_details).toEqual([expect.objectContaining({ type: 'reasoning.text' })]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { cost: expect.any(Number) } });
  });

  it('OpenRouter: an error once the model answers is a 200 whose body is the error', async () => {
    const response = await postJson(`${upstream.simulator.baseUrls.openrouter}/chat/completions`, { model: 'qwen3:8b', messages: [{ role: 'user', content: '[[fault:error-after=0]] hi' }] }, BEARER_HEADERS);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: { code: 502, message: expect.any(String) } });
  });
});
