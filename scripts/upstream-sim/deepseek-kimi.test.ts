import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';

let simulator: UpstreamSimulator;
let deepseek: OpenAI;
let kimi: OpenAI;

beforeAll(async () => {
  simulator = await startUpstreamSimulator();
  deepseek = new OpenAI({ apiKey: 'any-key', baseURL: simulator.baseUrls.deepseek, maxRetries: 0 });
  kimi = new OpenAI({ apiKey: 'any-key', baseURL: simulator.baseUrls.kimi, maxRetries: 0 });
});
afterAll(() => simulator.close());

/** Extra fields the OpenAI types do not know about. */
type WithReasoning = { reasoning_content?: string | null };

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];

describe('DeepSeek', () => {
  it('answers deepseek-flash with reasoning_content (thinking is on by default) and cache-hit usage fields', async () => {
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'How many r in strawberry? [[cached:4]]' }] });
    const message = completion.choices[0]!.message as typeof completion.choices[0]['message'] & WithReasoning;
    expect(message.reasoning_content).toContain('How many r in strawberry?');
    const usage = completion.usage as unknown as Record<string, unknown>;
    expect(usage.prompt_cache_hit_tokens).toBe(4);
    expect(usage.prompt_cache_miss_tokens).toBe(completion.usage!.prompt_tokens - 4);
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: 4 });
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams reasoning_content deltas before content, usage on the finishing chunk', async () => {
    const stream = await deepseek.chat.completions.create({ model: 'deepseek-v4-pro', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hello' }] });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.map((chunk) => chunk.choices[0]!.delta as WithReasoning & { content?: string | null });
    const firstContent = deltas.findIndex((delta) => delta.content);
    const lastReasoning = deltas.findLastIndex((delta) => delta.reasoning_content);
    expect(lastReasoning).toBeGreaterThan(0);
    expect(firstContent).toBeGreaterThan(lastReasoning);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_cache_miss_tokens: chunks.at(-1)!.usage!.prompt_tokens });
  });

  it('calls tools after reasoning with "" content, like the recording', async () => {
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-flash', tools, messages: [{ role: 'user', content: 'Weather? [[tool:weather]]' }] });
    const message = completion.choices[0]!.message as typeof completion.choices[0]['message'] & WithReasoning;
    expect(message.content).toBe('');
    expect(message.reasoning_content).toBeTruthy();
    expect(message.tool_calls).toHaveLength(1);
  });

  it('thinks not when the request turns thinking off, nor under the legacy Flash name with it off', async () => {
    for (const model of ['deepseek-flash', 'deepseek-v4-flash']) {
      const completion = await deepseek.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], thinking: { type: 'disabled' } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming);
      expect((completion.choices[0]!.message as WithReasoning).reasoning_content).toBeUndefined();
      expect(completion.choices[0]!.message.content).toBe(`Simulated answer from ${model}: hi`);
    }
  });

  it('refuses the retired deepseek-chat and deepseek-reasoner, and any name it does not serve, with its "Model Not Exist"', async () => {
    for (const model of ['deepseek-chat', 'deepseek-reasoner', 'deepseek-v3']) {
      await expect(deepseek.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
    }
    const listed = await deepseek.models.list();
    expect(listed.data.map((model) => model.id)).toEqual(['deepseek-flash', 'deepseek-v4-pro']);
  });

  it('refuses the developer role and json_schema, and json_object from a prompt that never says "json", as the real API does', async () => {
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'developer', content: 'Be terse' }, { role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', message: expect.stringContaining('messages[0].role: unknown variant `developer`, expected one of `system`, `user`, `assistant`, `tool`') } });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', response_format: { type: 'json_schema', json_schema: { name: 'city', schema } }, messages: [{ role: 'user', content: 'A city, as json' }] })).rejects.toMatchObject({ status: 400, error: { message: 'This response_format type is unavailable now' } });
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'A city' }] })).rejects.toMatchObject({ status: 400, error: { message: "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'." } });
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-flash', response_format: { type: 'json_object' }, messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'A city' }] });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ answer: 'Simulated answer from deepseek-flash' });
  });

  it('refuses content parts on system, assistant and tool messages, as the real API does, and takes them on user messages', async () => {
    const parts = (text: string) => [{ type: 'text' as const, text }];
    const refusal = (index: number) => ({ status: 400, error: { type: 'invalid_request_error', code: 'invalid_request_error', message: `Failed to deserialize the JSON body into the target type: messages[${index}]: invalid type: sequence, expected a string` } });
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'system', content: parts('Be terse') }, { role: 'user', content: 'hi' }] })).rejects.toMatchObject(refusal(0));
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: parts('Hello') }, { role: 'user', content: 'again' }] })).rejects.toMatchObject(refusal(1));
    const call = { id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '{}' } };
    await expect(deepseek.chat.completions.create({ model: 'deepseek-flash', tools, messages: [{ role: 'user', content: 'Weather?' }, { role: 'assistant', content: '', tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: parts('Sunny') }] })).rejects.toMatchObject(refusal(2));
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: parts('hi') }] });
    expect(completion.choices[0]!.message.content).toBe('Simulated answer from deepseek-flash: hi');
  });

  it('thinking, refuses a tool-call turn sent back without its reasoning_content, in DeepSeek\'s words; takes it with the reasoning, or with thinking off', async () => {
    const call = { id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '{}' } };
    const loop = (reasoning?: string): OpenAI.Chat.Completions.ChatCompletionMessageParam[] => [
      { role: 'user', content: 'Weather? [[tool:weather]]' },
      { role: 'assistant', content: '', ...(reasoning === undefined ? {} : { reasoning_content: reasoning }), tool_calls: [call] } as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      { role: 'user', content: 'Thanks. And tomorrow?' },
    ];
    const refusal = { status: 400, error: { message: 'The `reasoning_content` in the thinking mode must be passed back to the API.', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } };
    for (const model of ['deepseek-flash', 'deepseek-v4-pro']) {
      await expect(deepseek.chat.completions.create({ model, tools, messages: loop() })).rejects.toMatchObject(refusal);
      await expect(deepseek.chat.completions.create({ model, tools, messages: loop('') })).rejects.toMatchObject(refusal);
    }
    await expect(deepseek.chat.completions.create({ model: 'deepseek-v4-pro', tools, messages: loop('Need the tool.') })).resolves.toBeDefined();
    const off = { model: 'deepseek-v4-pro', tools, messages: loop(), thinking: { type: 'disabled' } };
    await expect(deepseek.chat.completions.create(off as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming)).resolves.toBeDefined();
  });

  it('also answers under the /v1 base URL', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${simulator.baseUrls.deepseek}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('Simulated answer from deepseek-flash: hi');
  });
});

