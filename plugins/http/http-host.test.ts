import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger';
import { endpointNotFound } from './endpoint-not-found';
import { createHttpHost, type HttpHost } from './http-host';

/**
 * A real host on a real port, with stand-ins for the front-ends: an OpenAI-shaped and an
 * Anthropic-shaped not-found responder, routes with and without bodies, none with an error
 * handler of its own (those answer in the host's shape).
 */
let host: HttpHost;
let url: string;

beforeAll(async () => {
  host = createHttpHost({ port: 0, host: '127.0.0.1', bodyLimitBytes: 1024 * 1024, trustProxy: false, cors: { origins: [], paths: [] }, drainTimeoutSeconds: 1 }, createLogger({ level: 'silent' }), () => []);
  host.addNotFoundResponder('/v1/', (request: FastifyRequest, reply: FastifyReply) => reply.code(404).send({ error: { message: endpointNotFound(request).message, type: 'not_found_error', code: 'BSK_HTTP_NOT_FOUND', param: null } }));
  host.addNotFoundResponder('/v1/messages', (request: FastifyRequest, reply: FastifyReply) => reply.code(404).send({ type: 'error', error: { type: 'not_found_error', message: endpointNotFound(request).message } }));
  host.app.post('/v1/echo', async (request) => ({ body: request.body }));
  host.app.get('/v1/models/*', async (request) => ({ id: (request.params as { '*': string })['*'] }));
  host.app.delete('/v1/keys/:id', async (request) => ({ deleted: (request.params as { id: string }).id, body: request.body ?? null }));
  url = await host.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => host.app.close());

async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: RequestInit['body'] } = {}) {
  const response = await fetch(`${url}${path}`, { method, headers: init.headers, body: init.body });
  return { status: response.status, requestId: response.headers.get('request-id'), body: (await response.json()) as unknown };
}

/** Bytes written as they are on a fresh connection (what no fetch can send), and the one answer read back until the server closes it. */
function exchangeRaw(head: string): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.from(head, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [statusLine, ...lines] = text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) });
    });
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const openAINotFound = (what: string) => ({ error: { message: `no endpoint ${what} on this gateway`, type: 'not_found_error', code: 'BSK_HTTP_NOT_FOUND', param: null } });
const hostError = (status: number, code: string, message: unknown = expect.any(String)) => ({ status, requestId: expect.stringMatching(/^req_/), body: { error: { type: expect.any(String), code, message } } });
const nested = (depth: number) => `{"model":"m","metadata":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth - 1)}}`;

