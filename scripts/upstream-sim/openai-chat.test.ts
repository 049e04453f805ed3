import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useOpenAiSimulator } from './test-support';

const upstream = useOpenAiSimulator();

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } } } } },
];

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<OpenAI.Chat.Completions.ChatCompletionChunk[]> {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('OpenAI Chat Completions', () => {
  it('answers text with usage', async () => {
    const completion = await upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name a holiday' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe('Simulated answer from gpt-4.1: Name a holiday');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ completion_tokens: 7, total_tokens: completion.usage!.prompt_tokens + 7 });
  });

  it('streams chunks, a final usage chunk with no choices, then [DONE]', async () => {
    const chunks = await collect(await upstream.client.chat.completions.create({ model: 'gpt-4.1', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count [[long:5]]' }] }));
    expect(chunks[0]!.choices[0]!.delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Simulated answer from gpt-4.1: Count');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 5 } });
    const response = await fetch(`${upstream.simulator.baseUrls.openai}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer test-key' }, body: JSON.stringify({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'x' }] }) });
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text).not.toContain('"usage"');
  });

  it('makes parallel tool calls, streamed as indexed deltas', async () => {
    const request = { model: 'gpt-4.1', tools, messages: [{ role: 'user' as const, content: 'Weather and time [[tools:get_weather,get_time]]' }] };
    const completion = await upstream.client.chat.completions.create(request);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = completion.choices[0]!.message.tool_calls!.map((call) => (call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : []));
    expect(calls).toEqual([['get_weather', { city: 'sample city' }], ['get_time', { zone: 'UTC' }]]);
    const chunks = await collect(await upstream.client.chat.completions.create({ ...request, stream: true }));
    const assembled = new Map<number, { id?: string; name?: string; arguments: string }>();
    for (const delta of chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])) {
      const entry = assembled.get(delta.index) ?? { arguments: '' };
      assembled.set(delta.index, { id: delta.id ?? entry.id, name: delta.function?.name ?? entry.name, arguments: entry.arguments + (delta.function?.arguments ?? '') });
    }
    expect([...assembled.values()].map((call) => [call.name, JSON.parse(call.arguments)])).toEqual(calls);
    expect([...assembled.values()].map((call) => call.id)).toEqual(completion.choices[0]!.message.tool_calls!.map((call) => call.id));
  });

  it('answers with the tool result after a round trip', async () => {
    const completion = await upstream.client.chat.completions.create({
      model: 'gpt-4.1', tools,
      messages: [
        { role: 'user', content: 'Weather? [[tool:get_weather]]' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Rainy, 12C' },
      ],
    });
    expect(completion.choices[0]!.message.content).toContain('Rainy, 12C');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('reports reasoning only as reasoning_tokens', async () => {
    const completion = await upstream.client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'Think [[reasoning]]' }] });
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    expect(completion.choices[0]!.message).not.toHaveProperty('reasoning_content');
    expect(completion.usage!.completion_tokens).toBe(completion.usage!.completion_tokens_details!.reasoning_tokens! + 5);
  });

  it('answers structured output that matches the schema', async () => {
    const completion = await upstream.client.chat.completions.create({
      model: 'gpt-4.1',
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer', minimum: 1000 } }, required: ['name', 'population'] } } },
      messages: [{ role: 'user', content: 'A city' }],
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ name: 'sample name', population: 1000 });
  });

  it('refuses max_tokens on a reasoning model with the recorded error', async () => {
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/openai/reasoning-model-legacy-parameter-error.json'), 'utf8'));
    const failure = upstream.client.chat.completions.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await expect(failure).rejects.toMatchObject({ status: 400, error: recorded.error });
  });

  it('refuses a reasoning effort the model does not take, as the real API does (o-series: no minimal; GPT-5.1: none, not minimal)', async () => {
    const ask = (model: string, effort: string) => upstream.client.chat.completions.create({ model, reasoning_effort: effort as 'low', messages: [{ role: 'user', content: 'x' }] });
    await expect(ask('o4-mini', 'minimal')).rejects.toMatchObject({ status: 400, error: { message: "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.", param: 'reasoning_effort', code: 'unsupported_value' } });
    await expect(ask('gpt-5.1', 'minimal')).rejects.toMatchObject({ status: 400, error: { message: "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', and 'high'." } });
    await expect(ask('gpt-5', 'none')).rejects.toMatchObject({ status: 400, error: { code: 'unsupported_value' } });
    await expect(ask('gpt-5-nano', 'minimal')).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(ask('o4-mini', 'low')).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('takes none to xhigh on GPT-5.5, GPT-5.4, GPT-5.4 mini and nano, and refuses minimal there', async () => {
    const ask = (model: string, effort: string) => upstream.client.chat.completions.create({ model, reasoning_effort: effort as 'low', messages: [{ role: 'user', content: 'x' }] });
    for (const model of ['gpt-5.5', 'gpt-5.4', 'gpt-5.4-mini', 'gpt-5.4-nano']) {
      for (const effort of ['none', 'low', 'medium', 'high', 'xhigh']) await expect(ask(model, effort)).resolves.toMatchObject({ object: 'chat.completion', model });
      await expect(ask(model, 'minimal')).rejects.toMatchObject({ status: 400, error: { message: "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', 'high', and 'xhigh'.", param: 'reasoning_effort', code: 'unsupported_value' } });
    }
    await expect(ask('gpt-5', 'xhigh')).rejects.toMatchObject({ status: 400, error: { code: 'unsupported_value' } });
  });

  it('refuses temperature and top_p on a reasoning model unless reasoning is off (none), as the real API does', async () => {
    const ask = (body: Record<string, unknown>) => upstream.client.chat.completions.create({ messages: [{ role: 'user', content: 'x' }], ...body } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    await expect(ask({ model: 'gpt-5', temperature: 0.2 })).rejects.toMatchObject({ status: 400, error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", param: 'temperature', code: 'unsupported_parameter' } });
    await expect(ask({ model: 'gpt-5.4-nano', reasoning_effort: 'low', top_p: 0.5 })).rejects.toMatchObject({ status: 400, error: { param: 'top_p', code: 'unsupported_parameter' } });
    await expect(ask({ model: 'o4-mini', temperature: 1 })).rejects.toMatchObject({ status: 400, error: { param: 'temperature' } });
    await expect(ask({ model: 'gpt-5.4-nano', reasoning_effort: 'none', temperature: 0.2 })).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(ask({ model: 'gpt-4.1', temperature: 0.2 })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('refuses a strict schema whose objects are open or leave a property optional, naming where, as the real API does', async () => {
    const format = (schema: Record<string, unknown>, strict: boolean) => ({ type: 'json_schema' as const, json_schema: { name: 'trip', schema, strict } });
    const ask = (response_format: OpenAI.ResponseFormatJSONSchema, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) => upstream.client.chat.completions.create({ model: 'gpt-4.1', response_format, messages: [{ role: 'user', content: 'x' }], ...extra });
    const optional = { type: 'object', properties: { stops: { type: 'array', items: { type: 'object', properties: { city: { type: 'string' }, note: { type: 'string' } }, required: ['city'], additionalProperties: false } } }, required: ['stops'], additionalProperties: false };
    await expect(ask(format(optional, true))).rejects.toMatchObject({ status: 400, error: { message: "Invalid schema for response_format 'trip': In context=('properties', 'stops', 'items'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'note'.", param: 'response_format' } });
    await expect(ask(format({ type: 'object', properties: {}, required: [] }, true))).rejects.toMatchObject({ status: 400, error: { message: "Invalid schema for response_format 'trip': In context=(), 'additionalProperties' is required to be supplied and to be false." } });
    await expect(ask(format(optional, false))).resolves.toMatchObject({ object: 'chat.completion' });
    const looseTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'look', strict: true, parameters: { type: 'object', properties: { q: { type: 'string' } } } } };
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', tools: [looseTool], messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("Invalid schema for function 'look': In context=(), 'additionalProperties'"), param: 'tools[0].function.parameters' } });
  });

  it('refuses more than four stop sequences, as the real API does', async () => {
    const failure = upstream.client.chat.completions.create({ model: 'gpt-4.1', stop: ['a', 'b', 'c', 'd', 'e'], messages: [{ role: 'user', content: 'x' }] });
    await expect(failure).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("Invalid 'stop': array too long. Expected an array with maximum length 4") } });
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', stop: ['a', 'b', 'c', 'd'], messages: [{ role: 'user', content: 'x' }] })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('refuses a tool call id longer than 40 characters, on the call or its result, as the real API does', async () => {
    const conversation = (id: string) => [
      { role: 'user' as const, content: 'x' },
      { role: 'assistant' as const, content: null, tool_calls: [{ id, type: 'function' as const, function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool' as const, tool_call_id: id, content: 'done' },
    ];
    const tooLong = `call_${'x'.repeat(36)}`;
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: conversation(tooLong) })).rejects.toMatchObject({ status: 400, error: { message: "Invalid 'messages[1].tool_calls[0].id': string too long. Expected a string with maximum length 40, but got a string with length 41 instead." } });
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: conversation(tooLong.slice(0, 40)) })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('refuses a file in a tool message (text only) and an inline file without its filename, as the real API does', async () => {
    const file = { type: 'file' as const, file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } };
    const loop = (result: OpenAI.Chat.Completions.ChatCompletionMessageParam[]) => [
      { role: 'user' as const, content: 'x' },
      { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'f', arguments: '{}' } }] },
      ...result,
    ];
    const inTool = { role: 'tool', tool_call_id: 'call_1', content: [file] } as unknown as OpenAI.Chat.Completions.ChatCompletionToolMessageParam;
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: loop([inTool]) })).rejects.toMatchObject({ status: 400, error: { message: "Invalid value: 'file'. Supported values are: 'text'.", param: 'messages[2].content[0].type', code: 'invalid_value' } });
    const nameless = { type: 'file' as const, file: { file_data: file.file.file_data } };
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: loop([{ role: 'tool', tool_call_id: 'call_1', content: 'read' }, { role: 'user', content: [nameless] }]) }))
      .rejects.toMatchObject({ status: 400, error: { message: "Missing required parameter: 'messages[3].content[0].file.file_id'.", code: 'missing_required_parameter' } });
    await expect(upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: loop([{ role: 'tool', tool_call_id: 'call_1', content: 'read' }, { role: 'user', content: [file] }]) })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('answers errors in OpenAI shape: 401 and 429 with retry-after', async () => {
    const wrongKey = new OpenAI({ apiKey: 'wrong', baseURL: upstream.simulator.baseUrls.openai, maxRetries: 0 });
    await expect(wrongKey.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const limited = await upstream.client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x [[fault:status=429,retry-after=7]]' }] }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
  });

  it('lists models', async () => {
    const ids = [];
    for await (const model of upstream.client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-5');
  });
});