describe('Kimi (Moonshot)', () => {
  it('reasons with reasoning_content when asked and reports cached_tokens', async () => {
    const completion = await kimi.chat.completions.create({ model: 'kimi-k2-thinking', messages: [{ role: 'user', content: 'Think about this [[cached:2]]' }] });
    const message = completion.choices[0]!.message as typeof completion.choices[0]['message'] & WithReasoning;
    expect(message.reasoning_content).toContain('Think about this');
    expect(completion.usage).toMatchObject({ cached_tokens: 2, completion_tokens_details: { reasoning_tokens: expect.any(Number) } });
  });

  it('streams usage on the finishing chunk even without include_usage', async () => {
    const stream = await kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', stream: true, messages: [{ role: 'user', content: 'Hello [[reasoning]]' }] });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((chunk) => (chunk.choices[0]?.delta as WithReasoning).reasoning_content)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: { completion_tokens: expect.any(Number) } });
    expect(chunks.slice(0, -1).every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('refuses the developer role, as the real API does, and answers json_schema in the schema\'s shape', async () => {
    await expect(kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', messages: [{ role: 'developer', content: 'Be terse' }, { role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', message: 'unsupported role ROLE_UNSPECIFIED' } });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const completion = await kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', response_format: { type: 'json_schema', json_schema: { name: 'city', schema } }, messages: [{ role: 'user', content: 'A city' }] });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: expect.any(String) });
  });

  it('names tool calls as Kimi K2 does: functions.<name>:<index>, the index counting the conversation\'s calls', async () => {
    const question = { role: 'user' as const, content: 'Weather? [[tool:weather]]' };
    const completion = await kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', tools, messages: [question] });
    const first = completion.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(first.id).toBe('functions.weather:0');
    const history: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      question,
      { role: 'assistant', content: null, tool_calls: [first, { ...first, id: 'functions.weather:1' }] },
      { role: 'tool', tool_call_id: first.id, content: 'Sunny' },
      { role: 'tool', tool_call_id: 'functions.weather:1', content: 'Windy' },
      { role: 'user', content: 'And tomorrow? [[tools:weather,weather]]' },
    ];
    const next = await kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', tools, messages: history });
    expect(next.choices[0]!.message.tool_calls?.map((call) => call.id)).toEqual(['functions.weather:2', 'functions.weather:3']);
    const streamed = await kimi.chat.completions.create({ model: 'kimi-k2-0905-preview', tools, messages: history, stream: true });
    const ids: string[] = [];
    for await (const chunk of streamed) for (const call of chunk.choices[0]?.delta.tool_calls ?? []) if (call.id) ids.push(call.id);
    expect(ids).toEqual(['functions.weather:2', 'functions.weather:3']);
  });

  it('accepts reasoning_content passed back on a tool-call turn and answers with the result', async () => {
    const completion = await kimi.chat.completions.create({
      model: 'kimi-k2-0905-preview', tools,
      messages: [
        { role: 'user', content: 'Weather? [[tool:weather]]' },
        { role: 'assistant', content: null, reasoning_content: 'Need the tool.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] } as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
    });
    expect(completion.choices[0]!.message.content).toContain('Sunny');
  });

  describe('K2.5 and K2.6, whose thinking a request switches and whose temperature is their own', () => {
    type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming & { thinking?: { type: string } };
    const create = (params: Params) => kimi.chat.completions.create(params);
    const toolTurn = (reasoning?: string): OpenAI.Chat.Completions.ChatCompletionMessageParam[] => [
      { role: 'user', content: 'Weather? [[tool:weather]]' },
      { role: 'assistant', content: null, ...(reasoning ? { reasoning_content: reasoning } : {}), tool_calls: [{ id: 'functions.weather:0', type: 'function', function: { name: 'weather', arguments: '{}' } }] } as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
      { role: 'tool', tool_call_id: 'functions.weather:0', content: 'Sunny' },
    ];

    it.each(['kimi-k2.5', 'kimi-k2.6'])('%s thinks unless thinking: {type: "disabled"}', async (model) => {
      const thinking = await create({ model, messages: [{ role: 'user', content: 'hi' }] });
      expect((thinking.choices[0]!.message as WithReasoning).reasoning_content).toContain('hi');
      const plain = await create({ model, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'hi' }] });
      expect(plain.choices[0]!.message).not.toHaveProperty('reasoning_content');
    });

    it('refuses a temperature other than 1 thinking and 0.6 not, in Moonshot\'s words', async () => {
      await expect(create({ model: 'kimi-k2.5', temperature: 0.7, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', message: 'invalid temperature: only 1 is allowed for this model' } });
      await expect(create({ model: 'kimi-k2.5', temperature: 1, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, error: { message: 'invalid temperature: only 0.6 is allowed for this model' } });
      await expect(create({ model: 'kimi-k2.5', temperature: 1, messages: [{ role: 'user', content: 'hi' }] })).resolves.toBeDefined();
      await expect(create({ model: 'kimi-k2-0905-preview', temperature: 0.3, messages: [{ role: 'user', content: 'hi' }] })).resolves.toBeDefined();
    });

    it('thinking, refuses a tool-call turn sent back without its reasoning_content', async () => {
      await expect(create({ model: 'kimi-k2.5', tools, messages: toolTurn() })).rejects.toMatchObject({ status: 400, error: { message: 'thinking is enabled but reasoning_content is missing in assistant tool call message at index 1' } });
      expect((await create({ model: 'kimi-k2.5', tools, messages: toolTurn('Need the tool.') })).choices[0]!.message.content).toContain('Sunny');
      expect((await create({ model: 'kimi-k2.5', tools, thinking: { type: 'disabled' }, messages: toolTurn() })).choices[0]!.message.content).toContain('Sunny');
    });
  });
});
