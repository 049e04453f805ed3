import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch';
import { sendUpstream } from './upstream-fetch';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

const servers: Server[] = [];

/** A local upstream on an ephemeral port; every connection it accepts is counted. */
async function startServer(handler: Handler): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, response, body));
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function nextEvent(emitter: { once(event: string, listener: () => void): unknown }, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}

describe('createNodeHttpFetch', () => {
  it('sends method, headers and body, and keeps status and headers', async () => {
    const { url } = await startServer((request, response, body) => {
      response.writeHead(201, [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x-seen', `${request.method} ${request.headers['x-key']} ${request.headers['content-length']}`]]);
      response.end(JSON.stringify({ echoed: body }));
    });
    const response = await createNodeHttpFetch()(`${url}/v1/things`, { method: 'POST', headers: { 'x-key': 'k1' }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-seen')).toBe('POST k1 7');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ echoed: '{"a":1}' });
  });

  it('sends Uint8Array bodies and Headers objects, and encodes FormData as multipart', async () => {
    const { url } = await startServer((request, response, body) => response.end(`${request.headers['content-type']}|${request.headers.accept}|${body}`));
    const send = createNodeHttpFetch();
    const bytes = await send(url, { method: 'POST', headers: new Headers({ accept: 'text/plain' }), body: new TextEncoder().encode('raw') });
    expect(await bytes.text()).toBe('undefined|text/plain|raw');
    const form = new FormData();
    form.append('prompt', 'a cat');
    const [type, , body] = (await (await send(url, { method: 'POST', body: form })).text()).split('|');
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(body).toContain('name="prompt"\r\n\r\na cat');
  });

  it('streams the body chunk by chunk as the upstream writes it', async () => {
    let secondChunk!: () => void;
    const firstRead = new Promise<void>((resolve) => (secondChunk = resolve));
    const { url } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      // The second chunk only goes out once the client has read the first: a buffering transport would hang here.
      void firstRead.then(() => response.end('data: two\n\n'));
    });
    const response = await createNodeHttpFetch()(url);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('data: one\n\n');
    secondChunk();
    expect(decoder.decode((await reader.read()).value)).toBe('data: two\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('rejects with an AbortError and closes the request when aborted before the headers', async () => {
    let requestClosed!: Promise<void>;
    const { url } = await startServer((request) => (requestClosed = nextEvent(request.socket, 'close')));
    const controller = new AbortController();
    const pending = createNodeHttpFetch()(url, { method: 'POST', body: '{}', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await requestClosed;
  });

  it('rejects at once with the signal reason when the signal is already aborted', async () => {
    const { url, connections } = await startServer((_request, response) => response.end());
    await expect(createNodeHttpFetch()(url, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(connections()).toBe(0);
  });

  it('errors the body with an AbortError and closes the connection when aborted mid-body', async () => {
    let socketClosed!: Promise<void>;
    const { url } = await startServer((request, response) => {
      socketClosed = nextEvent(request.socket, 'close');
      response.writeHead(200);
      response.write('partial');
    });
    const controller = new AbortController();
    const response = await createNodeHttpFetch()(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('partial');
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await socketClosed;
  });

  it('rejects a refused connection with a TypeError whose cause carries ECONNREFUSED, which sendUpstream reports', async () => {
    const { url } = await startServer(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const failure = await createNodeHttpFetch()(url).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
    const upstream = sendUpstream({ provider: 'local', url, headers: {}, body: {}, signal: new AbortController().signal, fetch: createNodeHttpFetch() });
    await expect(upstream).rejects.toMatchObject({ code: 'BSK_UPSTREAM_CONNECTION', details: { info: { kind: 'connection', message: 'ECONNREFUSED' } } });
  });

  it('reuses one kept-alive connection for sequential requests to an origin', async () => {
    const { url, connections } = await startServer((_request, response) => response.end('ok'));
    const send = createNodeHttpFetch();
    for (let index = 0; index < 5; index++) expect(await (await send(url)).text()).toBe('ok');
    expect(connections()).toBe(1);
  });

  it('gives each of 40 concurrent requests its own connection (no queueing behind maxSockets)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { url, connections } = await startServer((_request, response) => void gate.then(() => response.end('ok')));
    const send = createNodeHttpFetch();
    const pending = Array.from({ length: 40 }, () => send(url).then((response) => response.text()));
    while (connections() < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(await Promise.all(pending)).toEqual(Array(40).fill('ok'));
  });

  it('keeps a slow request alive past the idle timeout of kept sockets', async () => {
    const { url } = await startServer((_request, response) => setTimeout(() => response.end('late'), 150));
    expect(await (await createNodeHttpFetch({ idleTimeoutMs: 30 })(url)).text()).toBe('late');
  });

  it('decompresses a gzip answer and drops content-encoding and content-length', async () => {
    const { url } = await startServer((request, response) => {
      const compressed = gzipSync(JSON.stringify({ asked: request.headers['accept-encoding'] }));
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': compressed.length, 'content-type': 'application/json' });
      response.end(compressed);
    });
    const response = await createNodeHttpFetch()(url, { headers: { 'accept-encoding': 'identity' } });
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(response.headers.has('content-length')).toBe(false);
    expect(await response.json()).toEqual({ asked: 'identity' });
  });

  it('gives 204 answers no body and follows a 303 with a GET', async () => {
    const { url } = await startServer((request, response) => {
      if (request.url === '/moved') response.writeHead(303, { location: '/empty' }).end('see other');
      else response.writeHead(204, { 'x-method': request.method! }).end();
    });
    const response = await createNodeHttpFetch()(`${url}/moved`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-method')).toBe('GET');
    expect(response.body).toBeNull();
  });

  it('reads raw answers\' headers in any case, repeated ones joined, and drops the encoding headers of a decoded body', async () => {
    const { url } = await startServer((_request, response) => {
      const compressed = gzipSync('data: {}\n\n');
      response.writeHead(200, [['Content-Type', 'text/event-stream'], ['X-Trace', 'a'], ['x-trace', 'b'], ['Content-Encoding', 'gzip'], ['Content-Length', String(compressed.length)]]);
      response.end(compressed);
    });
    const answer = await createNodeHttpFetch().raw(url);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    expect(answer.headers.get('X-TRACE')).toBe('a, b');
    expect(answer.headers.has('content-encoding')).toBe(false);
    expect(answer.headers.get('content-length')).toBeNull();
    expect(answer.headers.has('retry-after')).toBe(false);
    const chunks: Buffer[] = [];
    for await (const chunk of answer.body!) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('data: {}\n\n');
  });

  it('sends a URL\'s path, query and credentials, and reaches a bracketed IPv6 host', async () => {
    const { url } = await startServer((request, response) => response.end(`${request.url} ${request.headers.authorization}`));
    const withCredentials = url.replace('http://', 'http://user%40x:p%3Ass@');
    expect(await (await createNodeHttpFetch()(`${withCredentials}/v1/a?b=1`)).text()).toBe(`/v1/a?b=1 Basic ${Buffer.from('user@x:p:ss').toString('base64')}`);
    const server = createServer((request, response) => response.end(`v6 ${request.url}`));
    servers.push(server);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return; // no IPv6 loopback on this machine
    expect(await (await createNodeHttpFetch()(`http://[::1]:${(server.address() as AddressInfo).port}/six`)).text()).toBe('v6 /six');
  });
});
