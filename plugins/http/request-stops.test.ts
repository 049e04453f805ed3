import { describe, expect, it } from 'vitest';
import { isBskError } from '../../kernel/errors';
import { createLogger } from '../../kernel/logger';
import { createHttpHost } from './http-host';
import { drainStopOf } from './request-stops';

describe('the drain deadline', () => {
  it('stops a watched request with BSK_HTTP_SHUTTING_DOWN, answers any other unanswered one 503 in its route\'s shape, and cuts what nothing ends', async () => {
    const host = createHttpHost({ port: 0, host: '127.0.0.1', bodyLimitBytes: 1024, trustProxy: false, cors: { origins: [], paths: [] }, drainTimeoutSeconds: 0 }, createLogger({ level: 'silent' }), () => []);
    // A stream that runs until stopped, then writes an ending naming why it stopped.
    host.app.get('/watched', (_request, reply) => {
      const { signal } = host.watchRequest(reply);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('started\n');
      signal.addEventListener('abort', () => reply.raw.end(`stopped: ${drainStopOf(signal)?.code ?? 'client left'}\n`));
    });
    // Handlers that never answer and hear nothing: one with an error shape of its own, one with the host's.
    const arrivals: Promise<void>[] = [];
    const neverAnswering = () => {
      let arrived!: () => void;
      arrivals.push(new Promise<void>((resolve) => (arrived = resolve)));
      return () => {
        arrived();
        return new Promise(() => undefined);
      };
    };
    const ownShape = (error: unknown, _request: unknown, reply: { code(status: number): { send(body: unknown): void } }) => reply.code(isBskError(error) ? error.status : 500).send({ failure: isBskError(error) ? error.code : 'unknown' });
    host.app.get('/own-shape', { errorHandler: ownShape }, neverAnswering());
    host.app.get('/host-shape', neverAnswering());
    // A handler that took the raw response over and never writes it: nothing can answer in its place.
    const hijackedHandler = neverAnswering();
    host.app.get('/hijacked', (_request, reply) => {
      reply.hijack();
      return hijackedHandler();
    });
    const url = await host.listen({ port: 0, host: '127.0.0.1' });
    const watched = await fetch(`${url}/watched`);
    const reader = watched.body!.getReader();
    await reader.read();
    const answer = async (response: Response) => ({ status: response.status, connection: response.headers.get('connection'), body: await response.json() as unknown });
    const ownShaped = fetch(`${url}/own-shape`).then(answer);
    const hostShaped = fetch(`${url}/host-shape`).then(answer);
    const hijacked = fetch(`${url}/hijacked`).then(() => 'answered', () => 'cut');
    await Promise.all(arrivals);

    const started = Date.now();
    await host.drain();
    expect(Date.now() - started).toBeLessThan(3000);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('stopped: BSK_HTTP_SHUTTING_DOWN\n');
    expect(await ownShaped).toEqual({ status: 503, connection: 'close', body: { failure: 'BSK_HTTP_SHUTTING_DOWN' } });
    expect(await hostShaped).toEqual({ status: 503, connection: 'close', body: { error: { type: 'api_error', code: 'BSK_HTTP_SHUTTING_DOWN', message: expect.stringContaining('shutting down') } } });
    expect(await hijacked).toBe('cut');
  });
});
