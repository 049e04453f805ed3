import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger';
import { createHttpHost } from './http-host';
import { drainStopOf } from './request-stops';

describe('the drain deadline', () => {
  it('stops a watched request with BSK_HTTP_SHUTTING_DOWN while its client is still connected, and cuts what nothing ends', async () => {
    const host = createHttpHost({ port: 0, host: '127.0.0.1', bodyLimitBytes: 1024, trustProxy: false, cors: { origins: [], paths: [] }, drainTimeoutSeconds: 0 }, createLogger({ level: 'silent' }), () => []);
    // A stream that runs until stopped, then writes an ending naming why it stopped.
    host.app.get('/watched', (_request, reply) => {
      const { signal } = host.watchRequest(reply);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('started\n');
      signal.addEventListener('abort', () => reply.raw.end(`stopped: ${drainStopOf(signal)?.code ?? 'client left'}\n`));
    });
    // A request whose handler never answers and hears nothing.
    let arrived!: () => void;
    const unwatchedArrived = new Promise<void>((resolve) => (arrived = resolve));
    host.app.get('/unwatched', () => {
      arrived();
      return new Promise(() => undefined);
    });
    const url = await host.listen({ port: 0, host: '127.0.0.1' });
    const watched = await fetch(`${url}/watched`);
    const reader = watched.body!.getReader();
    await reader.read();
    const unwatched = fetch(`${url}/unwatched`).then(() => 'answered', () => 'cut');
    await unwatchedArrived;

    const started = Date.now();
    await host.drain();
    expect(Date.now() - started).toBeLessThan(3000);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('stopped: BSK_HTTP_SHUTTING_DOWN\n');
    expect(await unwatched).toBe('cut');
  });
});
