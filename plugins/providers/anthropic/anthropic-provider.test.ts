import { describe, expect, it, vi } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import type { ProviderOptions } from '../shared/provider-options';
import { callContext, collect, fakeFetch, hangingFetch, jsonResponse, refusingOrigin, silentLogger, upstreamErrorOf } from '../shared/provider-test-support';
import type { FetchFunction } from '../shared/upstream-fetch';
import { createAnthropicProvider } from './anthropic-provider';
import { readFixture, sseBytesOf, sseResponse, summarizeParts } from './fixture-responses';
import catalog from './models.json';
import { readPassthroughBody } from '../../../kernel/canonical/passthrough-body';

const model = (catalog as readonly ModelInfo[]).find((entry) => entry.id === 'anthropic/claude-sonnet-4-6')!;
const request: CanonicalRequest = { model: 'claude-sonnet-4-6', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], tools: [], stop: [], metadata: {}, stream: false };

function provider(fetch: FetchFunction, overrides: Partial<ProviderOptions> = {}) {
  return createAnthropicProvider({ name: 'anthropic', apiKey: 'test-anthropic-key', baseUrl: 'https://upstream.test', models: catalog as readonly ModelInfo[], fetch, logger: silentLogger, ...overrides });
}

describe('anthropic provider: catalog', () => {
  it('lists no model Anthropic has retired on the Claude API, which answers every call to one with an error', () => {
    // platform.claude.com/docs/en/about-claude/pricing: "Claude Opus 4.1 (retired, except on Bedrock and Google Cloud)";
    // this provider calls the Claude API, so a call to it could only fail upstream after taking a hold.
    const retired = ['claude-opus-4-1-20250805'];
    expect((catalog as readonly ModelInfo[]).filter((entry) => retired.includes(entry.upstreamId)).map((entry) => entry.id)).toEqual([]);
  });
});

