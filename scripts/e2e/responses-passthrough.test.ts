import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it, vi } from 'vitest';
import { ssePayloads, upstreamBodies } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { responsesCaller } from './responses-calls';

/**
 * OpenAI speaks the Responses API itself, so a Responses client reaching an OpenAI model is
 * passed through to OpenAI's `/responses`: what Chat Completions cannot carry survives (reasoning
 * summaries and encrypted reasoning, custom tools with their grammar, fields the gateway does not
 * know), and the gateway only rewrites the model, keeps OpenAI from storing the conversation and
 * asks reasoning models for the encrypted reasoning a stateless client needs to send back.
 */
// Two OpenAI-compatible servers (the simulator's OpenAI API): one configured as also serving the Responses API, one not.
const compatible = (name: string, responsesApi: boolean, baseUrl: string) => ({ name, baseUrl, apiKey: 'sim-upstream-key', responsesApi, models: [{ id: 'qwen3-32b', capabilities: ['tools', 'reasoning', 'streaming'], pricing: { inputPerMTok: 250000, outputPerMTok: 2000000 } }] });
const e2e = useGatewayWithClients({ config: (baseUrls) => ({ plugins: { 'openai-compatible': { instances: [compatible('vllm', true, baseUrls.openai), compatible('plain', false, baseUrls.openai)] } } }) });
const callPriced = responsesCaller(e2e);
const call = (stream: boolean, params: OpenAI.Responses.ResponseCreateParamsNonStreaming) => callPriced(stream, params, params.model as string);

const sentUpstream = (marker: string) => upstreamBodies(e2e.gateway, marker);

