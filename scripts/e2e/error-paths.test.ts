import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callGateway, chatBody, expectReleased, type Protocol, reportsError, ssePayloads } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * Upstream failures reach the client in its own protocol (a JSON error, or an SSE error event
 * once the stream has started) and leave the wallet exactly as it was: both protocols, on the
 * native passthrough path (the provider speaks the client's protocol) and the translated one.
 */
let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness();
});
afterAll(async () => gateway?.close());

/** For each protocol: a model it reaches natively (passthrough) and one it reaches by translation. */
const ROUTES: { protocol: Protocol; path: 'passthrough' | 'translated'; model: string }[] = [
  { protocol: 'messages', path: 'passthrough', model: 'anthropic/claude-sonnet-4-6' },
  { protocol: 'messages', path: 'translated', model: 'openai/gpt-5.4' },
  { protocol: 'chat', path: 'passthrough', model: 'openai/gpt-5.4' },
  { protocol: 'chat', path: 'translated', model: 'anthropic/claude-sonnet-4-6' },
];

/** How long each failing upstream keeps the gateway waiting: time that is not the gateway's overhead. */
const UPSTREAM_WAIT_MS = 400;

const FAULTS = [
  // An upstream's 5xx is the gateway's 502 (Bad Gateway): the client's request was fine.
  { name: 'an upstream 500', directive: `[[delay:${UPSTREAM_WAIT_MS}]] [[fault:status=500]]`, stream: false, status: 502, flags: undefined },
  { name: 'an upstream 429', directive: `[[delay:${UPSTREAM_WAIT_MS}]] [[fault:status=429,retry-after=7]]`, stream: false, status: 429, flags: undefined },
  { name: 'a timeout', directive: '[[fault:hang]]', stream: true, status: 504, flags: { timeout_ms: UPSTREAM_WAIT_MS } },
  // The head arrived in time; the body did not.
  { name: 'a timeout in the middle of a body', directive: '[[fault:stall]]', stream: false, status: 504, flags: { timeout_ms: UPSTREAM_WAIT_MS } },
  { name: 'a mid-stream disconnect', directive: '[[long:10]] [[fault:disconnect-after=4]]', stream: true, status: 200, flags: undefined, streamError: { messages: 'api_error', chat: 'BSK_UPSTREAM_CONNECTION' } },
  // The stream had started when the deadline passed: still a timeout, told in the stream's error ending.
  { name: 'a timeout in the middle of a stream', directive: '[[long:10]] [[fault:stall]]', stream: true, status: 200, flags: { timeout_ms: UPSTREAM_WAIT_MS }, streamError: { messages: 'timeout_error', chat: 'BSK_UPSTREAM_TIMEOUT' } },
] as const;

/** The error body of either protocol: Anthropic `{type: 'error', error}` or OpenAI `{error}`. */
function errorOf(protocol: Protocol, text: string): { type: string; message: string; code?: string } {
  const body = JSON.parse(text) as { type?: string; error: { type: string; message: string; code?: string } };
  if (protocol === 'messages') expect(body.type).toBe('error');
  return body.error;
}

describe.each(ROUTES)('$protocol front-end, $path path ($model)', ({ protocol, model }) => {
  it.each(FAULTS)('$name: the client gets its protocol\'s error and the wallet is unchanged', async (fault) => {
    const before = await gateway.balance();
    const call = await callGateway(gateway, protocol, chatBody(protocol, model, `error path ${fault.directive}`, fault.stream), { flags: fault.flags });
    expect(call.status).toBe(fault.status);
    if (fault.status >= 400) {
      const error = errorOf(protocol, call.text);
      expect(error.message.length).toBeGreaterThan(0);
      // As a timeout before the head is reported: Anthropic's `timeout_error`, OpenAI's code.
      if (fault.status === 504) expect(protocol === 'messages' ? error.type : error.code).toBe(protocol === 'messages' ? 'timeout_error' : 'BSK_UPSTREAM_TIMEOUT');
      if (fault.status === 429) expect(call.headers.get('retry-after')).toBe('7');
      expect(Number(call.headers.get('bytespike-overhead-ms'))).toBeLessThan(UPSTREAM_WAIT_MS / 2);
    } else {
      // The stream had started: the failure is an error event, after some content.
      expect(reportsError(call)).toBe(true);
      const errorEvent = ssePayloads(call.text).find((payload) => payload.type === 'error' || payload.error !== undefined)!;
      expect(protocol === 'messages' ? errorEvent.type : typeof errorEvent.error).toBe(protocol === 'messages' ? 'error' : 'object');
      // Told as it would have been before the head: a timeout is a timeout, a cut a connection failure.
      const error = errorEvent.error as { type: string; code?: string };
      if ('streamError' in fault) expect(protocol === 'messages' ? error.type : error.code).toBe(fault.streamError[protocol]);
    }
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, call.requestId);
  });
});
