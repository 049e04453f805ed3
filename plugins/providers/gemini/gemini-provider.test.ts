import { createServer } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { isUpstreamError, type UpstreamError } from '../../../kernel/canonical/upstream-error';
import type { FetchFunction } from '../shared/upstream-fetch';
import { collectStreamParts } from './collect-stream-parts';
import { jsonResponse, readFixture, sseResponse } from './fixture-responses';
import { createGeminiProvider, type GeminiProviderOptions } from './gemini-provider';
import catalog from './models.json';

const model = (catalog as readonly ModelInfo[]).find((entry) => entry.id === 'gemini/gemini-2.5-flash')!;
const request: CanonicalRequest = { model: 'gemini-2.5-flash', system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'How many r in strawberry?' }] }], tools: [], stop: [], metadata: {}, stream: false };

interface Sent { url: string; init: RequestInit; body: Record<string, unknown> }

function fakeFetch(respond: (sent: Sent) => Response): { fetch: FetchFunction; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const entry = { url: String(url), init, body: init.body ? JSON.parse(String(init.body)) : {} };
    sent.push(entry);
    return respond(entry);
  }) as FetchFunction;
  return { fetch, sent };
}

function provider(fetch: FetchFunction, overrides: Partial<GeminiProviderOptions> = {}) {
  return createGeminiProvider({ name: 'gemini', apiKey: 'AIza-test', baseUrl: 'https://upstream.test/', models: catalog as readonly ModelInfo[], fetch, logger: pino({ level: 'silent' }), ...overrides });
}

const call = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'req_1', forwardHeaders: {} });

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isUpstreamError(error)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

describe('gemini provider: calls', () => {
  it('generate posts to :generateContent with x-goog-api-key', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('google-text.json')));
    const response = await provider(fetch).generate(request, model, call());
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent[0]!.init.headers).toMatchObject({ 'x-goog-api-key': 'AIza-test' });
    expect(sent[0]!.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] } });
    expect(response).toMatchObject({ model: 'gemini/gemini-2.5-flash', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 272 } });
  });

  it('stream uses :streamGenerateContent?alt=sse and replays the recording', async () => {
    const { fetch, sent } = fakeFetch(() => sseResponse('google-stream-tool-call-arguments.chunks.txt'));
    const parts = await collect(await provider(fetch).stream({ ...request, stream: true }, model, call()));
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    const collected = collectStreamParts(parts);
    expect(collected.content.map((part) => part.type === 'tool-call' && part.input)).toEqual([{ location: 'Boston' }, { location: 'San Francisco' }]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'tool-calls' });
  });

  it('countTokens posts the generateContent request to :countTokens', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse('{"totalTokens":31}'));
    await expect(provider(fetch).countTokens!(request, model, call())).resolves.toBe(31);
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
    const error = await upstreamErrorOf(provider(fetch).stream(request, model, call()));
    expect(error.details.info).toEqual({ kind: 'rate-limit', message: 'You exceeded your current quota, please check your plan.', status: 429, retryAfterSeconds: 35 });
  });

  it.each([
    [500, 'INTERNAL', 'upstream'],
    [503, 'UNAVAILABLE', 'overloaded'],
    [401, 'UNAUTHENTICATED', 'authentication'],
    [404, 'NOT_FOUND', 'not-found'],
  ])('%i %s → %s', async (status, googleStatus, kind) => {
    const { fetch } = fakeFetch(() => jsonResponse(googleError(status, googleStatus, 'failed'), status));
    expect((await upstreamErrorOf(provider(fetch).generate(request, model, call()))).details.info).toMatchObject({ kind, status });
  });

  it('an error chunk mid-stream arrives as an error part', async () => {
    const bytes = `data: ${readFixture('google-text.chunks.txt').split('\n')[0]}\n\ndata: ${googleError(500, 'INTERNAL', 'An internal error has occurred.')}\n\n`;
    const { fetch } = fakeFetch(() => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }));
    const parts = await collect(await provider(fetch).stream(request, model, call()));
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'upstream', message: 'An internal error has occurred.', status: 500 } });
  });

  it('a body cut mid-stream ends in a connection error part', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`data: ${readFixture('google-text.chunks.txt').split('\n')[0]}\n\n`));
        controller.error(new TypeError('terminated'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const parts = await collect(await provider(fetch).stream(request, model, call()));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'connection', message: 'terminated' } });
  });

  it('connection refused is a connection error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await upstreamErrorOf(provider(globalThis.fetch, { baseUrl: `http://127.0.0.1:${port}` }).generate(request, model, call()));
    expect(error.details.info).toEqual({ kind: 'connection', message: 'ECONNREFUSED' });
  });

  it('an aborted call is a timeout', async () => {
    const hangingFetch = (async (_url: string | URL | Request, init: RequestInit = {}) =>
      new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as FetchFunction;
    const controller = new AbortController();
    const pending = provider(hangingFetch).stream(request, model, call(controller.signal));
    controller.abort(new Error('client went away'));
    expect((await upstreamErrorOf(pending)).details.info).toEqual({ kind: 'timeout', message: 'client went away' });
  });
});