const APPLY_PATCH = { type: 'custom' as const, name: 'apply_patch', description: 'Edit files with a patch.', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch" /(.|\\n)*/ "*** End Patch"' } };

describe('a Responses request for an OpenAI model', () => {
  it.each([false, true])('reaches OpenAI\'s /responses as the client wrote it, stateless (streamed: %s)', async (stream) => {
    const marker = `native-body-${stream}`;
    const params = {
      model: 'openai/gpt-5.4', input: `${marker}: what is 2+2?`, store: true, prompt_cache_key: 'session-7', metadata: { ticket: 'T-1' },
      reasoning: { effort: 'low' as const, summary: 'auto' as const }, text: { verbosity: 'low' as const }, max_output_tokens: 2000,
      bytespike: {},
    } as OpenAI.Responses.ResponseCreateParamsNonStreaming;
    const { response, events } = await call(stream, params);
    const [sent] = await sentUpstream(marker);
    expect(sent!.path).toMatch(/\/openai\/v1\/responses$/);
    const { bytespike: _ours, ...clientFields } = params as unknown as Record<string, unknown>;
    expect(sent!.body).toEqual({ ...clientFields, ...(stream ? { stream: true } : {}), model: 'gpt-5.4', store: false, include: ['reasoning.encrypted_content'] });

    // Reasoning as OpenAI gives it: its summary, and its encrypted content (not the gateway's seal).
    const reasoning = response.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary[0]?.text.length).toBeGreaterThan(0);
    expect(reasoning.encrypted_content).toEqual(expect.any(String));
    expect(reasoning.encrypted_content).not.toMatch(/^bsk1\./);
    expect(response.output_text.length).toBeGreaterThan(0);
    if (stream) expect(events.some((event) => event.type === 'response.reasoning_summary_text.delta')).toBe(true);
  });

  it('does not ask a model that does not reason for encrypted reasoning', async () => {
    await call(false, { model: 'openai/gpt-4.1', input: 'native-no-reasoning: hello', max_output_tokens: 200 });
    const [sent] = await sentUpstream('native-no-reasoning');
    expect(sent!.body).toMatchObject({ model: 'gpt-4.1', store: false });
    expect(sent!.body).not.toHaveProperty('include');
  });

  it('hands OpenAI its encrypted reasoning back, and relays OpenAI\'s refusal of a tampered one without billing', async () => {
    const question = '[[tool:get_weather]] native-reasoning-back: the weather in Oslo?';
    const weather = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false };
    const first = await call(true, { model: 'openai/gpt-5.4', input: question, tools: [weather], reasoning: { effort: 'low' }, max_output_tokens: 2000 });
    const reasoning = first.response.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem;
    const weatherCall = first.response.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    const input = (items: ResponseInputItem[]): ResponseInputItem[] => [{ role: 'user', content: question }, ...items, { type: 'function_call_output', call_id: weatherCall.call_id, output: 'sunny' }];

    const second = await call(false, { model: 'openai/gpt-5.4', tools: [weather], reasoning: { effort: 'low' }, max_output_tokens: 2000, input: input(first.response.output as ResponseInputItem[]) });
    expect(second.response.output_text).toContain('sunny');
    const [, sent] = await sentUpstream('native-reasoning-back');
    expect((sent!.body.input as { type?: string; encrypted_content?: string }[]).find((item) => item.type === 'reasoning')?.encrypted_content).toBe(reasoning.encrypted_content);

    const before = await e2e.gateway.balance();
    const tampered = { ...reasoning, encrypted_content: `${reasoning.encrypted_content!.slice(0, -4)}AAAA` };
    const refused = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', tools: [weather], input: input([tampered, weatherCall]) }));
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, code: 'invalid_encrypted_content' });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('carries on a conversation begun on Claude, leaving out the reasoning the gateway sealed for it', async () => {
    const question = '[[reasoning]] native-from-claude: 2+2?';
    const first = await callPriced(false, { model: 'anthropic/claude-sonnet-4-6', input: question, reasoning: { effort: 'low' }, max_output_tokens: 4000 });
    expect(first.response.output.find((item) => item.type === 'reasoning')).toMatchObject({ encrypted_content: expect.stringMatching(/^bsk1\./) });
    const second = await call(false, { model: 'openai/gpt-5.4', input: [{ role: 'user', content: question }, ...(first.response.output as ResponseInputItem[]), { role: 'user', content: 'And 3+3?' }], max_output_tokens: 2000 });
    expect(second.response.status).toBe('completed');
    const [, sent] = await sentUpstream('native-from-claude');
    expect((sent!.body.input as { type?: string; role?: string }[]).map((item) => item.type ?? item.role)).toEqual(['user', 'message', 'user']);
  });

  // The gateway's reasoning items for these models carry no encrypted content OpenAI issued
  // (DeepSeek's and Kimi's none, Gemini's the gateway's seal); under `store: false` OpenAI would
  // answer 404 "Item with id ... not found" for one without, 400 for the seal.
  const REASONING_ELSEWHERE = ['gemini/gemini-2.5-pro', 'gemini/gemini-3.1-pro-preview', 'deepseek/deepseek-reasoner', 'kimi/kimi-k2-thinking'];
  const PAIRS = REASONING_ELSEWHERE.flatMap((from) => ['gpt-5.4', 'gpt-4.1'].flatMap((to) => [false, true].map((stream) => [from, to, stream] as const)));
  it.each(PAIRS)('carries on a conversation begun on %s on %s, leaving out the reasoning OpenAI did not issue (first turn streamed: %s)', async (from, to, stream) => {
    const marker = `native-reasoning-from-${from}-to-${to}-${stream}`;
    const question = `${marker}: 2+2?`;
    const first = await callPriced(stream, { model: from, input: question, reasoning: { effort: 'low' }, max_output_tokens: 4000 });
    expect(first.response.output.find((item) => item.type === 'reasoning')).toMatchObject({ id: expect.stringMatching(/^rs_req_/) });
    for (const flags of [undefined, { cache: { ttl_s: 60 } }]) {
      // The cache flag takes the translated path (to GPT-4.1 on Chat Completions).
      const second = await e2e.openai.responses.create({ model: `openai/${to}`, input: [{ role: 'user', content: question }, ...(first.response.output as ResponseInputItem[]), { role: 'user', content: 'And 3+3?' }], max_output_tokens: 2000 }, flags ? { headers: { 'x-bytespike-flags': JSON.stringify(flags) } } : {});
      expect(second.status).toBe('completed');
    }
    const sent = (await sentUpstream(marker)).slice(1);
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.path.endsWith('/responses'))).toEqual([true, to === 'gpt-5.4']);
    expect((sent[0]!.body.input as { type?: string; role?: string }[]).map((item) => item.type ?? item.role)).toEqual(['user', 'message', 'user']);
  });

  it('carries on a Gemini conversation, its long call ids fitted the same on the call and its output', async () => {
    const weather = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false };
    const question = '[[tool:get_weather]] native-from-gemini: the weather in Lima?';
    const first = await callPriced(false, { model: 'gemini/gemini-2.5-flash', input: question, tools: [weather], max_output_tokens: 500 });
    const geminiCall = first.response.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(geminiCall.call_id.length).toBeGreaterThan(40);
    const second = await call(false, { model: 'openai/gpt-5.4', tools: [weather], max_output_tokens: 2000, input: [
      { role: 'user', content: question }, geminiCall, { type: 'function_call_output', call_id: geminiCall.call_id, output: 'sunny' },
    ] });
    expect(second.response.output_text).toContain('sunny');
    const [, sent] = await sentUpstream('native-from-gemini');
    const [sentCall, sentOutput] = (sent!.body.input as { type?: string; call_id?: string }[]).filter((item) => item.call_id !== undefined);
    expect(sentCall!.call_id).toMatch(/^call_.{35}$/);
    expect(sentOutput!.call_id).toBe(sentCall!.call_id);
  });

  it.each([false, true])('gives OpenAI a custom tool as it is, grammar and all, and its call back as a custom tool call (streamed: %s)', async (stream) => {
    const marker = `native-custom-${stream}`;
    const question = `[[tool:apply_patch]] ${marker}: fix the typo`;
    const first = await call(stream, { model: 'openai/gpt-5.4', input: question, tools: [APPLY_PATCH], max_output_tokens: 2000 });
    const patch = first.response.output.find((item) => item.type === 'custom_tool_call') as OpenAI.Responses.ResponseCustomToolCall;
    expect(patch).toMatchObject({ name: 'apply_patch', input: expect.any(String), call_id: expect.any(String) });
    if (stream) expect(first.events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: patch.input });
    const [sent] = await sentUpstream(marker);
    expect(sent!.body.tools).toEqual([APPLY_PATCH]);

    const second = await call(stream, { model: 'openai/gpt-5.4', tools: [APPLY_PATCH], max_output_tokens: 2000, input: [
      { role: 'user', content: question }, ...(first.response.output as ResponseInputItem[]), { type: 'custom_tool_call_output', call_id: patch.call_id, output: 'patch applied' },
    ] });
    expect(second.response.output_text).toContain('patch applied');
  });
});

