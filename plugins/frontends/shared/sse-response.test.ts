import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSseResponse } from './sse-response';

/** Counts the writes that reach a socket (each one a packet the client receives and wakes for). */
function countSocketWrites(socket: Socket): { count: number } {
  const counter = { count: 0 };
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args: unknown[]) => {
      counter.count++;
      original(...args);
    };
  }
  return counter;
}

/** GETs the route; resolves with when the head arrived and the whole body. */
function get(app: FastifyInstance): Promise<{ headMs: number; body: string }> {
  const { port } = app.server.address() as { port: number };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: '/stream' }, (response) => {
      const headMs = performance.now() - started;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => (body += text));
      response.on('end', () => resolve({ headMs, body }));
    }).on('error', reject).end();
  });
}

describe('openSseResponse', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  async function serve(route: (sse: ReturnType<typeof openSseResponse>) => void): Promise<{ readonly count: number }> {
    const server = Fastify();
    app = server;
    let writes = { count: 0 };
    server.get('/stream', (request, reply) => {
      writes = countSocketWrites(reply.raw.socket!);
      route(openSseResponse(reply, 200, {}, new AbortController().signal));
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    return { get count() { return writes.count; } };
  }

  it('sends head, events and end written in one turn in one socket write', async () => {
    const writes = await serve((sse) => {
      sse.write('data: 1\n\n');
      sse.write('data: 2\n\n');
      sse.end('data: [DONE]\n\n');
    });
    expect((await get(app!)).body).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
    expect(writes.count).toBe(1);
  });

  it('sends the head at once, before the first event, so the client hears from us while the upstream thinks', async () => {
    const writes = await serve((sse) => setTimeout(() => sse.end('data: late\n\n'), 400));
    const received = await get(app!);
    expect(received.headMs).toBeLessThan(300);
    expect(received.body).toBe('data: late\n\n');
    expect(writes.count).toBe(2);
  });
});