describe('anthropic provider: calls', () => {
  it('adds the structured-outputs beta to the client\'s betas when the body holds output_format', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('anthropic-text.json')));
    const structured: CanonicalRequest = { ...request, responseFormat: { type: 'json-schema', name: 'output', schema: { type: 'object' }, strict: true } };
    await provider(fetch).generate(structured, model, callContext({ forwardHeaders: { 'anthropic-beta': 'context-management-2025-06-27' } }));
    await provider(fetch).generate(structured, model, callContext({ forwardHeaders: { 'anthropic-beta': 'structured-outputs-2025-11-13' } }));
    expect(sent.map((call) => (call.init.headers as Record<string, string>)['anthropic-beta'])).toEqual(['context-management-2025-06-27,structured-outputs-2025-11-13', 'structured-outputs-2025-11-13']);
    expect(sent[0]!.body).toMatchObject({ output_format: { type: 'json_schema', schema: { type: 'object' } } });
  });

  it('generate posts to /v1/messages with our key and the forwarded version and beta headers', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('anthropic-text.json')));
    const response = await provider(fetch).generate(request, model, callContext({ forwardHeaders: { 'Anthropic-Beta': 'context-management-2025-06-27', 'anthropic-version': '2023-06-01', authorization: 'Bearer client-key' } }));
    expect(sent[0]!.url).toBe('https://upstream.test/v1/messages');
    expect(sent[0]!.init.headers).toMatchObject({ 'x-api-key': 'test-anthropic-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'context-management-2025-06-27' });
    expect(sent[0]!.init.headers).not.toHaveProperty('authorization');
    expect(sent[0]!.body).toMatchObject({ model: 'claude-sonnet-4-6', max_tokens: 128000, stream: false });
    expect(response).toMatchObject({ id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ', model: 'anthropic/claude-sonnet-4-6', finishReason: 'stop' });
  });

  it('stream replays a recorded stream into canonical parts', async () => {
    const { fetch, sent } = fakeFetch(() => sseResponse('anthropic-clear-thinking.1.chunks.txt'));
    const parts = await collect(await provider(fetch).stream({ ...request, stream: true }, model, callContext()));
    expect(sent[0]!.body.stream).toBe(true);
    const summary = summarizeParts(parts);
    expect(summary.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text']);
    expect(summary.finish).toMatchObject({ reason: 'stop', usage: { inputTokens: 69, outputTokens: 53 } });
  });

  it('countTokens asks count_tokens and returns its number', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse('{"input_tokens":14}'));
    await expect(provider(fetch).countTokens!(request, model, callContext())).resolves.toBe(14);
    expect(sent[0]!.url).toBe('https://upstream.test/v1/messages/count_tokens');
    expect(Object.keys(sent[0]!.body).sort()).toEqual(['messages', 'model']);
  });

  it('passthrough sends the body as given and hands back status, headers and bytes untouched', async () => {
    const body = { model: 'claude-sonnet-4-5-20250929', max_tokens: 10, messages: [], context_management: { edits: [] }, output_config: { effort: 'low' } };
    const upstreamBody = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const { fetch, sent } = fakeFetch(() => jsonResponse(upstreamBody, 529, { 'x-should-retry': 'true' }));
    const response = await provider(fetch).passthrough!(body, model, callContext({ forwardHeaders: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14' } }));
    expect(sent[0]!.body).toEqual(body);
    expect(sent[0]!.init.headers).toMatchObject({ 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14' });
    expect(response.status).toBe(529);
    expect(response.headers.get('x-should-retry')).toBe('true');
    expect((await readPassthroughBody(response.body)).toString()).toBe(upstreamBody);
  });

  it('refuses to call without a key and says it is disabled', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse('{}'));
    const keyless = provider(fetch, { apiKey: undefined });
    expect(keyless.enabled).toBe(false);
    expect((await upstreamErrorOf(keyless.generate(request, model, callContext()))).details.info.kind).toBe('authentication');
    expect(sent).toEqual([]);
  });
});

describe('anthropic provider: countPassthrough (a Messages client\'s count, as passthrough sends its create call)', () => {
  const prompt = {
    model: 'claude-sonnet-4-6',
    system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } }, { type: 'text', text: 'Summarise it, then search the news.' }] }],
    tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }, { name: 'lookup', input_schema: { type: 'object' } }],
    mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'example' }],
    context_management: { edits: [{ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 30_000 } }] },
    cache_control: { type: 'ephemeral' },
    thinking: { type: 'enabled', budget_tokens: 2_048 },
    output_config: { effort: 'low' },
    speed: 'fast',
  };
  /** What create takes and count_tokens refuses ("Extra inputs are not permitted"). */
  const createOnly = { max_tokens: 1_024, stream: true, temperature: 1, top_k: 5, stop_sequences: ['END'], metadata: { user_id: 'u1' }, service_tier: 'auto', container: 'container_1', inference_geo: 'us' };
  const answer = { input_tokens: 2_095, context_management: { original_input_tokens: 2_095 } };

  it('sends the prompt as written (server tools, mcp_servers, Files API sources, context_management, cache_control, fields the gateway does not know) and leaves out what only create takes', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(JSON.stringify(answer)));
    await provider(fetch).countPassthrough!({ ...prompt, ...createOnly }, model, callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1/messages/count_tokens');
    expect(sent[0]!.body).toEqual(prompt);
  });

  it('forwards the client\'s anthropic-version and anthropic-beta, adding no beta of its own, and answers Anthropic\'s count whole', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(JSON.stringify(answer)));
    const betas = 'context-management-2025-06-27,mcp-client-2025-04-04,files-api-2025-04-14';
    const structured = { ...prompt, output_format: { type: 'json_schema', schema: { type: 'object' } } };
    const counted = await provider(fetch).countPassthrough!(structured, model, callContext({ forwardHeaders: { 'anthropic-beta': betas, 'anthropic-version': '2023-06-01', authorization: 'Bearer client-key' } }));
    expect(counted).toEqual({ inputTokens: 2_095, answer });
    expect(sent[0]!.init.headers).toMatchObject({ 'x-api-key': 'test-anthropic-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': betas });
    expect(sent[0]!.init.headers).not.toHaveProperty('authorization');
  });

  it('fits a conversation carried over from another model as passthrough fits it: its unsigned thinking left out, so the count is of what create sends', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse('{"input_tokens":30}'));
    const carried = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'from DeepSeek', signature: '' }, { type: 'text', text: 'Hello' }] }, { role: 'user', content: 'Again' }] };
    await provider(fetch).countPassthrough!(carried, model, callContext());
    expect((sent[0]!.body.messages as { content: unknown }[])[1]!.content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('an answer without input_tokens is the upstream\'s fault; an error status is its error', async () => {
    const malformed = fakeFetch(() => jsonResponse('{"context_management":{}}'));
    expect((await upstreamErrorOf(provider(malformed.fetch).countPassthrough!(prompt, model, callContext()))).code).toBe('BSK_UPSTREAM_MALFORMED');
    const refused = fakeFetch(() => jsonResponse('{"type":"error","error":{"type":"invalid_request_error","message":"mcp_servers: requires the mcp-client beta"}}', 400));
    const error = await upstreamErrorOf(provider(refused.fetch).countPassthrough!(prompt, model, callContext()));
    expect(error.details.info).toMatchObject({ kind: 'invalid-request', status: 400, message: 'mcp_servers: requires the mcp-client beta' });
  });
});