describe('an OpenAI-compatible server', () => {
  it('configured with responsesApi takes Responses clients natively; otherwise they are translated to Chat Completions', async () => {
    const native = await call(false, { model: 'vllm/qwen3-32b', input: '[[reasoning]] compatible-native: hello', max_output_tokens: 500 });
    const translated = await call(false, { model: 'plain/qwen3-32b', input: 'compatible-translated: hello', max_output_tokens: 500 });
    const [toNative] = await sentUpstream('compatible-native');
    const [toTranslated] = await sentUpstream('compatible-translated');
    expect(toNative).toMatchObject({ path: expect.stringMatching(/\/responses$/), body: { model: 'qwen3-32b', store: false, include: ['reasoning.encrypted_content'] } });
    expect(toTranslated).toMatchObject({ path: expect.stringMatching(/\/chat\/completions$/), body: { model: 'qwen3-32b', messages: expect.any(Array) } });
    // The native answer is OpenAI's own (its model id, its reasoning item); the translated one is the gateway's.
    expect(native.response.model).toBe('qwen3-32b');
    expect(native.response.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.any(String) });
    expect(translated.response.model).toBe('plain/qwen3-32b');
  });
});

describe('OpenAI failing on the Responses API', () => {
  it('a 429 is the SDK\'s RateLimitError with OpenAI\'s retry-after, and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const limited = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: '[[fault:status=429,retry-after=7]] Hi' }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('a stream cut halfway ends as a translated one does: an error numbered on from OpenAI\'s events, then the response failed; the wallet is as it was', async () => {
    const before = await e2e.gateway.balance();
    const body = { model: 'openai/gpt-4o', input: '[[long:40]] [[fault:disconnect-after=4]] Tell a story.', stream: true as const };
    const raw = await fetch(`${e2e.gateway.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${e2e.gateway.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const events = ssePayloads(await raw.text()) as unknown as ResponseStreamEvent[];
    expect(events.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'error', 'response.failed']);
    expect(events.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3, 4, 5]);
    const created = events[0] as OpenAI.Responses.ResponseCreatedEvent;
    // The reference's top-level fields, and the `error` object OpenAI's own error events carry.
    expect(events[4]).toMatchObject({ code: 'BSK_UPSTREAM_CONNECTION', message: expect.any(String), error: { type: 'server_error', code: 'BSK_UPSTREAM_CONNECTION', message: expect.any(String) } });
    expect(events[5]).toMatchObject({ response: { id: created.response.id, model: created.response.model, status: 'failed', error: { code: (events[4] as OpenAI.Responses.ResponseErrorEvent).code, message: expect.any(String) } } });
    // So the SDK throws it as it throws OpenAI's own: an APIError with the gateway's code.
    const stream = await e2e.openai.responses.create(body);
    const failure = await rejectionOf((async () => {
      for await (const _event of stream);
    })());
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ code: 'BSK_UPSTREAM_CONNECTION', type: 'server_error' });
    await vi.waitFor(async () => expect(await e2e.gateway.balance()).toBe(before), { timeout: 5_000 });
  });

  it('an error OpenAI reports mid-stream reaches the client as OpenAI sent it, and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const events: ResponseStreamEvent[] = [];
    const stream = await e2e.openai.responses.create({ model: 'openai/gpt-4.1', input: '[[long:40]] [[fault:error-after=6]] Tell a story.', stream: true });
    // The SDK throws on an event with an `error` object, as OpenAI's streams send it.
    const failure = await rejectionOf((async () => {
      for await (const event of stream) events.push(event);
    })());
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ message: expect.stringContaining('Internal server error (simulated)') });
    expect(events.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3, 4, 5]);
    // The SDK throws at the error event, before the stream ends: the hold is released as it ends (a round trip later on PostgreSQL).
    await vi.waitFor(async () => expect(await e2e.gateway.balance()).toBe(before), { timeout: 5_000 });
  });

  it('a failed answer OpenAI sends as a 200 reaches the client as OpenAI sent it (status failed, its error), and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const response = await e2e.openai.responses.create({ model: 'openai/gpt-4.1', input: '[[fault:error-after=0]] Tell a story.' });
    expect(response).toMatchObject({ object: 'response', status: 'failed', error: { code: 'server_error', message: expect.stringContaining('(simulated)') } });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('an incomplete answer (max_output_tokens) is billed for what it used, and says why', async () => {
    const { response, events } = await call(true, { model: 'openai/gpt-4.1', input: '[[long:50]] Tell a long story.', max_output_tokens: 16 });
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(events.at(-1)?.type).toBe('response.incomplete');
  });
});
