import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger';
import { createHttpHost } from './http-host';

describe('draining the HTTP host', () => {
  it('closes a connection that never sent a byte at once, not at the drain deadline', async () => {
    const host = createHttpHost({ port: 0, host: '127.0.0.1', bodyLimitBytes: 1024, trustProxy: false, cors: { origins: [], paths: [] }, drainTimeoutSeconds: 20 }, createLogger({ level: 'silent' }), () => []);
    const url = new URL(await host.listen({ port: 0, host: '127.0.0.1' }));
    const silent = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => silent.once('connect', resolve));
    const closedByServer = new Promise((resolve) => silent.once('close', resolve));
    silent.resume();
    const started = Date.now();
    await host.drain();
    await closedByServer;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
