import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * A client that stops reading a long stream stops the upstream: while the client's socket is
 * full the gateway reads no more of the upstream (passthrough pauses it; a translated stream
 * pulls no more parts), so it holds no more of the answer than a socket buffer, and the
 * simulator's writes stall. When the client then disconnects, the request settles as
 * cancelled (499, what was delivered), as for a client that leaves while reading; when it
 * reads on instead, the stream resumes and arrives whole.
 *
 * The streams are larger than what the kernel's socket buffers take on loopback (about
 * 4.5 MB between the gateway and a client that stopped reading), so the gateway can only
 * finish reading its upstream by queueing the rest in its own memory.
 */

let gateway: GatewayHarness;
/** The gateway's side of each client connection, by the client's port. */
const gatewaySockets = new Map<number, Socket>();

beforeAll(async () => {
  gateway = await startGatewayHarness();
  gateway.kernel.use('http').app.server.on('connection', (socket: Socket) => gatewaySockets.set(socket.remotePort!, socket));
});
afterAll(async () => gateway?.close());

const chatPrompt = (deltas: number) => [{ role: 'user', content: `[[long:${deltas}]] hi` }];

/** The content deltas in a whole stream of the route's protocol. */
const countDeltas = {
  messages: (text: string) => text.split('"type":"content_block_delta"').length - 1,
  chat: (text: string) => text.match(/"delta":\{("role":"assistant",)?"content":"[^"]/g)?.length ?? 0,
  responses: (text: string) => text.split('event: response.output_text.delta').length - 1,
};

/** Full streams: Messages 7.8 MB (Claude Haiku's whole output limit), Chat Completions 14 MB, Responses more. */
const ROUTES = [
  { name: 'Messages passthrough (Claude)', path: '/v1/messages', deltas: 64_000, count: countDeltas.messages, body: { model: 'anthropic/claude-haiku-4-5', max_tokens: 64_000, stream: true, messages: chatPrompt(64_000) } },
  { name: 'Chat Completions passthrough (GPT)', path: '/v1/chat/completions', deltas: 50_000, count: countDeltas.chat, body: { model: 'openai/gpt-4o-mini', stream: true, messages: chatPrompt(50_000) } },
  { name: 'Responses passthrough (GPT)', path: '/v1/responses', deltas: 50_000, count: countDeltas.responses, body: { model: 'openai/gpt-4o-mini', stream: true, input: '[[long:50000]] hi' } },
  { name: 'Chat Completions translated (Claude)', path: '/v1/chat/completions', deltas: 50_000, count: countDeltas.chat, body: { model: 'anthropic/claude-haiku-4-5', stream: true, messages: chatPrompt(50_000) } },
] as const;

/** Starts a streamed call, reads about 1 KB of it, then stops reading (the response stays paused, what was read is kept). */
async function startSlowReader(path: string, body: object): Promise<{ request: ClientRequest; response: IncomingMessage; received: Buffer[]; requestId: string; gatewaySide: Socket }> {
  const request = httpRequest(`${gateway.url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'anthropic-version': '2023-06-01' } });
  request.end(JSON.stringify(body));
  const response = await new Promise<IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject));
  expect(response.statusCode).toBe(200);
  const received: Buffer[] = [];
  let read = 0;
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      received.push(chunk);
      read += chunk.length;
      if (read < 1024) return;
      response.off('data', onData);
      response.pause();
      resolve();
    };
    response.on('data', onData);
  });
  return { request, response, received, requestId: String(response.headers['request-id']), gatewaySide: gatewaySockets.get(request.socket!.localPort!)! };
}

/** Reads the rest of a paused response to its end: everything received, as text. */
async function readOn(response: IncomingMessage, received: Buffer[]): Promise<string> {
  response.on('data', (chunk: Buffer) => received.push(chunk));
  response.resume();
  await new Promise((resolve) => response.once('end', resolve));
  return Buffer.concat(received).toString('utf8');
}

/** Waits until the gateway has written nothing more to the client for a while (it stalled, or the stream ended). */
async function untilWritesStop(socket: Socket): Promise<void> {
  let last = -1;
  let quietPolls = 0;
  let quietSince = performance.now();
  for (const deadline = performance.now() + 3_000; performance.now() < deadline; await sleep(50)) {
    if (socket.bytesWritten !== last) {
      last = socket.bytesWritten;
      quietPolls = 0;
      quietSince = performance.now();
    } else if (++quietPolls >= 5 && performance.now() - quietSince >= 300) return;
  }
}

type Generation = { status: number; usage: { output_tokens: number } };

/** The request as `GET /v1/generation` reports it, or null before it is settled. */
async function generation(requestId: string): Promise<Generation | null> {
  const response = await fetch(`${gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
  const body = (await response.json()) as { data: Generation };
  return response.status === 200 ? body.data : null;
}

async function settledGeneration(requestId: string): Promise<Generation> {
  for (let attempt = 0; attempt < 100; attempt++, await sleep(20)) {
    const settled = await generation(requestId);
    if (settled) return settled;
  }
  throw new Error(`request ${requestId} was never settled`);
}

describe.each(ROUTES)('$name', ({ path, body, deltas, count }) => {
  it('a client that stops reading stops the upstream, and is billed as cancelled when it leaves', async () => {
    const { request, requestId, gatewaySide } = await startSlowReader(path, body);
    await untilWritesStop(gatewaySide);
    // What the gateway queued for the client in its own memory: at most about one upstream read.
    const queuedInGateway = gatewaySide.writableLength;
    request.destroy();
    const settled = await settledGeneration(requestId);
    expect(queuedInGateway).toBeLessThan(256 * 1024);
    // Settled as cancelled: the gateway never read the upstream to its end.
    expect(settled.status).toBe(499);
    expect(settled.usage.output_tokens).toBeGreaterThan(0);
  });

  it('a client that reads on after the stall gets the whole stream, billed in full', async () => {
    const { response, received, requestId, gatewaySide } = await startSlowReader(path, body);
    await untilWritesStop(gatewaySide);
    // Stalled mid-stream: nothing settled yet.
    expect(await generation(requestId)).toBeNull();
    const text = await readOn(response, received);
    expect(count(text)).toBe(deltas);
    const settled = await settledGeneration(requestId);
    expect(settled.status).toBe(200);
    expect(settled.usage.output_tokens).toBe(deltas);
  });
});
