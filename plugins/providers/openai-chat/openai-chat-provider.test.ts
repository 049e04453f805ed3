import { describe, expect, it } from 'vitest';
import { createDeepSeekProvider } from '../deepseek/deepseek-provider';
import { createKimiProvider } from '../kimi/kimi-provider';
import { createOpenAIProvider } from '../openai/openai-provider';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { callContext, canonicalRequest, collect, fakeFetch, jsonResponse, refusingOrigin, silentLogger, upstreamErrorOf } from '../shared/provider-test-support';
import type { FetchFunction } from '../shared/upstream-fetch';
import { readFixture, sseResponse, sseTextOf, summarizeParts } from './openai-chat-test-support';
import { readPassthroughBody } from '../../../kernel/canonical/passthrough-body';

function openai(fetch: FetchFunction) {
  return createOpenAIProvider({ apiKey: 'sk-test', baseUrl: 'https://upstream.test/v1/', fetch, logger: silentLogger });
}

const modelNamed = (id: string) => openai(fakeFetch(() => jsonResponse('{}')).fetch).models().find((model) => model.id === id)!;
const gpt5 = () => modelNamed('openai/gpt-5.4');
// Translated calls to OpenAI's reasoning models go through the Responses API (openai-responses/): Chat Completions' own tests call a model that does not reason.
const gpt41 = () => modelNamed('openai/gpt-4.1');

const errorBody = (code: string, message = 'upstream said no', type = 'invalid_request_error') => JSON.stringify({ error: { message, type, code, param: null } });

describe('openai-chat provider: calls', () => {
  it('generate posts to <baseUrl>/chat/completions with our key and converts the answer', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('openai-text.json')));
    const response = await openai(fetch).generate(canonicalRequest({ maxTokens: 100 }), gpt41(), callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/chat/completions');
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer sk-test', 'content-type': 'application/json' });
    expect(sent[0]!.body).toMatchObject({ model: 'gpt-4.1', max_completion_tokens: 100, stream: false });
    expect(response).toMatchObject({ model: 'openai/gpt-4.1', finishReason: 'stop', usage: { inputTokens: 16, outputTokens: 363 } });
  });

  it('gpt-5.4 is never sent the max_tokens its API refuses (the recorded 400)', async () => {
    const refusal = readFixture('reasoning-model-legacy-parameter-error.json');
    const { fetch, sent } = fakeFetch((request) => ('max_tokens' in request.body ? jsonResponse(refusal, 400) : jsonResponse(readFixture('openai-text.json'))));
    // Below the Responses API's minimum output, a call to gpt-5.4 stays on Chat Completions.
    await expect(openai(fetch).generate(canonicalRequest({ maxTokens: 8 }), gpt5(), callContext())).resolves.toMatchObject({ finishReason: 'stop' });
    expect(sent[0]!.url).toBe('https://upstream.test/v1/chat/completions');
  });

  it('a translated call to a reasoning model goes to <baseUrl>/responses, stateless', async () => {
    const answer = { id: 'resp_1', object: 'response', status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi.' }] }], usage: { input_tokens: 9, output_tokens: 3 } };
    const { fetch, sent } = fakeFetch(() => jsonResponse(JSON.stringify(answer)));
    const response = await openai(fetch).generate(canonicalRequest({ maxTokens: 64 }), gpt5(), callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/responses');
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer sk-test' });
    expect(sent[0]!.body).toMatchObject({ model: 'gpt-5.4', max_output_tokens: 64, store: false, stream: false });
    expect(response).toMatchObject({ model: 'openai/gpt-5.4', content: [{ type: 'text', text: 'Hi.' }], finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 3 } });
  });

  it('the recorded 400 for a legacy parameter is an invalid request carrying the upstream message', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(readFixture('reasoning-model-legacy-parameter-error.json'), 400));
    const error = await upstreamErrorOf(openai(fetch).generate(canonicalRequest(), gpt41(), callContext()));
    expect(error.details.info).toEqual({ kind: 'invalid-request', status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." });
    expect(error.status).toBe(400);
  });

  it('stream replays a recording through the provider (DeepSeek tool call), deepseek-reasoner asking Flash to think', async () => {
    const { fetch, sent } = fakeFetch(() => sseResponse(sseTextOf('deepseek-tool-call.chunks.txt')));
    const provider = createDeepSeekProvider({ apiKey: 'sk-ds', fetch, logger: silentLogger });
    const model = provider.models().find((candidate) => candidate.id === 'deepseek/deepseek-reasoner')!;
    const summary = summarizeParts(await collect(await provider.stream(canonicalRequest(), model, callContext())));
    expect(sent[0]!.url).toBe('https://api.deepseek.com/chat/completions');
    expect(sent[0]!.body).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'enabled' }, stream: true, stream_options: { include_usage: true } });
    expect(summary.blocks.map((block) => block.kind)).toEqual(['reasoning', 'tool-call']);
    expect(summary.finish).toMatchObject({ reason: 'tool-calls', usage: { cachedInputTokens: 320 } });
  });

  it('a 200 whose body is an error is an error, not an empty answer', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(JSON.stringify({ error: { message: 'model is loading', type: 'server_error', code: null } })));
    const error = await upstreamErrorOf(openai(fetch).generate(canonicalRequest(), gpt41(), callContext()));
    expect(error.details.info).toMatchObject({ kind: 'upstream', message: 'model is loading' });
  });

  it('is enabled only with a key; the key never appears in errors', async () => {
    expect(createOpenAIProvider({ fetch: fakeFetch(() => jsonResponse('{}')).fetch, logger: silentLogger }).enabled).toBe(false);
    expect(createKimiProvider({ apiKey: 'sk-kimi', fetch: fakeFetch(() => jsonResponse('{}')).fetch, logger: silentLogger }).enabled).toBe(true);
    const { fetch } = fakeFetch(() => jsonResponse(errorBody('invalid_api_key', 'Incorrect API key provided: sk-test'), 401));
    const error = await upstreamErrorOf(openai(fetch).generate(canonicalRequest(), gpt41(), callContext()));
    expect(error.details.info).toMatchObject({ kind: 'authentication', message: 'Incorrect API key provided: [redacted]' });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('sk-test');
  });
});

