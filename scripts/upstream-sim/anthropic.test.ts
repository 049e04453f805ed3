import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';
import { ANTHROPIC_HEADERS, postJson, readEvents } from './test-support';

let simulator: UpstreamSimulator;
let client: Anthropic;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ apiKey: 'test-key' });
  client = new Anthropic({ apiKey: 'test-key', baseURL: simulator.baseUrls.anthropic, maxRetries: 0 });
});
afterAll(() => simulator.close());

/** What a streamed message and a plain one must agree on (the SDK adds helper fields to streamed ones). */
function essentials(message: Anthropic.Message): unknown {
  return { id: message.id, model: message.model, content: message.content, stop_reason: message.stop_reason, usage: message.usage };
}

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
};

describe('Anthropic Messages', () => {
  it('answers text that echoes the prompt, with usage and stop reason', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 200, messages: [{ role: 'user', content: 'Tell me about otters please' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Simulated answer from claude-sonnet-4-6: Tell me about otters please' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(9);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it('refuses a model Anthropic has retired as Anthropic does: 404 not_found_error naming it', async () => {
    for (const model of ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022']) {
      const refusal = await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(refusal, model).toBeInstanceOf(Anthropic.NotFoundError);
      expect(refusal).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } } });
      await expect(client.messages.countTokens({ model, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    }
  });

  it('is deterministic: the same request gets the same body', async () => {
    const request = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'same' }] };
    expect(await client.messages.create(request)).toEqual(await client.messages.create(request));
  });

  it('streams the full event sequence, which the SDK assembles into the same message', async () => {
    const request = { model: 'claude-sonnet-4-6', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Stream this [[long:12]]' }] };
    const events = await readEvents(await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { ...request, stream: true }, ANTHROPIC_HEADERS));
    const names = events.map((event) => event.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.filter((name) => name === 'content_block_delta')).toHaveLength(12);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    for (const event of events) expect(JSON.parse(event.data).type).toBe(event.event);
    const streamed = await client.messages.stream(request).finalMessage();
    expect(essentials(streamed)).toEqual(essentials(await client.messages.create(request)));
  });

  it('calls a tool with arguments from its schema, and answers with the tool result on the next turn', async () => {
    const first = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris? [[tool:get_weather]]' }] });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'sample city', unit: 'celsius' } });
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6', max_tokens: 200, tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris? [[tool:get_weather]]' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.type === 'tool_use' ? call!.id : '', content: '21 degrees and sunny' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('21 degrees and sunny') });
  });

  it('refuses a thinking block without a signature (reasoning Claude did not sign), naming the block', async () => {
    const messages = (signature: string): Anthropic.MessageParam[] => [
      { role: 'user', content: '2+2?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Adding.', signature }, { type: 'text', text: '4' }] },
      { role: 'user', content: 'And 3+3?' },
    ];
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: messages('') }))
      .rejects.toMatchObject({ status: 400, error: { error: { message: 'messages.1.content.0: Invalid `signature` in `thinking` block' } } });
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: messages('EqQBCkYIBxgCKkDk') })).resolves.toMatchObject({ type: 'message' });
  });

  it('refuses a tool id with characters outside [a-zA-Z0-9_-], naming the block, as the real API does', async () => {
    const messages = (id: string): Anthropic.MessageParam[] => [
      { role: 'user', content: 'Weather? [[tool:get_weather]]' },
      { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'sunny' }] },
    ];
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, tools: [weatherTool], messages: messages('functions.get_weather:0') }))
      .rejects.toMatchObject({ status: 400, error: { error: { message: "messages.1.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'" } } });
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, tools: [weatherTool], messages: messages('functions_get_weather_0') })).resolves.toMatchObject({ type: 'message' });
  });

  it('streams a tool call as input_json_delta pieces the SDK parses back', async () => {
    const message = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 200, tools: [weatherTool], tool_choice: { type: 'tool', name: 'get_weather' }, messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { city: 'sample city', unit: 'celsius' } })]);
  });

  it('thinks first, with a signature, in both forms', async () => {
    const request = { model: 'claude-sonnet-4-6', max_tokens: 500, thinking: { type: 'enabled' as const, budget_tokens: 100 }, messages: [{ role: 'user' as const, content: 'Think about it' }] };
    const message = await client.messages.create(request);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(message.content[0]).toMatchObject({ thinking: expect.stringContaining('Think about it'), signature: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/) });
    const events = await readEvents(await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { ...request, stream: true }, ANTHROPIC_HEADERS));
    const deltaTypes = events.filter((event) => event.event === 'content_block_delta').map((event) => JSON.parse(event.data).delta.type);
    expect(deltaTypes).toContain('thinking_delta');
    expect(deltaTypes).toContain('signature_delta');
    expect(essentials(await client.messages.stream(request).finalMessage())).toEqual(essentials(message));
  });

  it('counts tokens the way message_start reports them', async () => {
    const request = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'Count me, please, all of me' }], system: 'Be brief.' };
    const counted = await client.messages.countTokens(request);
    const message = await client.messages.create({ ...request, max_tokens: 10 });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
  });

  it('counts a structured-output schema as input, on count_tokens as on create, and refuses the beta field without its beta there too', async () => {
    const format = { type: 'json_schema' as const, schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false } };
    const request = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'The largest city of France, as JSON' }] };
    const plain = (await client.messages.countTokens(request)).input_tokens;
    const structured = { ...request, output_config: { format } };
    const counted = (await client.messages.countTokens(structured)).input_tokens;
    expect(counted).toBeGreaterThan(plain);
    expect((await client.messages.create({ ...structured, max_tokens: 50 })).usage.input_tokens).toBe(counted);
    const withoutBeta = await postJson(`${simulator.baseUrls.anthropic}/v1/messages/count_tokens`, { ...request, output_format: format }, ANTHROPIC_HEADERS);
    expect([withoutBeta.status, ((await withoutBeta.json()) as { error: { message: string } }).error.message]).toEqual([400, 'output_format: Extra inputs are not permitted']);
  });

  it('counts server tools and MCP servers as input, as create\'s usage does', async () => {
    const request = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'Search the news' }] };
    const plain = (await client.messages.countTokens(request)).input_tokens;
    const withSearch = { ...request, tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 }] };
    const searching = (await client.messages.countTokens(withSearch)).input_tokens;
    expect(searching).toBeGreaterThan(plain);
    expect((await client.messages.create({ ...withSearch, max_tokens: 50 })).usage.input_tokens).toBe(searching);
    const withMcp = { ...request, mcp_servers: [{ type: 'url' as const, url: 'https://mcp.example.com/sse', name: 'example' }], betas: ['mcp-client-2025-04-04' as const] };
    expect((await client.beta.messages.countTokens(withMcp)).input_tokens).toBeGreaterThan(plain);
  });

  it('refuses on count_tokens what only create takes, as unknown fields', async () => {
    const request = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] };
    for (const [field, value] of [['max_tokens', 100], ['stream', false], ['temperature', 1], ['stop_sequences', ['END']], ['metadata', { user_id: 'u' }]] as const) {
      const refused = await postJson(`${simulator.baseUrls.anthropic}/v1/messages/count_tokens`, { ...request, [field]: value }, ANTHROPIC_HEADERS);
      expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([400, `${field}: Extra inputs are not permitted`]);
    }
  });

  it('answers a count with context_management as Anthropic does (original_input_tokens), and refuses the field without its beta, on create too', async () => {
    const request = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'Count my context' }] };
    const contextManagement = { edits: [{ type: 'clear_tool_uses_20250919' as const }] };
    const plain = await client.beta.messages.countTokens(request);
    expect(plain.context_management ?? null).toBeNull();
    const counted = await client.beta.messages.countTokens({ ...request, context_management: contextManagement, betas: ['context-management-2025-06-27'] });
    expect(counted).toEqual({ input_tokens: plain.input_tokens, context_management: { original_input_tokens: plain.input_tokens } });
    for (const path of ['/v1/messages/count_tokens', '/v1/messages']) {
      const withoutBeta = await postJson(`${simulator.baseUrls.anthropic}${path}`, { ...request, ...(path === '/v1/messages' ? { max_tokens: 10 } : {}), context_management: contextManagement }, ANTHROPIC_HEADERS);
      expect([withoutBeta.status, ((await withoutBeta.json()) as { error: { message: string } }).error.message], path).toEqual([400, 'context_management: Extra inputs are not permitted']);
    }
  });

  it('reports cached input apart from input_tokens', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'A long enough prompt to have some cached tokens [[cached:5]]' }] });
    const total = (await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'A long enough prompt to have some cached tokens [[cached:5]]' }] })).input_tokens;
    expect(message.usage.cache_read_input_tokens).toBe(5);
    expect(message.usage.input_tokens).toBe(total - 5);
  });

  it('stops at max_tokens', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 3, messages: [{ role: 'user', content: 'one two three four five' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });

  it('refuses a request with no messages, as the real API does', async () => {
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, system: 'Be brief.', messages: [] })).rejects.toMatchObject({ status: 400, error: { error: { message: 'messages: at least one message is required' } } });
  });

  it('refuses a temperature above 1, as the real API does', async () => {
    // This SDK's types no longer list `temperature`; the API still takes it.
    const withTemperature = (temperature: number) => ({ model: 'claude-sonnet-4-6', max_tokens: 10, temperature, messages: [{ role: 'user', content: 'x' }] }) as unknown as Anthropic.MessageCreateParamsNonStreaming;
    await expect(client.messages.create(withTemperature(1.5))).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(client.messages.create(withTemperature(1))).resolves.toMatchObject({ type: 'message' });
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('claude-sonnet-4-5-20250929');
  });

  it('refuses a missing anthropic-version header and a wrong key like the real API', async () => {
    const response = await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { model: 'm', max_tokens: 1, messages: [] }, { 'x-api-key': 'test-key' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    const wrongKey = new Anthropic({ apiKey: 'wrong', baseURL: simulator.baseUrls.anthropic, maxRetries: 0 });
    await expect(wrongKey.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('answers 529 overloaded_error, and a mid-stream `event: error` the SDK raises', async () => {
    const overloaded = client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x [[fault:status=529]]' }] });
    await expect(overloaded).rejects.toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });
    const stream = client.messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x [[fault:error-after=3]]' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });
});

describe('Anthropic structured outputs', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };
  const body = (model: string, extra: Record<string, unknown>) => ({ model, max_tokens: 200, messages: [{ role: 'user' as const, content: 'Plan a trip' }], ...extra });
  const create = (params: Record<string, unknown>, betas?: string) => client.messages.create(params as unknown as Anthropic.MessageCreateParamsNonStreaming, betas ? { headers: { 'anthropic-beta': betas } } : {});

  it('answers JSON matching the schema, to output_config.format and to the beta\'s output_format with its header', async () => {
    for (const message of [
      await create(body('claude-sonnet-4-5-20250929', { output_config: { format: { type: 'json_schema', schema } } })),
      await create(body('claude-opus-4-5-20251101', { output_format: { type: 'json_schema', schema } }), 'context-management-2025-06-27, structured-outputs-2025-11-13'),
    ]) {
      const text = (message.content[0] as Anthropic.TextBlock).text;
      expect(JSON.parse(text)).toEqual({ city: expect.any(String), days: expect.any(Number) });
    }
  });

  it('refuses output_format without the beta header, and structured outputs on a model without them, as the real API does', async () => {
    await expect(create(body('claude-sonnet-4-6', { output_format: { type: 'json_schema', schema } }))).rejects.toMatchObject({ status: 400, error: { error: { message: 'output_format: Extra inputs are not permitted' } } });
    await expect(create(body('claude-3-haiku-20240307', { output_config: { format: { type: 'json_schema', schema } } }))).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('does not support structured outputs') } } });
    await expect(create(body('claude-3-haiku-20240307', { output_format: { type: 'json_schema', schema } }), 'structured-outputs-2025-11-13')).rejects.toMatchObject({ status: 400 });
  });
});
