import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import type { ProviderOptions } from '../shared/provider-options';
import { callContext, collect, fakeFetch, hangingFetch, jsonResponse, refusingOrigin, silentLogger, upstreamErrorOf } from '../shared/provider-test-support';
import type { FetchFunction } from '../shared/upstream-fetch';
import { collectStreamParts } from '../../../kernel/canonical/collect-stream';
import { readFixture, sseResponse } from './fixture-responses';
import { createGeminiProvider } from './gemini-provider';
import catalog from './models.json';

const model = (catalog as readonly ModelInfo[]).find((entry) => entry.id === 'gemini/gemini-2.5-flash')!;
const request: CanonicalRequest = { model: 'gemini-2.5-flash', system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'How many r in strawberry?' }] }], tools: [], stop: [], metadata: {}, stream: false };

function provider(fetch: FetchFunction, overrides: Partial<ProviderOptions> = {}) {
  return createGeminiProvider({ name: 'gemini', apiKey: 'AIza-test', baseUrl: 'https://upstream.test/', models: catalog as readonly ModelInfo[], fetch, logger: silentLogger, ...overrides });
}


describe('gemini catalog: lifecycle', () => {
  it('retires gemini-3-pro-preview on the day Google shut it down, pointing to 3.1 Pro, and sets no other date', () => {
    // https://ai.google.dev/gemini-api/docs/deprecations: gemini-3-pro-preview, shutdown March 9, 2026, recommended
    // replacement gemini-3.1-pro-preview. The page's dates for the 2.5 models differ between its editions
    // ("June 17, 2026", later "earliest possible dates"), so they are not set.
    const dated = (catalog as readonly ModelInfo[]).filter((entry) => entry.retiresAt !== undefined);
    expect(dated.map(({ id, retiresAt, replacement }) => ({ id, retiresAt, replacement }))).toEqual([{ id: 'gemini/gemini-3-pro-preview', retiresAt: '2026-03-09', replacement: 'gemini/gemini-3.1-pro-preview' }]);
  });
});
describe('gemini provider: calls', () => {
  it('generate posts to :generateContent with x-goog-api-key', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('google-text.json')));
    const response = await provider(fetch).generate(request, model, callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent[0]!.init.headers).toMatchObject({ 'x-goog-api-key': 'AIza-test' });
    expect(sent[0]!.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] } });
    expect(response).toMatchObject({ model: 'gemini/gemini-2.5-flash', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 272 } });
  });

  it('stream uses :streamGenerateContent?alt=sse and replays the recording', async () => {
    const { fetch, sent } = fakeFetch(() => sseResponse('google-stream-tool-call-arguments.chunks.txt'));
    const parts = await collect(await provider(fetch).stream({ ...request, stream: true }, model, callContext()));
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    const collected = collectStreamParts(parts);
    expect(collected.content.map((part) => part.type === 'tool-call' && part.input)).toEqual([{ location: 'Boston' }, { location: 'San Francisco' }]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'tool-calls' });
  });

  it('countTokens posts the generateContent request to :countTokens', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse('{"totalTokens":31}'));
    await expect(provider(fetch).countTokens!(request, model, callContext())).resolves.toBe(31);
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-2.5-flash:countTokens');
    expect(sent[0]!.body).toEqual({ generateContentRequest: { model: 'models/gemini-2.5-flash', contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] } } });
  });

  it('has no passthrough and is disabled without a key', () => {
    const gemini = provider(fakeFetch(() => jsonResponse('{}')).fetch, { apiKey: undefined });
    expect(gemini.passthrough).toBeUndefined();
    expect(gemini.createUsageTap).toBeUndefined();
    expect(gemini.enabled).toBe(false);
  });
});

describe('gemini provider: error classification', () => {
  const googleError = (code: number, status: string, message: string) => JSON.stringify({ error: { code, message, status } });

  it('429 with RetryInfo is a rate limit with retryAfterSeconds', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(readFixture('google-429-retry-info.json'), 429));
    const error = await upstreamErrorOf(provider(fetch).stream(request, model, callContext()));
    expect(error.details.info).toEqual({ kind: 'rate-limit', message: 'You exceeded your current quota, please check your plan.', status: 429, retryAfterSeconds: 35 });
  });

  it.each([
    [500, 'INTERNAL', 'upstream'],
    [503, 'UNAVAILABLE', 'overloaded'],
    [401, 'UNAUTHENTICATED', 'authentication'],
    [404, 'NOT_FOUND', 'not-found'],
  ])('%i %s → %s', async (status, googleStatus, kind) => {
    const { fetch } = fakeFetch(() => jsonResponse(googleError(status, googleStatus, 'failed'), status));
    expect((await upstreamErrorOf(provider(fetch).generate(request, model, callContext()))).details.info).toMatchObject({ kind, status });
  });

  it('an error chunk mid-stream arrives as an error part', async () => {
    const bytes = `data: ${readFixture('google-text.chunks.txt').split('\n')[0]}\n\ndata: ${googleError(500, 'INTERNAL', 'An internal error has occurred.')}\n\n`;
    const { fetch } = fakeFetch(() => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }));
    const parts = await collect(await provider(fetch).stream(request, model, callContext()));
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'upstream', message: 'An internal error has occurred.', status: 500 } });
  });

  it('an error chunk first takes the 200 head\'s retry-after, unless its own RetryInfo says when', async () => {
    const streamed = async (error: string) => {
      const { fetch } = fakeFetch(() => new Response(`data: ${error}\n\n`, { headers: { 'content-type': 'text/event-stream', 'retry-after': '9' } }));
      return collect(await provider(fetch).stream(request, model, callContext()));
    };
    expect(await streamed(googleError(503, 'UNAVAILABLE', 'The model is overloaded.'))).toEqual([{ type: 'error', error: { kind: 'overloaded', message: 'The model is overloaded.', status: 503, retryAfterSeconds: 9 } }]);
    expect(await streamed(JSON.stringify(JSON.parse(readFixture('google-429-retry-info.json'))))).toMatchObject([{ type: 'error', error: { kind: 'rate-limit', retryAfterSeconds: 35 } }]);
  });

  it('a body cut mid-stream ends in a connection error part', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`data: ${readFixture('google-text.chunks.txt').split('\n')[0]}\n\n`));
        controller.error(new TypeError('terminated'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const parts = await collect(await provider(fetch).stream(request, model, callContext()));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'connection', message: 'terminated' } });
  });

  it('connection refused is a connection error', async () => {
    const error = await upstreamErrorOf(provider(nodeHttpFetch, { baseUrl: await refusingOrigin() }).generate(request, model, callContext()));
    expect(error.details.info).toEqual({ kind: 'connection', message: 'ECONNREFUSED' });
  });

  it('an aborted call is a timeout', async () => {
    const controller = new AbortController();
    const pending = provider(hangingFetch).stream(request, model, callContext({ signal: controller.signal }));
    controller.abort(new Error('client went away'));
    expect((await upstreamErrorOf(pending)).details.info).toEqual({ kind: 'timeout', message: 'client went away' });
  });
});
