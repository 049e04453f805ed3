import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type RecordedRequest } from './index';
import { BEARER_HEADERS, postJson, readEvents, useOpenAiSimulator } from './test-support';

const upstream = useOpenAiSimulator();

/** A request either way: `create` answers it whole, `stream` as events. */
type Params = Omit<OpenAI.Responses.ResponseCreateParams, 'stream'>;

const weatherTool: OpenAI.Responses.FunctionTool = { type: 'function', name: 'get_weather', strict: true, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };
const patchTool: OpenAI.Responses.CustomTool = { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?' } };
const reasoningRequest: Params = { model: 'gpt-5', input: 'Plan a trip', store: false, include: ['reasoning.encrypted_content'], reasoning: { effort: 'low', summary: 'auto' } };

const tokens = (text: string) => Math.ceil(text.length / 4);

async function streamed(params: Params, options?: OpenAI.RequestOptions): Promise<{ events: OpenAI.Responses.ResponseStreamEvent[]; final: OpenAI.Responses.Response }> {
  const stream = upstream.client.responses.stream(params, options);
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, final: await stream.finalResponse() };
}

function postResponses(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(`${upstream.simulator.baseUrls.openai}/responses`, body, { ...BEARER_HEADERS, ...headers });
}

async function lastRecorded(): Promise<RecordedRequest> {
  const { requests } = (await (await fetch(`${upstream.simulator.url}/__sim/requests?provider=openai`)).json()) as { requests: RecordedRequest[] };
  return requests.at(-1)!;
}