describe('openai-chat provider: error classification', () => {
  const cases: [string, () => Response, object][] = [
    ['429 rate limit with retry-after', () => jsonResponse(errorBody('rate_limit_exceeded', 'Rate limit reached', 'requests'), 429, { 'retry-after': '7' }), { kind: 'rate-limit', status: 429, retryAfterSeconds: 7 }],
    ['429 insufficient_quota (our upstream account is empty)', () => jsonResponse(errorBody('insufficient_quota', 'You exceeded your current quota', 'insufficient_quota'), 429), { kind: 'upstream', status: 429 }],
    ['400 context_length_exceeded', () => jsonResponse(errorBody('context_length_exceeded', 'maximum context length is 128000 tokens'), 400), { kind: 'invalid-request', status: 400 }],
    ['401 without a code', () => jsonResponse(JSON.stringify({ error: { message: "You didn't provide an API key.", type: 'invalid_request_error', code: null } }), 401), { kind: 'authentication', status: 401 }],
    ['404 model_not_found', () => jsonResponse(errorBody('model_not_found', 'The model does not exist'), 404), { kind: 'not-found', status: 404 }],
    ['500', () => jsonResponse(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', code: null } }), 500), { kind: 'upstream', status: 500, message: 'The server had an error' }],
    ['503 HTML page from a proxy', () => new Response('<html>Service Unavailable</html>', { status: 503, headers: { 'retry-after': '30' } }), { kind: 'overloaded', status: 503, retryAfterSeconds: 30, message: '<html>Service Unavailable</html>' }],
    ['429 Moonshot engine overload', () => jsonResponse(JSON.stringify({ error: { message: 'The engine is currently overloaded', type: 'engine_overloaded_error' } }), 429), { kind: 'overloaded', status: 429 }],
    ['Ollama-style { error: "text" }', () => jsonResponse(JSON.stringify({ error: 'model "llama9" not found' }), 404), { kind: 'not-found', message: 'model "llama9" not found' }],
  ];
  for (const [label, respond, expected] of cases) {
    it(`${label} rejects stream() before any part`, async () => {
      const { fetch } = fakeFetch(respond);
      const error = await upstreamErrorOf(openai(fetch).stream(canonicalRequest({ stream: true }), gpt41(), callContext()));
      expect(error.details.info).toMatchObject(expected);
    });
  }

  it('an error inside the stream arrives as the last part', async () => {
    const text = `${sseTextOf('moonshotai-stream.chunks.txt', { done: false }).split('\n\n').slice(0, 2).join('\n\n')}\n\ndata: ${errorBody('server_overloaded', 'overloaded, try later', 'server_error')}\n\n`;
    const { fetch } = fakeFetch(() => sseResponse(text));
    const parts = await collect(await openai(fetch).stream(canonicalRequest({ stream: true }), gpt41(), callContext()));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'overloaded', message: 'overloaded, try later' } });
    expect(summarizeParts(parts).blocks[0]!.text).toBe('Thinking aloud. ');
  });

  it('a disconnect mid-stream is a connection error part', async () => {
    const head = new TextEncoder().encode(sseTextOf('openai-text.chunks.txt').slice(0, 3000));
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(head);
        else controller.error(new TypeError('terminated'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(body, { status: 200 }));
    const parts = await collect(await openai(fetch).stream(canonicalRequest({ stream: true }), gpt41(), callContext()));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'connection', message: 'terminated' } });
    expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
  });

  it('connection refused is a connection error', async () => {
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseUrl: `${await refusingOrigin()}/v1`, fetch: nodeHttpFetch, logger: silentLogger });
    const error = await upstreamErrorOf(provider.generate(canonicalRequest(), gpt41(), callContext()));
    expect(error.details.info).toEqual({ kind: 'connection', message: 'ECONNREFUSED' });
    expect(error.code).toBe('BSK_UPSTREAM_CONNECTION');
  });

  it('an abort (timeout or client gone) is a timeout, before and during the stream', async () => {
    const hanging: FetchFunction = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const before = new AbortController();
    const pending = openai(hanging).generate(canonicalRequest(), gpt41(), callContext({ signal: before.signal }));
    before.abort(new Error('no answer in 30s'));
    expect((await upstreamErrorOf(pending)).details.info).toEqual({ kind: 'timeout', message: 'no answer in 30s' });

    const during = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(sseTextOf('moonshotai-stream.chunks.txt').split('\n\n')[0]! + '\n\n'));
        during.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    const { fetch } = fakeFetch(() => new Response(body));
    const parts = await openai(fetch).stream(canonicalRequest({ stream: true }), gpt41(), callContext({ signal: during.signal }));
    const iterator = parts[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'message-start' });
    expect((await iterator.next()).value).toMatchObject({ type: 'reasoning-start' });
    expect((await iterator.next()).value).toMatchObject({ type: 'reasoning-delta' });
    during.abort();
    expect((await iterator.next()).value).toMatchObject({ type: 'error', error: { kind: 'timeout' } });
    expect((await iterator.next()).done).toBe(true);
  });
});

