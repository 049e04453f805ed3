import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { GatewayHarness } from './gateway-harness';

/** A raw call through the running gateway, as any HTTP client would make it. */
export interface RawCall {
  readonly requestId: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly elapsedMs: number;
}

export type Protocol = 'messages' | 'chat';

/** A minimal body of either protocol with one user turn. */
export function chatBody(protocol: Protocol, model: string, prompt: string, stream: boolean): Record<string, unknown> {
  const messages = [{ role: 'user', content: prompt }];
  return protocol === 'messages' ? { model, max_tokens: 256, messages, stream } : { model, messages, stream };
}

export async function callGateway(gateway: GatewayHarness, protocol: Protocol, body: Record<string, unknown>, options: { flags?: unknown; apiKey?: string; rawFlags?: string } = {}): Promise<RawCall> {
  const requestId = `req_e2e_${randomUUID().replace(/-/g, '')}`;
  const apiKey = options.apiKey ?? gateway.apiKey;
  const flagsHeader = options.rawFlags ?? (options.flags === undefined ? undefined : JSON.stringify(options.flags));
  const startedAt = performance.now();
  const response = await fetch(`${gateway.url}${protocol === 'messages' ? '/v1/messages' : '/v1/chat/completions'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'request-id': requestId, 'anthropic-version': '2023-06-01',
      ...(protocol === 'messages' ? { 'x-api-key': apiKey } : { authorization: `Bearer ${apiKey}` }),
      ...(flagsHeader === undefined ? {} : { 'x-bytespike-flags': flagsHeader }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { requestId: response.headers.get('request-id') ?? requestId, status: response.status, headers: response.headers, text, elapsedMs: performance.now() - startedAt };
}

/** The JSON payloads of an SSE body, in order (`[DONE]` left out). */
export function ssePayloads(text: string): Record<string, unknown>[] {
  return text.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).filter((data) => data && data !== '[DONE]').map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** The answer's text, from JSON or SSE, in either protocol. */
export function answerText(call: RawCall): string {
  if (!call.headers.get('content-type')?.includes('text/event-stream')) {
    const body = JSON.parse(call.text) as { content?: { type: string; text?: string }[]; choices?: { message: { content: string | null } }[] };
    return body.content ? body.content.map((block) => block.text ?? '').join('') : (body.choices?.[0]?.message.content ?? '');
  }
  return ssePayloads(call.text).map((payload) => {
    const delta = payload.delta as { text?: string } | undefined;
    const choice = (payload.choices as { delta?: { content?: string } }[] | undefined)?.[0];
    return delta?.text ?? choice?.delta?.content ?? '';
  }).join('');
}

/** Whether the answer reports an error (a JSON error body or an SSE error event), in either protocol. */
export function reportsError(call: RawCall): boolean {
  if (call.status >= 400) return true;
  return ssePayloads(call.text).some((payload) => payload.type === 'error' || payload.error !== undefined);
}

/** Upstream requests the simulator received whose body contains `marker`. */
export async function upstreamRequests(gateway: GatewayHarness, marker: string, simulatorUrl = gateway.simulatorUrl): Promise<{ provider: string }[]> {
  const { requests } = (await (await fetch(`${simulatorUrl}/__sim/requests`)).json()) as { requests: { provider: string; rawBody: string }[] };
  return requests.filter((request) => request.rawBody.includes(marker));
}

/** The same requests' paths and parsed bodies. */
export async function upstreamBodies(gateway: GatewayHarness, marker: string): Promise<{ path: string; body: Record<string, unknown> }[]> {
  const requests = (await upstreamRequests(gateway, marker)) as unknown as { path: string; rawBody: string }[];
  return requests.map((request) => ({ path: request.path, body: JSON.parse(request.rawBody) as Record<string, unknown> }));
}

/**
 * The ledger rule: one hold, closed by exactly one settlement (a `settle` entry when
 * anything was charged; a zero-credit settlement closes the hold without one). Returns
 * the credits charged.
 */
export async function expectOneSettlement(gateway: GatewayHarness, requestId: string, orgId = gateway.orgId): Promise<number> {
  const store = gateway.kernel.use('store');
  const entries = (await store.listLedger(orgId)).filter((entry) => entry.requestId === requestId);
  const reservation = await store.getReservation(requestId);
  expect(reservation?.status).toBe('settled');
  expect(entries.filter((entry) => entry.kind === 'hold')).toHaveLength(1);
  expect(entries.filter((entry) => entry.kind === 'settle')).toHaveLength(reservation!.charged! > 0 ? 1 : 0);
  return reservation!.charged!;
}

/**
 * A failed request: its hold was released and nothing was charged. The release may land a moment
 * after the client saw the error (a round trip later on PostgreSQL), so it is waited for.
 */
export async function expectReleased(gateway: GatewayHarness, requestId: string): Promise<void> {
  const store = gateway.kernel.use('store');
  await expect.poll(async () => (await store.getReservation(requestId))?.status, { timeout: 5_000 }).toBe('released');
  const entries = (await store.listLedger(gateway.orgId)).filter((entry) => entry.requestId === requestId);
  expect(entries.filter((entry) => entry.kind === 'settle')).toHaveLength(0);
}
