import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it, vi } from 'vitest';
import { upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { responsesCaller } from './responses-calls';

/**
 * The OpenAI Responses API (`POST /v1/responses`, what Codex CLI and the OpenAI Agents SDK
 * speak) in front of every provider, driven with the official SDK: `responses.create` and the
 * SDK's own stream accumulator (`responses.stream`, which refuses events out of order), for
 * text, a function-call round trip and reasoning, streamed and not. Every call must move the
 * wallet by exactly the credits it was told, priced from the usage it reports.
 */
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-flash', 'kimi/kimi-k2'];
const WEATHER_TOOL = { type: 'function' as const, name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false };

const e2e = useGatewayWithClients();

const callPriced = responsesCaller(e2e);
const call = (stream: boolean, params: Parameters<typeof callPriced>[1]) => callPriced(stream, params);

describe.each(MODELS)('Responses API on %s', (model) => {
  // OpenAI speaks the Responses API itself: its answer passes through, naming the model by OpenAI's own id.
  const native = model.startsWith('openai/');
  const call = (stream: boolean, params: Parameters<typeof callPriced>[1]) => callPriced(stream, params, native ? model : undefined);

  describe.each([false, true])('streamed: %s', (stream) => {
    it('answers text, with its usage, and bills it', async () => {
      const { response, events } = await call(stream, { model, input: 'Say hello in five words.', max_output_tokens: 300 });
      // An alias answers as the model it resolved to (kimi/kimi-k2 → kimi/kimi-k2-0905-preview).
      const answeredAs = native ? model.slice('openai/'.length) : model;
      // Passed through, the object is OpenAI's, which was told not to store (the gateway keeps it: responses-stored.test.ts).
      expect(response).toMatchObject({ object: 'response', status: 'completed', model: expect.stringMatching(new RegExp(`^${answeredAs}`)), store: !native });
      expect(response.output_text.length).toBeGreaterThan(0);
      expect(response.output.filter((item) => item.type === 'message')).toHaveLength(1);
      expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
      if (stream) {
        const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
        expect(deltas.join('')).toBe(response.output_text);
        expect(events.at(-1)?.type).toBe('response.completed');
      }
    });

    it('calls a function, then answers from its output sent back with the call', async () => {
      const first = await call(stream, { model, input: '[[tool:get_weather]] What is the weather in Paris?', tools: [WEATHER_TOOL], max_output_tokens: 500 });
      const calls = first.response.output.filter((item) => item.type === 'function_call');
      expect(calls).toHaveLength(1);
      const [weatherCall] = calls as OpenAI.Responses.ResponseFunctionToolCall[];
      expect(weatherCall).toMatchObject({ name: 'get_weather', status: 'completed' });
      expect(JSON.parse(weatherCall!.arguments)).toEqual({ city: expect.any(String) });

      // Stateless, as Codex runs it: the earlier output items go back in input, then the output.
      const input: ResponseInputItem[] = [
        { role: 'user', content: '[[tool:get_weather]] What is the weather in Paris?' },
        ...(first.response.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: weatherCall!.call_id, output: '{"temperature_c": 21, "sky": "clear"}' },
      ];
      const second = await call(stream, { model, input, tools: [WEATHER_TOOL], max_output_tokens: 500 });
      expect(second.response.output_text).toContain('temperature_c');
      expect(second.response.output.some((item) => item.type === 'function_call')).toBe(false);
    });

    it('returns reasoning as a reasoning item with its summary, and takes it back', async () => {
      const first = await call(stream, { model, input: '[[reasoning]] Think, then answer: 2+2?', reasoning: { effort: 'low' }, max_output_tokens: 2000 });
      // Gemini may add a reasoning item with no text: a signature that rides on its text, kept for the next turn.
      const reasoning = first.response.output.find((item) => item.type === 'reasoning' && item.summary.length > 0) as OpenAI.Responses.ResponseReasoningItem | undefined;
      expect(first.response.output_text.length).toBeGreaterThan(0);
      // OpenAI returns reasoning text only when asked for a summary (below): here its item carries the encrypted reasoning alone.
      if (native) {
        expect(first.response.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
        expect(first.response.output[0]).toMatchObject({ type: 'reasoning', summary: [], encrypted_content: expect.any(String) });
      }
      else {
        expect(reasoning?.summary[0]?.text.length).toBeGreaterThan(0);
        if (stream) expect(first.events.some((event) => event.type === 'response.reasoning_summary_text.delta')).toBe(true);
      }
      const second = await call(stream, { model, input: [{ role: 'user', content: '[[reasoning]] Think, then answer: 2+2?' }, ...(first.response.output as ResponseInputItem[]), { role: 'user', content: 'And 3+3?' }], reasoning: { effort: 'low' }, max_output_tokens: 2000 });
      expect(second.response.status).toBe('completed');
    });
  });
});

describe('the response object of a translated model', () => {
  // The official SDK types these as always present; OpenAI repeats the request's settings, its defaults where none was sent.
  const stateless = { previous_response_id: null, store: true, truncation: 'disabled', error: null, incomplete_details: null };

  it.each([false, true])('repeats the request\'s settings as OpenAI does (streamed: %s)', async (stream) => {
    const settings = {
      instructions: 'Answer briefly.', tools: [WEATHER_TOOL], tool_choice: 'none' as const, parallel_tool_calls: false, temperature: 0.4, top_p: 0.9,
      text: { format: { type: 'text' as const }, verbosity: 'low' as const }, reasoning: { effort: 'low' as const }, metadata: { ticket: 'T-1' }, max_output_tokens: 2000, user: 'user-7',
    };
    const { response, events } = await call(stream, { model: 'anthropic/claude-sonnet-4-6', input: 'Say hello.', ...settings });
    const echoed = { ...settings, ...stateless, reasoning: { effort: 'low', summary: null } };
    expect(response).toMatchObject({ ...echoed, usage: { total_tokens: expect.any(Number) } });
    if (stream) {
      for (const type of ['response.created', 'response.in_progress', 'response.completed']) {
        expect(events.find((event) => event.type === type)).toMatchObject({ response: echoed });
      }
    }
  });

  it.each([false, true])('gives OpenAI\'s defaults for what the request left out (streamed: %s)', async (stream) => {
    const { response, events } = await call(stream, { model: 'gemini/gemini-2.5-flash', input: 'Say hello.' });
    const defaults = {
      ...stateless, instructions: null, tools: [], tool_choice: 'auto', parallel_tool_calls: true, temperature: 1, top_p: 1,
      text: { format: { type: 'text' } }, reasoning: { effort: null, summary: null }, metadata: {}, max_output_tokens: null, user: null,
    };
    expect(response).toMatchObject(defaults);
    if (stream) expect(events[0]).toMatchObject({ response: { ...defaults, usage: null } });
  });
});

describe('what goes back upstream from a stateless Responses conversation', () => {
  it('gives Claude its thinking back with its signature, in the same assistant turn as its tool call', async () => {
    const marker = 'signature-round-trip';
    const question = `[[reasoning]] [[tool:get_weather]] ${marker}: the weather in Oslo?`;
    const first = await call(false, { model: 'anthropic/claude-sonnet-4-6', input: question, tools: [WEATHER_TOOL], reasoning: { effort: 'low' }, max_output_tokens: 4000 });
    const reasoning = first.response.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem;
    const weatherCall = first.response.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(reasoning.encrypted_content).toMatch(/^bsk1\./);
    await call(false, {
      model: 'anthropic/claude-sonnet-4-6', tools: [WEATHER_TOOL], reasoning: { effort: 'low' }, max_output_tokens: 4000,
      input: [{ role: 'user', content: question }, ...(first.response.output as ResponseInputItem[]), { type: 'function_call_output', call_id: weatherCall.call_id, output: 'sunny' }],
    });
    const [, second] = await upstreamRequests(e2e.gateway, marker);
    const sent = JSON.parse((second as unknown as { rawBody: string }).rawBody) as { messages: { role: string; content: { type: string; thinking?: string; signature?: string; id?: string }[] }[] };
    const assistant = sent.messages.find((message) => message.role === 'assistant')!;
    expect(assistant.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(assistant.content[0]).toMatchObject({ thinking: reasoning.summary[0]!.text, signature: expect.stringMatching(/.{16,}/) });
    expect(assistant.content[1]!.id).toBe(weatherCall.call_id);
  });
});

describe('custom (freeform) tools, as Codex CLI declares apply_patch', () => {
  const APPLY_PATCH = { type: 'custom' as const, name: 'apply_patch', description: 'Edit files with a patch.', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch" /(.|\\n)*/ "*** End Patch"' } };

  it.each([false, true])('are called with their raw input and take their output back (streamed: %s)', async (stream) => {
    const marker = `custom-tool-${stream}`;
    const question = `[[tool:apply_patch]] ${marker}: fix the typo`;
    const first = await call(stream, { model: 'anthropic/claude-sonnet-4-6', input: question, tools: [APPLY_PATCH], max_output_tokens: 500 });
    const patch = first.response.output.find((item) => item.type === 'custom_tool_call') as OpenAI.Responses.ResponseCustomToolCall;
    expect(patch).toMatchObject({ name: 'apply_patch', input: expect.any(String), call_id: expect.any(String) });
    expect(patch.input.length).toBeGreaterThan(0);
    if (stream) expect(first.events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: patch.input });
    const [sent] = (await upstreamRequests(e2e.gateway, marker)) as unknown as { rawBody: string }[];
    const tool = (JSON.parse(sent!.rawBody) as { tools: { name: string; description: string; input_schema: { properties: { input: { description: string } } } }[] }).tools[0]!;
    expect(tool).toMatchObject({ name: 'apply_patch', description: 'Edit files with a patch.' });
    expect(tool.input_schema.properties.input.description).toContain('*** Begin Patch');

    const second = await call(stream, { model: 'anthropic/claude-sonnet-4-6', tools: [APPLY_PATCH], max_output_tokens: 500, input: [
      { role: 'user', content: question }, ...(first.response.output as ResponseInputItem[]), { type: 'custom_tool_call_output', call_id: patch.call_id, output: 'patch applied' },
    ] });
    expect(second.response.output_text).toContain('patch applied');
  });
});

describe('Responses API requests the gateway cannot serve as asked', () => {
  it('are refused with an OpenAI-shaped 400 naming the field and what to do, and bill nothing', async () => {
    const before = await e2e.gateway.balance();
    const conversation = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: 'Hi', conversation: 'conv_abc' }));
    expect(conversation).toBeInstanceOf(OpenAI.BadRequestError);
    expect(conversation).toMatchObject({ status: 400, code: 'BSK_RESPONSES_UNSUPPORTED', param: 'conversation', message: expect.stringContaining('previous_response_id') });
    const hosted = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: 'Hi', tools: [{ type: 'web_search' }] }));
    expect(hosted).toMatchObject({ status: 400, code: 'BSK_RESPONSES_UNSUPPORTED', param: 'tools.0.type' });
    const bad = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: [{ type: 'function_call_output', output: 'x' } as unknown as ResponseInputItem] }));
    expect(bad).toMatchObject({ status: 400, code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'input.0.call_id', error: { message: 'input.0.call_id: is required' } });
    const unknownModel = await rejectionOf(e2e.openai.responses.create({ model: 'no-such-model', input: 'Hi' }));
    expect(unknownModel).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it.each([false, true])('says a response cut by max_output_tokens is incomplete, and why, and so is the message it cut (streamed: %s)', async (stream) => {
    const { response, events } = await call(stream, { model: 'anthropic/claude-sonnet-4-6', input: '[[long:50]] Tell a long story.', max_output_tokens: 10 });
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(response.output.at(-1)).toMatchObject({ type: 'message', status: 'incomplete', content: [{ type: 'output_text', text: expect.stringMatching(/\S/) }] });
    if (stream) {
      expect(events.find((event) => event.type === 'response.output_item.done')).toMatchObject({ item: { type: 'message', status: 'incomplete' } });
      expect(events.at(-1)?.type).toBe('response.incomplete');
    }
  });

  it('an upstream failure is the SDK\'s error, or a failed response mid-stream, and leaves the wallet as it was', async () => {
    const before = await e2e.gateway.balance();
    const failed = await rejectionOf(e2e.openai.responses.create({ model: 'gemini/gemini-2.5-flash', input: '[[fault:status=500]] Hi' }));
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    const events: ResponseStreamEvent[] = [];
    const stream = await e2e.openai.responses.create({ model: 'anthropic/claude-sonnet-4-6', input: '[[long:40]] [[fault:disconnect-after=5]] Tell a story.', stream: true });
    // The `error` event carries an `error` object, as OpenAI's do, so the SDK throws it as an APIError with the gateway's code.
    const failure = await rejectionOf((async () => {
      for await (const event of stream) events.push(event);
    })());
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ code: 'BSK_UPSTREAM_CONNECTION', type: 'server_error' });
    expect(events.map((event) => event.type)).toContain('response.output_text.delta');
    // The SDK throws before the stream ends: the hold is released as it ends (a round trip later on PostgreSQL).
    await vi.waitFor(async () => expect(await e2e.gateway.balance()).toBe(before), { timeout: 5_000 });
  });
});
