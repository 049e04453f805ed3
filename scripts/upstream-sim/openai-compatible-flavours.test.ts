import { describe, expect, it } from 'vitest';
import { BEARER_HEADERS, postJson, useOpenAiSimulator } from './test-support';

const upstream = useOpenAiSimulator();

const tools = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];

/** A streamed answer of one server: its raw text and its JSON chunks. */
async function stream(server: 'ollama' | 'ollamaLegacy' | 'vllm' | 'openrouter' | 'groq' | 'bare', body: Record<string, unknown>): Promise<{ text: string; chunks: Record<string, any>[] }> {
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

  it('OpenRouter: an in-band error carries the code asked for, a 429 with its retry-after', async () => {
    const response = await postJson(`${upstream.simulator.baseUrls.openrouter}/chat/completions`, { model: 'qwen3:8b', messages: [{ role: 'user', content: '[[fault:error-after=0,error-code=429,retry-after=7]] hi' }] }, BEARER_HEADERS);
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ error: { code: 429, message: expect.any(String) } });
  });

  it('OpenRouter: a stream\'s error is a chunk with the numeric code beside a choice finished by it', async () => {
    const { chunks } = await stream('openrouter', { messages: [{ role: 'user', content: '[[fault:error-after=4,error-code=503]] hello there' }] });
    expect(chunks.at(-1)).toMatchObject({ id: chunks[0]!.id, object: 'chat.completion.chunk', error: { code: 503, message: expect.any(String) }, choices: [{ finish_reason: 'error' }] });
  });

  it('Groq: a stream reports its usage inside x_groq on the finishing chunk, and no usage of its own', async () => {
    const { chunks } = await stream('groq', { stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'count [[long:3]]' }] });
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], x_groq: { id: expect.stringMatching(/^req_/), usage: { prompt_tokens: expect.any(Number), completion_tokens: 3, queue_time: expect.any(Number) } } });
  });

  it('a bare server sends no ids, no usage in an answer, and none in a stream', async () => {
    const answer = await postJson(`${upstream.simulator.baseUrls.bare}/chat/completions`, { model: 'm', tools, messages: [{ role: 'user', content: '[[tool:get_weather]] go' }] }, BEARER_HEADERS).then((response) => response.json() as Promise<Record<string, any>>);
    expect(answer).not.toHaveProperty('id');
    expect(answer).not.toHaveProperty('usage');
    expect(answer.choices[0].message.tool_calls).toEqual([{ type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } }]);
    const { text, chunks } = await stream('bare', { tools, stream_options: { include_usage: true }, messages: [{ role: 'user', content: '[[tool:get_weather]] go' }] });
    expect(text).not.toContain('"usage"');
    expect(chunks.every((chunk) => !('id' in chunk))).toBe(true);
    expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).every((call: Record<string, unknown>) => !('id' in call))).toBe(true);
  });
});
