import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReleased } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * A non-streamed passthrough answer the gateway cannot vouch for is not relayed as a success:
 * a body cut off before its end is a 502 `BSK_UPSTREAM_CONNECTION`, a 2xx body that is not
 * JSON a 502 `BSK_UPSTREAM_MALFORMED`, each in the client's protocol, with the hold released,
 * as the translated paths answer. An upstream 403 (the upstream account may not use the
 * model) is relayed as a 403 like the upstream's other refusals; only a 401 means the
 * gateway's own upstream credentials were rejected (502 `BSK_UPSTREAM_AUTHENTICATION`).
 */
let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness();
});
afterAll(async () => gateway?.close());

type Route = { name: string; path: string; shape: 'anthropic' | 'openai'; body: (prompt: string) => object };

const ROUTES: Route[] = [
  { name: 'Messages passthrough (Claude)', path: '/v1/messages', shape: 'anthropic', body: (prompt) => ({ model: 'anthropic/claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Chat Completions passthrough (GPT)', path: '/v1/chat/completions', shape: 'openai', body: (prompt) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Responses passthrough (GPT)', path: '/v1/responses', shape: 'openai', body: (prompt) => ({ model: 'openai/gpt-4o-mini', input: prompt }) },
];

/** How long the slow faults keep the gateway waiting: time that is not the gateway's overhead. */
const UPSTREAM_WAIT_MS = 400;

const FAULTS = [
  { name: 'a body cut before its end', directive: '[[fault:disconnect-after=3]]', status: 502, anthropic: { type: 'api_error', message: expect.stringContaining('before the body ended') }, openai: { type: 'server_error', code: 'BSK_UPSTREAM_CONNECTION' } },
  // The head arrived in time, the body did not: a timeout, as when the head is late.
  { name: 'a body stalled past the timeout', directive: '[[fault:stall]]', flags: { timeout_ms: UPSTREAM_WAIT_MS }, status: 504, anthropic: { type: 'timeout_error' }, openai: { type: 'server_error', code: 'BSK_UPSTREAM_TIMEOUT' } },
  { name: 'an upstream 500 after a wait', directive: `[[delay:${UPSTREAM_WAIT_MS}]] [[fault:status=500]]`, status: 502, anthropic: { type: 'api_error' }, openai: { type: 'server_error', code: 'BSK_UPSTREAM_FAILED' } },
  { name: 'a 2xx body that is not JSON', directive: '[[fault:malformed-chunk]]', status: 502, anthropic: { type: 'api_error', message: expect.stringContaining('malformed upstream response') }, openai: { type: 'server_error', code: 'BSK_UPSTREAM_MALFORMED' } },
  // Relayed as the upstream sent it, like its other refusals (400, 404): OpenAI says 403 with its own type and code.
  { name: 'an upstream 403', directive: '[[fault:status=403]]', status: 403, anthropic: { type: 'permission_error' }, openai: {} },
  { name: 'an upstream 401', directive: '[[fault:status=401]]', status: 502, anthropic: { type: 'api_error', message: expect.stringContaining('credentials were rejected') }, openai: { type: 'server_error', code: 'BSK_UPSTREAM_AUTHENTICATION' } },
];

async function call(route: Route, prompt: string, flags?: object): Promise<{ status: number; requestId: string; overheadMs: number; body: { type?: string; error?: { type: string; code?: string | null; message: string } } }> {
  const response = await fetch(`${gateway.url}${route.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'anthropic-version': '2023-06-01', ...(flags ? { 'x-bytespike-flags': JSON.stringify(flags) } : {}) },
    body: JSON.stringify(route.body(prompt)),
  });
  const text = await response.text();
  let body = {};
  try {
    body = JSON.parse(text) as object;
  } catch {
    // Asserted below: the answer must be an error body.
  }
  return { status: response.status, requestId: response.headers.get('request-id')!, overheadMs: Number(response.headers.get('bytespike-overhead-ms')), body };
}

describe.each(ROUTES)('$name', (route) => {
  it.each(FAULTS)('$name: answers $status in the protocol\'s error shape and bills nothing', async (fault) => {
    const before = await gateway.balance();
    const answer = await call(route, `${fault.directive} hi`, 'flags' in fault ? fault.flags : undefined);
    expect(answer.status).toBe(fault.status);
    expect(answer.overheadMs).toBeLessThan(UPSTREAM_WAIT_MS / 2);
    if (route.shape === 'anthropic') expect(answer.body).toMatchObject({ type: 'error', error: fault.anthropic });
    else expect(answer.body).toMatchObject({ error: fault.openai });
    expect(answer.body.error?.message.length).toBeGreaterThan(0);
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, answer.requestId);
  });
});

/**
 * A passthrough stream whose upstream sends an event that is not JSON ends as a translated one
 * does: the broken bytes never reach the client, which gets its protocol's error ending instead,
 * and the hold is released. So does one whose connection is cut in the middle of an event (the
 * half event is not relayed), or that stalls past `timeout_ms` (told as a timeout).
 */
const STREAM_ROUTES = [
  { name: 'Messages passthrough (Claude)', path: '/v1/messages', body: (prompt: string) => ({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 256, stream: true, messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Chat Completions passthrough (GPT)', path: '/v1/chat/completions', body: (prompt: string) => ({ model: 'openai/gpt-4.1', stream: true, messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Responses passthrough (GPT)', path: '/v1/responses', body: (prompt: string) => ({ model: 'openai/gpt-5.4', stream: true, input: prompt }) },
];

type StreamEvent = { type?: string; sequence_number?: number; code?: string; error?: { type?: string; code?: string | null } };

/** A streamed call's text and its events, each of which must be JSON (the test fails at one that is not). */
async function streamed(route: (typeof STREAM_ROUTES)[number], prompt: string, flags?: object): Promise<{ requestId: string; text: string; events: StreamEvent[] }> {
  const response = await fetch(`${gateway.url}${route.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'anthropic-version': '2023-06-01', ...(flags ? { 'x-bytespike-flags': JSON.stringify(flags) } : {}) },
    body: JSON.stringify(route.body(prompt)),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  const payloads = text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).filter((data) => data !== '[DONE]');
  return { requestId: response.headers.get('request-id')!, text, events: payloads.map((data) => JSON.parse(data) as StreamEvent) };
}

describe.each(STREAM_ROUTES)('$name, streamed', (route) => {
  it('a malformed chunk is not relayed: the client gets its protocol\'s error ending, and nothing is billed', async () => {
    const before = await gateway.balance();
    // Every event the client got is JSON: the upstream's broken one was not passed on.
    const { requestId, text, events } = await streamed(route, '[[long:12]] [[fault:malformed-chunk=3]] hi');
    if (route.path === '/v1/messages') {
      expect(text).toMatch(/event: error\ndata: [^\n]+\n\n$/);
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('malformed upstream response') } });
    } else if (route.path === '/v1/chat/completions') {
      expect(events.at(-1)).toMatchObject({ error: { type: 'server_error', code: 'BSK_UPSTREAM_MALFORMED' } });
    } else {
      expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
      expect(events.at(-2)).toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
      // Numbered on from the upstream's events the client saw.
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, at) => at));
    }
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, requestId);
  });

  it('a connection cut before an event\'s closing blank line: the unfinished event is not relayed, the error ending is whole, and nothing is billed', async () => {
    const before = await gateway.balance();
    const { requestId, text, events } = await streamed(route, '[[long:12]] [[fault:disconnect-mid-event=5]] hi');
    // Whole events only, each ended by its blank line.
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text.split('\n\n').filter(Boolean).every((event) => /^(event: [\w.]+\n)?data: .+$/.test(event))).toBe(true);
    if (route.path === '/v1/messages') expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('before the body ended') } });
    else if (route.path === '/v1/chat/completions') expect(events.at(-1)).toMatchObject({ error: { code: 'BSK_UPSTREAM_CONNECTION' } });
    else expect(events.slice(-2)).toMatchObject([{ type: 'error', code: 'BSK_UPSTREAM_CONNECTION' }, { type: 'response.failed' }]);
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, requestId);
  });

  it('a stream stalled past timeout_ms ends with the protocol\'s timeout error, and nothing is billed', async () => {
    const before = await gateway.balance();
    const { requestId, events } = await streamed(route, '[[long:12]] [[fault:stall]] hi', { timeout_ms: UPSTREAM_WAIT_MS });
    if (route.path === '/v1/messages') expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    else if (route.path === '/v1/chat/completions') expect(events.at(-1)).toMatchObject({ error: { code: 'BSK_UPSTREAM_TIMEOUT' } });
    else expect(events.slice(-2)).toMatchObject([{ type: 'error', code: 'BSK_UPSTREAM_TIMEOUT' }, { type: 'response.failed', response: { error: { code: 'BSK_UPSTREAM_TIMEOUT' } } }]);
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, requestId);
  });
});