describe('OpenAI Responses: text', () => {
  it('answers a message item with usage counted like the chat endpoint', async () => {
    const response = await upstream.client.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Name a holiday' });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4.1', created_at: 1_767_225_600, background: false, error: null, incomplete_details: null, instructions: 'Be brief.', previous_response_id: null, store: true, truncation: 'disabled', text: { format: { type: 'text' }, verbosity: 'medium' } });
    expect(response.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(response.output).toEqual([{ id: expect.stringMatching(/^msg_[0-9a-f]{50}$/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Simulated answer from gpt-4.1: Name a holiday', annotations: [], logprobs: [] }] }]);
    expect(response.output_text).toBe('Simulated answer from gpt-4.1: Name a holiday');
    const inputTokens = tokens('Be brief.\nName a holiday');
    expect(response.usage).toEqual({ input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + 7 });
  });

  it('streams named, numbered events the SDK accumulates into the same response', async () => {
    const params: Params = { model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Count [[long:3]]' }] }] };
    const { events, final } = await streamed(params);
    expect(events.map((event) => event.type)).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    expect(events[0]).toMatchObject({ response: { status: 'in_progress', output: [], usage: null } });
    expect(events[2]).toMatchObject({ output_index: 0, item: { type: 'message', status: 'in_progress', content: [] } });
    expect(events[4]).toMatchObject({ delta: 'Simulated', content_index: 0, output_index: 0, logprobs: [], obfuscation: expect.any(String) });
    expect(final.output_text).toBe('Simulated answer from');
    expect(final.usage).toMatchObject({ output_tokens: 3, input_tokens: tokens('Count [[long:3]]') });
    const body = await (await postResponses(params)).json();
    expect(events.at(-1)).toEqual({ type: 'response.completed', sequence_number: events.length - 1, response: body });
    expect(final).toMatchObject(body);
  });

  it('frames events as `event: type`, ends without [DONE], and repeats itself byte for byte', async () => {
    const body = { model: 'gpt-4.1', input: 'Same again', stream: true, stream_options: { include_obfuscation: false } };
    const first = await postResponses(body);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    const text = await first.text();
    expect(text.startsWith('event: response.created\ndata: {"type":"response.created","sequence_number":0,')).toBe(true);
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('obfuscation');
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: response.completed\n/);
    expect(await (await postResponses(body)).text()).toBe(text);
  });

  it('answers JSON from the text.format schema', async () => {
    const response = await upstream.client.responses.create({ model: 'gpt-4.1', input: 'A city', text: { format: { type: 'json_schema', name: 'city', schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer', minimum: 1000 } }, required: ['name', 'population'] } } } });
    expect(JSON.parse(response.output_text)).toEqual({ name: 'sample name', population: 1000 });
    expect(response.text!.format).toMatchObject({ type: 'json_schema', name: 'city' });
  });

  it('truncates at max_output_tokens: status incomplete, and refuses fewer than 16', async () => {
    const params: Params = { model: 'gpt-4.1', input: 'Go on [[long:40]]', max_output_tokens: 16 };
    const response = await upstream.client.responses.create(params);
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 16, usage: { output_tokens: 16 } });
    expect(response.output_text.split(' ')).toHaveLength(16);
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    const { events, final } = await streamed(params);
    expect(events.at(-1)!.type).toBe('response.incomplete');
    expect(final.output_text).toBe(response.output_text);
    await expect(upstream.client.responses.create({ ...params, max_output_tokens: 5 })).rejects.toMatchObject({ status: 400, error: { message: "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead.", param: 'max_output_tokens', code: 'integer_below_min_value' } });
  });

  it('reports [[cached:N]] as cached_tokens, inside input_tokens', async () => {
    const prompt = 'A long shared prefix that the cache would hold [[cached:5]]';
    const response = await upstream.client.responses.create({ model: 'gpt-4.1', input: prompt });
    expect(response.usage).toMatchObject({ input_tokens: tokens(prompt), input_tokens_details: { cached_tokens: 5 } });
  });
});

describe('OpenAI Responses: tools', () => {
  it('calls a function tool, streams its arguments, then answers with its output', async () => {
    const params: Params = { model: 'gpt-4.1', tools: [weatherTool], input: 'Weather in Paris? [[tool:get_weather]]' };
    const response = await upstream.client.responses.create(params);
    expect(response.output).toEqual([{ id: expect.stringMatching(/^fc_[0-9a-f]{50}$/), type: 'function_call', status: 'completed', arguments: '{"city":"sample city"}', call_id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), name: 'get_weather' }]);
    expect(response.usage!.output_tokens).toBe(tokens('get_weather{"city":"sample city"}'));
    const { events, final } = await streamed(params);
    expect(events.filter((event) => event.type === 'response.function_call_arguments.delta').length).toBeGreaterThan(0);
    expect(events[2]).toMatchObject({ type: 'response.output_item.added', item: { type: 'function_call', status: 'in_progress', arguments: '' } });
    expect(final.output).toMatchObject(response.output);
    const call = response.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    const answer = await upstream.client.responses.create({ ...params, input: [{ role: 'user', content: 'Weather in Paris? [[tool:get_weather]]' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'Rainy, 12C' }] });
    expect(answer.output_text).toBe('Simulated answer from gpt-4.1 using tool results: Rainy, 12C');
  });

  it('calls a custom tool with raw text from its grammar, streamed as input deltas', async () => {
    const params: Params = { model: 'gpt-5', reasoning: { effort: 'minimal' }, tools: [weatherTool, patchTool], tool_choice: { type: 'custom', name: 'apply_patch' }, input: 'Fix the bug' };
    const response = await upstream.client.responses.create(params);
    const call = response.output.at(-1) as OpenAI.Responses.ResponseCustomToolCall;
    expect(call).toEqual({ id: expect.stringMatching(/^ctc_[0-9a-f]{50}$/), type: 'custom_tool_call', status: 'completed', call_id: expect.stringMatching(/^call_/), name: 'apply_patch', input: '*** Begin Patch' });
    const { events, final } = await streamed(params);
    expect(events.filter((event) => event.type === 'response.custom_tool_call_input.delta').map((event) => (event as OpenAI.Responses.ResponseCustomToolCallInputDeltaEvent).delta).join('')).toBe('*** Begin Patch');
    expect(final.output.at(-1)).toEqual(call);
    const answer = await upstream.client.responses.create({ ...params, tool_choice: 'auto', input: [{ role: 'user', content: 'Fix the bug' }, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Patch applied' }] });
    expect(answer.output_text).toBe('Simulated answer from gpt-5 using tool results: Patch applied');
  });
});

describe('OpenAI Responses: reasoning', () => {
  it('reasons on GPT-5: summary when asked, encrypted_content when included, reasoning_tokens counted', async () => {
    const response = await upstream.client.responses.create(reasoningRequest);
    const [reasoning, message] = response.output as [OpenAI.Responses.ResponseReasoningItem, OpenAI.Responses.ResponseOutputMessage];
    const summary = 'Considering the request "Plan a trip" step by step before answering.';
    expect(reasoning).toEqual({ id: expect.stringMatching(/^rs_[0-9a-f]{50}$/), type: 'reasoning', encrypted_content: expect.stringMatching(/^gAAAAABpVbkA[A-Za-z0-9_-]+=*$/), summary: [{ type: 'summary_text', text: summary }] });
    expect(message.type).toBe('message');
    const reasoningWords = summary.split(' ').length;
    expect(response.usage).toMatchObject({ output_tokens: reasoningWords + 7, output_tokens_details: { reasoning_tokens: reasoningWords } });
    expect(response.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    const plain = await upstream.client.responses.create({ model: 'gpt-5', input: 'Plan a trip' });
    expect(plain.output[0]).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [] });
    for (const unreasoning of [{ model: 'gpt-5-chat-latest' }, { model: 'gpt-5.1', reasoning: { effort: 'none' as const } }]) {
      const answer = await upstream.client.responses.create({ ...unreasoning, input: 'Plan a trip' });
      expect(answer.output.map((item) => item.type)).toEqual(['message']);
    }
  });

  it('streams the summary as one part of word deltas', async () => {
    const { events, final } = await streamed(reasoningRequest);
    expect(events.slice(2, 5).map((event) => event.type)).toEqual(['response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta']);
    expect(events[2]).toMatchObject({ item: { type: 'reasoning', summary: [], encrypted_content: expect.any(String) } });
    const deltas = events.filter((event) => event.type === 'response.reasoning_summary_text.delta');
    expect(deltas).toHaveLength('Considering the request "Plan a trip" step by step before answering.'.split(' ').length);
    expect(final.output).toMatchObject((await upstream.client.responses.create(reasoningRequest)).output);
  });

  it('takes its own reasoning back with store: false, refusing a tampered or missing encrypted_content', async () => {
    const first = await upstream.client.responses.create(reasoningRequest);
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    const encrypted = reasoning.encrypted_content!;
    const followUp = (item: OpenAI.Responses.ResponseReasoningItem): Params => ({ ...reasoningRequest, input: [{ role: 'user', content: 'Plan a trip' }, item, first.output[1] as OpenAI.Responses.ResponseOutputMessage, { role: 'user', content: 'And back' }] });

    const accepted = await upstream.client.responses.create(followUp(reasoning));
    expect(accepted.status).toBe('completed');
    const withoutReasoning = await upstream.client.responses.create({ ...followUp(reasoning), input: [{ role: 'user', content: 'Plan a trip' }, first.output[1] as OpenAI.Responses.ResponseOutputMessage, { role: 'user', content: 'And back' }] });
    // The model reads the decrypted reasoning (and the line break that joins it) as input.
    const summary = (reasoning.summary[0]!).text;
    expect(accepted.usage!.input_tokens - withoutReasoning.usage!.input_tokens).toBeGreaterThanOrEqual(Math.floor((summary.length + 1) / 4));

    const flipped = `${encrypted.slice(0, 20)}${encrypted[20] === 'A' ? 'B' : 'A'}${encrypted.slice(21)}`;
    const tampered = await upstream.client.responses.create(followUp({ ...reasoning, encrypted_content: flipped })).catch((error: unknown) => error);
    expect(tampered).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tampered as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ message: `The encrypted content gAAA...${flipped.slice(-4)} could not be verified.`, type: 'invalid_request_error', param: null, code: 'invalid_encrypted_content' });
    expect(((await lastRecorded()).body as { input: { encrypted_content?: string }[] }).input[1]!.encrypted_content).toBe(flipped);
    await expect(upstream.client.responses.create(followUp({ ...reasoning, id: 'rs_someone_else' }))).rejects.toMatchObject({ status: 400, error: { code: 'invalid_encrypted_content' } });

    const { encrypted_content: _dropped, ...bare } = reasoning;
    const missing = await upstream.client.responses.create(followUp(bare)).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({ message: `Item with id '${reasoning.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, type: 'invalid_request_error', param: 'input', code: null });
  });
});

describe('OpenAI Responses: refusals and faults', () => {
  it('refuses unknown parameters (chat fields included), a missing input and a previous_response_id', async () => {
    for (const [name, value] of [['messages', [{ role: 'user', content: 'x' }]], ['max_tokens', 10], ['max_completion_tokens', 10], ['frobnicate', true]] as const) {
      await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: 'x', [name]: value } as Params)).rejects.toMatchObject({ status: 400, error: { message: `Unknown parameter: '${name}'.`, type: 'invalid_request_error', param: name, code: 'unknown_parameter' } });
    }
    await expect(upstream.client.responses.create({ model: 'gpt-4.1' })).rejects.toMatchObject({ status: 400, error: { message: "Missing required parameter: 'input'.", param: 'input', code: 'missing_required_parameter' } });
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: 'x', previous_response_id: 'resp_123' })).rejects.toMatchObject({ status: 400, error: { message: "Previous response with id 'resp_123' not found.", param: 'previous_response_id', code: 'previous_response_not_found' } });
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: 'x', background: true })).rejects.toMatchObject({ status: 400, error: { param: 'background' } });
  });

  it('takes text, images and files in a function call output, refusing other parts and an inline file without its filename', async () => {
    const input = (output: unknown) => [
      { role: 'user', content: 'x' }, { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'call_1', output },
    ] as Params['input'];
    const fileData = 'data:application/pdf;base64,JVBERi0=';
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: input([{ type: 'input_text', text: 'read' }, { type: 'input_file', filename: 'a.pdf', file_data: fileData }]) })).resolves.toMatchObject({ status: 'completed' });
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: input([{ type: 'input_file', file_data: fileData }]) })).rejects.toMatchObject({ status: 400, error: { message: "Missing required parameter: 'input[2].output[0].filename'.", code: 'missing_required_parameter' } });
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: input([{ type: 'output_text', text: 'read' }]) })).rejects.toMatchObject({ status: 400, error: { param: 'input[2].output[0].type', code: 'invalid_value' } });
  });

  it('refuses a reasoning.effort the model does not take, as the real API does', async () => {
    await expect(upstream.client.responses.create({ model: 'o4-mini', input: 'x', reasoning: { effort: 'minimal' } })).rejects.toMatchObject({ status: 400, error: { message: "Unsupported value: 'reasoning.effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.", param: 'reasoning.effort', code: 'unsupported_value' } });
    await expect(upstream.client.responses.create({ model: 'gpt-5', input: 'x', reasoning: { effort: 'minimal' } })).resolves.toMatchObject({ status: 'completed' });
    await expect(upstream.client.responses.create({ model: 'gpt-5.5', input: 'x', reasoning: { effort: 'minimal' } })).rejects.toMatchObject({ status: 400, error: { param: 'reasoning.effort', code: 'unsupported_value' } });
    await expect(upstream.client.responses.create({ model: 'gpt-5.4-mini', input: 'x', reasoning: { effort: 'xhigh' } })).resolves.toMatchObject({ status: 'completed' });
  });

  it('refuses temperature on a reasoning model unless reasoning.effort is none, as the real API does', async () => {
    await expect(upstream.client.responses.create({ model: 'gpt-5.4', input: 'x', temperature: 0.2 })).rejects.toMatchObject({ status: 400, error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", param: 'temperature', code: 'unsupported_parameter' } });
    await expect(upstream.client.responses.create({ model: 'gpt-5.4', input: 'x', temperature: 0.2, reasoning: { effort: 'none' } })).resolves.toMatchObject({ status: 'completed' });
  });

  it('refuses a strict text.format schema that leaves a property optional, as the real API does; takes it non-strict', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, note: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const ask = (strict: boolean) => upstream.client.responses.create({ model: 'gpt-5', input: 'x', text: { format: { type: 'json_schema', name: 'trip', schema, strict } } });
    await expect(ask(true)).rejects.toMatchObject({ status: 400, error: { message: "Invalid schema for response_format 'trip': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'note'.", param: 'text.format.schema' } });
    await expect(ask(false)).resolves.toMatchObject({ status: 'completed' });
  });

  it('answers a 429 fault with retry-after, from the header or the prompt', async () => {
    const limited = await upstream.client.responses.create({ model: 'gpt-4.1', input: 'x' }, { headers: { 'x-sim-fault': 'status=429,retry-after=7' } }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    await expect(upstream.client.responses.create({ model: 'gpt-4.1', input: 'x [[fault:status=503]]' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('makes the SDK stream throw on a mid-stream disconnect, a malformed event or an in-stream error', async () => {
    const params: Params = { model: 'gpt-4.1', input: 'Long answer [[long:20]]' };
    await expect(streamed(params, { headers: { 'x-sim-fault': 'disconnect-after=5' } })).rejects.toThrow();
    const cut = await postResponses({ ...params, stream: true }, { 'x-sim-fault': 'disconnect-after=5' });
    expect(await cut.text().then(() => 'whole', () => 'cut')).toBe('cut');
    await expect(streamed(params, { headers: { 'x-sim-fault': 'malformed-chunk=3' } })).rejects.toThrow(/JSON/);
    await expect(streamed(params, { headers: { 'x-sim-fault': 'error-after=4' } })).rejects.toMatchObject({ error: { type: 'server_error' } });
    const events = await readEvents(await postResponses({ ...params, stream: true }, { 'x-sim-fault': 'error-after=4' }));
    expect(events.at(-1)).toMatchObject({ event: 'error' });
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ type: 'error', sequence_number: 4, error: { type: 'server_error' } });
  });
});

describe('OpenAI Responses: recordings', () => {
  it('replays a recorded stream with its event names and no [DONE]', async () => {
    const recorded = await readEvents(await postResponses({ model: 'gpt-4.1', input: 'Record me', stream: true }));
    const directory = mkdtempSync(join(tmpdir(), 'responses-fixtures-'));
    mkdirSync(join(directory, 'openai'));
    writeFileSync(join(directory, 'openai', 'responses-text.chunks.txt'), `${recorded.map((event) => event.data).join('\n')}\n`);
    const replaying = await startUpstreamSimulator({ fixturesDirectory: directory });
    try {
      const response = await postJson(`${replaying.baseUrls.openai}/responses`, { model: 'gpt-4.1', input: 'x [[fixture:openai/responses-text]]', stream: true }, BEARER_HEADERS);
      expect(await readEvents(response)).toEqual(recorded);
    } finally {
      await replaying.close();
      rmSync(directory, { recursive: true });
    }
  });
});