describe('anthropic provider: usage tap', () => {
  const tap = (stream: boolean, bytes: string) => {
    const usageTap = provider(fakeFetch(() => jsonResponse('{}')).fetch).createUsageTap!(stream);
    const encoded = new TextEncoder().encode(bytes);
    // Split mid-event to prove the tap buffers across chunks.
    usageTap.write(encoded.slice(0, 37));
    usageTap.write(encoded.slice(37));
    return usageTap.end();
  };

  it('reads usage, the model that answered (message_start\'s) and finish from a passthrough stream without double counting a repeated message_start', () => {
    expect(tap(true, sseBytesOf('duplicate-message-start.chunks.txt'))).toEqual({
      usage: { inputTokens: 17, outputTokens: 227, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 }, upstreamModel: 'claude-3-haiku-20240307', finishReason: 'stop', error: null, deliveredTokens: expect.any(Number), firstContentAt: expect.any(Number),
    });
  });

  it('reads usage and the model that answered from a JSON body, and the error from a JSON error body', () => {
    expect(tap(false, readFixture('anthropic-json-tool.1.json'))).toMatchObject({ usage: { inputTokens: 1151, outputTokens: 87 }, upstreamModel: 'claude-haiku-4-5-20251001', finishReason: 'tool-calls', error: null });
    expect(tap(false, '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}').error).toEqual({ kind: 'rate-limit', message: 'slow down' });
  });

  it('parses content events only when the delivered tokens are read, to the same count (the model that answered comes from message_start, parsed for its usage)', () => {
    const text = sseBytesOf('anthropic-text.chunks.txt');
    const contentEvents = text.split('\n\n').filter((event) => /^event: (content_block_|ping)/.test(event)).length;
    const everyEvent = text.split('\n\n').filter((event) => event.includes('data:')).length;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const result = tap(true, text);
      expect(parse).toHaveBeenCalledTimes(everyEvent - contentEvents);
      expect(result).toMatchObject({ usage: { inputTokens: 12 }, upstreamModel: 'claude-sonnet-4-5-20250929', finishReason: 'stop', error: null });
      expect(result.deliveredTokens).toBeGreaterThan(1);
      expect(parse).toHaveBeenCalledTimes(2 * everyEvent - contentEvents);
    } finally {
      parse.mockRestore();
    }
  });

  it('fails the stream at a content event that is not JSON, reading nothing after it (a failure never bills)', () => {
    const text = sseBytesOf('anthropic-text.chunks.txt').replace(/event: content_block_delta\ndata: [^\n]*/, 'event: content_block_delta\ndata: {"type":"content_block_delta","ind');
    const usageTap = provider(fakeFetch(() => jsonResponse('{}')).fetch).createUsageTap!(true);
    usageTap.write(new TextEncoder().encode(text));
    expect(usageTap.malformed).toEqual({ data: '{"type":"content_block_delta","ind', error: { kind: 'malformed-response', message: expect.stringContaining('not JSON') } });
    expect(usageTap.end()).toMatchObject({ finishReason: null, error: { kind: 'malformed-response' }, deliveredTokens: 0 });
  });

  it('reports a stream that stops halfway', () => {
    const cut = sseBytesOf('anthropic-text.chunks.txt').split('event: message_delta')[0]!;
    expect(tap(true, cut)).toMatchObject({ usage: { inputTokens: 12, outputTokens: 1 }, finishReason: null, error: { kind: 'connection' } });
    // What went by before the cut, for billing a cancelled stream: more than message_start's placeholder.
    expect(tap(true, cut).deliveredTokens).toBeGreaterThan(1);
  });
});

