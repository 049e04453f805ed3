import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger';
import type { BridgeEventSink } from '../bridge/bridge-contract';
import type { BridgeService } from '../bridge/bridge-service';
import { startWebServer, type WebServer } from './web-server';

/** A bridge double: echoes invokes and lets the test push events. */
function echoService(): BridgeService & { push: BridgeEventSink } {
  const sinks = new Set<BridgeEventSink>();
  return {
    invoke: async (method, params) => ({ ok: true, result: { method, params } }),
    subscribe: (sink) => {
      sinks.add(sink);
      return () => void sinks.delete(sink);
    },
    call: async () => {
      throw new Error('not used');
    },
    idle: async () => undefined,
    close: async () => undefined,
    push: (event, payload) => sinks.forEach((sink) => sink(event, payload)),
  };
}

let server: WebServer;
let service: ReturnType<typeof echoService>;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'dosia-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><dosia-app></dosia-app>');
  writeFileSync(join(rendererDir, 'dosia-renderer.js'), 'export {};');
  service = echoService();
  server = await startWebServer({ service, rendererDir, port: 0, logger: createLogger({ level: 'silent' }) });
});
afterEach(async () => {
  await server.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const cookie = () => `dosia_token=${server.token}`;

/** Raw HTTP, so the Host header can be set like a DNS-rebinding page would. */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.origin}${path}`, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('dosia web server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a 256-bit launch token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and redirects to a clean address', async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toBe(`dosia_token=${server.token}; Path=/; HttpOnly; SameSite=Strict`);
    const page = await fetch(`${server.origin}/`, { headers: { cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<dosia-app>');
  });

  it('refuses every route without the token, with a wrong token, or under another Host name', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect((await fetch(`${server.origin}/dosia-renderer.js`)).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${server.origin}/bridge/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dosia-token': 'wrong' }, body: '{}' })).status).toBe(401);
    const port = new URL(server.origin).port;
    expect(await rawGet('/', { host: `evil.example:${port}`, cookie: cookie() })).toBe(421);
    expect(await rawGet('/', { host: `localhost:${port}`, cookie: cookie() })).toBe(200);
  });

  it('serves only files inside the renderer folder', async () => {
    expect((await fetch(`${server.origin}/dosia-renderer.js`, { headers: { cookie: cookie() } })).headers.get('content-type')).toContain('text/javascript');
    expect(await rawGet('/..%2f..%2fetc%2fpasswd', { host: new URL(server.origin).host, cookie: cookie() })).toBe(404);
    expect((await fetch(`${server.origin}/missing.js`, { headers: { cookie: cookie() } })).status).toBe(404);
  });

  it('carries invoke over POST and events over Server-Sent Events', async () => {
    const reply = await fetch(`${server.origin}/bridge/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dosia-token': server.token }, body: JSON.stringify({ method: 'models.list', params: { refresh: true } }) });
    expect(await reply.json()).toEqual({ ok: true, result: { method: 'models.list', params: { refresh: true } } });

    const stream = await fetch(`${server.origin}/bridge/events`, { headers: { cookie: cookie() } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    await reader.read();
    service.push('scopes.changed', { layers: ['project'] });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('event: scopes.changed\ndata: {"layers":["project"]}\n\n');
    await reader.cancel();
  });
});