describe('the HTTP host', () => {
  it('answers a path no route matches as the 404 of its protocol, whatever its body, with a request id', async () => {
    const anthropic = await call('POST', '/v1/messages/batches', { headers: JSON_TYPE, body: '{' });
    expect(anthropic).toEqual({ status: 404, requestId: expect.stringMatching(/^req_/), body: { type: 'error', error: { type: 'not_found_error', message: 'no endpoint POST /v1/messages/batches on this gateway' } } });
    expect(await call('POST', '/v1/batches', { headers: JSON_TYPE, body: '{' })).toEqual({ status: 404, requestId: expect.stringMatching(/^req_/), body: openAINotFound('POST /v1/batches') });
    expect((await call('DELETE', '/v1/batches/b_1', { headers: JSON_TYPE })).body).toEqual(openAINotFound('DELETE /v1/batches/b_1'));
    expect((await call('OPTIONS', '/v1/echo', { headers: JSON_TYPE })).body).toEqual(openAINotFound('OPTIONS /v1/echo'));
    expect(await call('POST', '/nowhere', { headers: JSON_TYPE, body: `"${'x'.repeat(1_100_000)}"` })).toEqual(hostError(404, 'BSK_HTTP_NOT_FOUND', 'no endpoint POST /nowhere on this gateway'));
    expect(await call('POST', '/nowhere', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: 'not gzip' })).toEqual(hostError(404, 'BSK_HTTP_NOT_FOUND'));
    expect(await call('PUT', '/nowhere', { headers: { 'content-type': 'application/json; charset=nonsense; =' }, body: '{}' })).toEqual(hostError(404, 'BSK_HTTP_NOT_FOUND'));
  });

  it('answers a URL the router cannot take (bad percent-encoding, an over-long parameter) as a 404 of its protocol, with a request id', async () => {
    expect(await call('GET', '/v1/models/%E0%A4%A')).toEqual({ status: 404, requestId: expect.stringMatching(/^req_/), body: openAINotFound('GET /v1/models/%E0%A4%A') });
    const longId = 'k'.repeat(150);
    expect(await call('DELETE', `/v1/keys/${longId}`)).toEqual({ status: 404, requestId: expect.stringMatching(/^req_/), body: openAINotFound(`DELETE /v1/keys/${longId}`) });
    expect(await call('GET', '/%E0%A4%A')).toEqual(hostError(404, 'BSK_HTTP_NOT_FOUND'));
  });

  it('answers body errors on a route without an error handler in its own shape, not Fastify\'s', async () => {
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE, body: '{' })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_BODY'));
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE, body: '{"__proto__":{"admin":true}}' })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_BODY'));
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE, body: `"${'x'.repeat(1_100_000)}"` })).toEqual(hostError(413, 'BSK_HTTP_BODY_TOO_LARGE'));
    expect(await call('POST', '/v1/echo', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: 'not gzip' })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_ENCODING'));
    expect(await call('POST', '/v1/echo', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: new Uint8Array(gzipSync('{"a":1}')) })).toEqual({ status: 200, requestId: expect.stringMatching(/^req_/), body: { body: { a: 1 } } });
  });

  it('refuses JSON nested deeper than 512 levels as a malformed body, and reads 512', async () => {
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE, body: nested(513) })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_BODY', 'the request body is not valid JSON: objects and arrays nest deeper than 512 levels, the most this gateway reads'));
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE, body: nested(100_000) })).toMatchObject({ status: 400, body: { error: { code: 'BSK_HTTP_MALFORMED_BODY' } } });
    expect((await call('POST', '/v1/echo', { headers: JSON_TYPE, body: nested(512) })).status).toBe(200);
  });

  it('refuses text/plain like any body that is not JSON (415), rather than reading it as a string', async () => {
    expect(await call('POST', '/v1/echo', { headers: { 'content-type': 'text/plain' }, body: '{"model":"m"}' })).toEqual(hostError(415, 'BSK_HTTP_UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
  });

  it('answers a request Node\'s HTTP parser refuses in its own shape with a request id, not Fastify\'s, and closes the connection', async () => {
    const refused = (status: number, code: string) => ({ status, headers: expect.objectContaining({ 'request-id': expect.stringMatching(/^req_/), connection: 'close' }), body: { error: { type: expect.any(String), code, message: expect.any(String) } } });
    expect(await exchangeRaw('GARBAGE\r\n\r\n')).toEqual(refused(400, 'BSK_HTTP_MALFORMED_REQUEST'));
    expect(await exchangeRaw('POST /v1/echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-bytespike-flags: {"a\u0000":1}\r\ncontent-length: 2\r\n\r\n{}')).toEqual(refused(400, 'BSK_HTTP_MALFORMED_REQUEST'));
    expect(await exchangeRaw('POST /v1/echo HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n{}')).toEqual(refused(400, 'BSK_HTTP_MALFORMED_REQUEST'));
    expect(await exchangeRaw(`GET /v1/models/m HTTP/1.1\r\nhost: x\r\nx-junk: ${'a'.repeat(20_000)}\r\n\r\n`)).toEqual(refused(431, 'BSK_HTTP_HEADERS_TOO_LARGE'));
  });

  it('reads an empty JSON body on DELETE as no body, and still refuses one on POST', async () => {
    expect(await call('DELETE', '/v1/keys/key_1', { headers: JSON_TYPE })).toEqual({ status: 200, requestId: expect.stringMatching(/^req_/), body: { deleted: 'key_1', body: null } });
    expect(await call('DELETE', '/v1/keys/key_1', { headers: JSON_TYPE, body: '{' })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_BODY'));
    expect(await call('POST', '/v1/echo', { headers: JSON_TYPE })).toEqual(hostError(400, 'BSK_HTTP_MALFORMED_BODY'));
  });
});