describe('openai-chat provider: passthrough and usage tap', () => {
  it('passthrough posts the client body as is with our key and hands back status, headers and bytes untouched', async () => {
    const clientBody = { model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }], logit_bias: { '50256': -100 }, store: true, stream: true };
    const upstreamText = sseTextOf('openai-text.chunks.txt');
    const { fetch, sent } = fakeFetch(() => sseResponse(upstreamText, { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_up' } }));
    const response = await openai(fetch).passthrough!(clientBody, gpt5(), callContext());
    expect(sent[0]!.body).toEqual(clientBody);
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer sk-test', 'accept-encoding': 'identity' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_up');
    expect((await readPassthroughBody(response.body)).toString()).toBe(upstreamText);
  });

  it('passthrough writes the client\'s token cap in the field each model takes, and changes nothing else', async () => {
    const refusal = readFixture('reasoning-model-legacy-parameter-error.json');
    const { fetch, sent } = fakeFetch((request) => ('max_tokens' in request.body ? jsonResponse(refusal, 400) : jsonResponse(readFixture('openai-text.json'))));
    const response = await openai(fetch).passthrough!({ model: 'gpt-5.4', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }, gpt5(), callContext());
    expect(response.status).toBe(200);
    expect(sent[0]!.body).toEqual({ model: 'gpt-5.4', max_completion_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    await openai(fetch).passthrough!({ model: 'gpt-5.4', max_tokens: 64, max_completion_tokens: 32, messages: [] }, gpt5(), callContext());
    expect(sent[1]!.body).toEqual({ model: 'gpt-5.4', max_completion_tokens: 32, messages: [] });

    const deepseekUpstream = fakeFetch(() => jsonResponse(readFixture('openai-text.json')));
    const deepseek = createDeepSeekProvider({ apiKey: 'sk-test', baseUrl: 'https://upstream.test/', fetch: deepseekUpstream.fetch, logger: silentLogger });
    const flash = deepseek.models().find((model) => model.id === 'deepseek/deepseek-flash')!;
    await deepseek.passthrough!({ model: 'deepseek-flash', max_completion_tokens: 50, messages: [] }, flash, callContext());
    expect(deepseekUpstream.sent[0]!.body).toEqual({ model: 'deepseek-flash', max_tokens: 50, messages: [] });
  });

  it('passthrough sends DeepSeek and Kimi a developer message as system (both refuse the role), OpenAI as written', async () => {
    const clientBody = (model: string) => ({ model, messages: [{ role: 'developer', content: 'Be terse' }, { role: 'user', content: 'hi' }] });
    for (const [create, id] of [[createDeepSeekProvider, 'deepseek/deepseek-flash'], [createKimiProvider, 'kimi/kimi-k2-0905-preview']] as const) {
      const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('openai-text.json')));
      const provider = create({ apiKey: 'sk-test', baseUrl: 'https://upstream.test/', fetch, logger: silentLogger });
      await provider.passthrough!(clientBody(id), provider.models().find((model) => model.id === id)!, callContext());
      expect(sent[0]!.body).toEqual({ model: id, messages: [{ role: 'system', content: 'Be terse' }, { role: 'user', content: 'hi' }] });
    }
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('openai-text.json')));
    await openai(fetch).passthrough!(clientBody('gpt-4.1'), gpt41(), callContext());
    expect(sent[0]!.body).toEqual(clientBody('gpt-4.1'));
  });

  it('passthrough asks DeepSeek for json_object, the schema joining the system prompt a developer message became', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('deepseek-text.json')));
    const deepseek = createDeepSeekProvider({ apiKey: 'sk-test', baseUrl: 'https://upstream.test/', fetch, logger: silentLogger });
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const messages = [{ role: 'developer', content: 'Be terse' }, { role: 'user', content: 'hi' }];
    await deepseek.passthrough!({ model: 'deepseek-flash', response_format: { type: 'json_schema', json_schema: { name: 'reply', schema, strict: true } }, messages }, deepseek.models()[0]!, callContext());
    expect(sent[0]!.body).toEqual({
      model: 'deepseek-flash', response_format: { type: 'json_object' },
      messages: [{ role: 'system', content: expect.stringMatching(/^Be terse\n\nAnswer with a json object only.*"reply"/) }, { role: 'user', content: 'hi' }],
    });
    expect((sent[0]!.body.messages as { content: string }[])[0]!.content).toContain(JSON.stringify(schema));
  });

  it('passthrough returns error statuses as responses', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(errorBody('rate_limit_exceeded'), 429, { 'retry-after': '3' }));
    const response = await openai(fetch).passthrough!({ model: 'gpt-5.4', messages: [] }, gpt5(), callContext());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(JSON.parse((await readPassthroughBody(response.body)).toString())).toEqual(JSON.parse(errorBody('rate_limit_exceeded')));
  });

  function tapBytes(stream: boolean, text: string, size: number) {
    const tap = openai(fakeFetch(() => jsonResponse('{}')).fetch).createUsageTap!(stream);
    const bytes = new TextEncoder().encode(text);
    for (let offset = 0; offset < bytes.length; offset += size) tap.write(bytes.slice(offset, offset + size));
    return tap.end();
  }

  it('the stream tap reads usage, the model that answered and finish from every recorded stream, whatever the chunking', () => {
    expect(tapBytes(true, sseTextOf('openai-text.chunks.txt'), 5)).toEqual({ usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 }, upstreamModel: 'gpt-4.1-nano-2025-04-14', finishReason: 'stop', error: null, deliveredTokens: expect.any(Number), firstContentAt: expect.any(Number) });
    // The delivered-content estimate does not depend on how the bytes were cut.
    const delivered = tapBytes(true, sseTextOf('openai-text.chunks.txt'), 4096).deliveredTokens!;
    expect(delivered).toBeGreaterThan(0);
    expect(tapBytes(true, sseTextOf('openai-text.chunks.txt'), 7).deliveredTokens).toBe(delivered);
    expect(tapBytes(true, sseTextOf('deepseek-tool-call.chunks.txt'), 1000)).toMatchObject({ usage: { inputTokens: 339, cachedInputTokens: 320, reasoningTokens: 39 }, upstreamModel: 'deepseek-reasoner', finishReason: 'tool-calls', error: null });
    expect(tapBytes(true, sseTextOf('deepseek-reasoning.chunks.txt'), 17)).toMatchObject({ usage: { reasoningTokens: 205 }, finishReason: 'stop' });
    expect(tapBytes(true, sseTextOf('deepseek-text.chunks.txt'), 4096)).toMatchObject({ usage: { outputTokens: 400 }, finishReason: 'length' });
    expect(tapBytes(true, sseTextOf('moonshotai-stream.chunks.txt'), 2)).toMatchObject({ usage: { inputTokens: 9, outputTokens: 12, reasoningTokens: 7 }, upstreamModel: 'kimi-k3', finishReason: 'stop' });
  });

  it('the stream tap reports a cut-off stream and a JSON error answered to a stream request', () => {
    const cut = sseTextOf('openai-text.chunks.txt').split('\n\n').slice(0, 10).join('\n\n');
    expect(tapBytes(true, cut, 64)).toMatchObject({ usage: null, finishReason: null, error: { kind: 'connection' } });
    expect(tapBytes(true, errorBody('rate_limit_exceeded', 'slow down'), 9)).toEqual({ usage: null, finishReason: null, error: { kind: 'rate-limit', message: 'slow down' } });
  });

  it('the JSON tap reads every recorded body', () => {
    expect(tapBytes(false, readFixture('deepseek-tool-call.json'), 13)).toEqual({ usage: { inputTokens: 339, outputTokens: 92, cachedInputTokens: 320, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 48 }, upstreamModel: 'deepseek-reasoner', finishReason: 'tool-calls', error: null });
    expect(tapBytes(false, readFixture('moonshotai-reasoning.json'), 100)).toMatchObject({ usage: { cachedInputTokens: 10, reasoningTokens: 22 }, upstreamModel: 'kimi-k2.6', finishReason: 'stop' });
    expect(tapBytes(false, readFixture('reasoning-model-legacy-parameter-error.json'), 50)).toMatchObject({ usage: null, error: { kind: 'invalid-request' } });
  });
});
