import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSseResponse, type SseResponse } from './sse-response';

/** More than the client's socket and the kernel's buffers take from a client that does not read. */
const LARGE_EVENT = `data: ${'x'.repeat(16 * 1024 * 1024)}\n\n`;

describe('openSseResponse backpressure', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  /** Serves one SSE response and hands it to the test; the client's response starts paused. */
  async function open(): Promise<{ sse: SseResponse; request: ClientRequest; response: IncomingMessage }> {
    const server = Fastify();
    app = server;
    let opened!: (sse: SseResponse) => void;
    const sse = new Promise<SseResponse>((resolve) => (opened = resolve));
    server.get('/stream', (_request, reply) => opened(openSseResponse(reply, 200, {}, new AbortController().signal)));
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as { port: number };
    const request = httpRequest({ host: '127.0.0.1', port, path: '/stream' });
    request.on('error', () => undefined);
    request.end();
    const response = await new Promise<IncomingMessage>((resolve) => request.once('response', resolve));
    response.pause();
    return { sse: await sse, request, response };
  }

  it('reports no wait while the client keeps up, even with the socket corked for the turn', async () => {
    const { sse, response } = await open();
    response.resume();
    expect(sse.write('data: 1\n\n')).toBe(true);
    expect(sse.whenDrained()).toBeNull();
    sse.end('data: [DONE]\n\n');
  });

  it('after a write that fills the client\'s socket, waits until the client reads it', async () => {
    const { sse, response } = await open();
    expect(sse.write(LARGE_EVENT)).toBe(true);
    const drained = sse.whenDrained();
    expect(drained).not.toBeNull();
    // One wait, however often asked.
    expect(sse.whenDrained()).toBe(drained);
    let done = false;
    void drained!.then(() => (done = true));
    await sleep(100);
    expect(done).toBe(false);
    response.resume();
    await drained;
    expect(sse.whenDrained()).toBeNull();
    sse.end();
  });

  it('stops waiting when the client leaves instead', async () => {
    const { sse, request } = await open();
    sse.write(LARGE_EVENT);
    const drained = sse.whenDrained();
    expect(drained).not.toBeNull();
    request.destroy();
    await drained;
  });
});