describe('anthropic provider: error classification', () => {
  const errorBody = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message } });

  it('429 rate_limit_error keeps retry-after', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(errorBody('rate_limit_error', 'Number of request tokens has exceeded your rate limit'), 429, { 'retry-after': '17' }));
    const error = await upstreamErrorOf(provider(fetch).stream(request, model, callContext()));
    expect(error.details.info).toEqual({ kind: 'rate-limit', message: 'Number of request tokens has exceeded your rate limit', status: 429, retryAfterSeconds: 17 });
    expect(error.status).toBe(429);
  });

  it.each([
    [529, 'overloaded_error', 'overloaded'],
    [500, 'api_error', 'upstream'],
    [503, 'api_error', 'overloaded'],
    [401, 'authentication_error', 'authentication'],
    [400, 'invalid_request_error', 'invalid-request'],
  ])('%i %s → %s', async (status, type, kind) => {
    const { fetch } = fakeFetch(() => jsonResponse(errorBody(type, 'failed'), status));
    const error = await upstreamErrorOf(provider(fetch).generate(request, model, callContext()));
    expect(error.details.info).toMatchObject({ kind, status });
  });

  it('a mid-stream error event arrives as an error part after the content so far', async () => {
    const lines = readFixture('anthropic-text.chunks.txt').split('\n').slice(0, 4);
    const bytes = [...lines.map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`), `event: error\ndata: ${errorBody('overloaded_error', 'Overloaded')}\n\n`].join('');
    const { fetch } = fakeFetch(() => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }));
    const parts = await collect(await provider(fetch).stream(request, model, callContext()));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'overloaded', message: 'Overloaded' } });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
  });

  it('a stream refused in its first event carries the retry-after of its 200 head', async () => {
    const bytes = `event: error\ndata: ${errorBody('overloaded_error', 'Overloaded')}\n\n`;
    const { fetch } = fakeFetch(() => new Response(bytes, { headers: { 'content-type': 'text/event-stream', 'retry-after': '12' } }));
    const parts = await collect(await provider(fetch).stream(request, model, callContext()));
    expect(parts).toEqual([{ type: 'error', error: { kind: 'overloaded', message: 'Overloaded', retryAfterSeconds: 12 } }]);
  });

  it('connection refused is a connection error', async () => {
    const error = await upstreamErrorOf(provider(nodeHttpFetch, { baseUrl: await refusingOrigin() }).generate(request, model, callContext()));
    expect(error.details.info).toEqual({ kind: 'connection', message: 'ECONNREFUSED' });
  });

  it('an aborted call is a timeout', async () => {
    const controller = new AbortController();
    const pending = provider(hangingFetch).generate(request, model, callContext({ signal: controller.signal }));
    controller.abort(new Error('client went away'));
    expect((await upstreamErrorOf(pending)).details.info).toEqual({ kind: 'timeout', message: 'client went away' });
  });

  it('the configured deadline is a timeout', async () => {
    const error = await upstreamErrorOf(provider(hangingFetch, { timeoutMs: 20 }).generate(request, model, callContext()));
    expect(error.details.info.kind).toBe('timeout');
  });

  it('a body that is not JSON is a malformed response', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>proxy</html>', { status: 200 }));
    expect((await upstreamErrorOf(provider(fetch).generate(request, model, callContext()))).details.info.kind).toBe('malformed-response');
  });
});
