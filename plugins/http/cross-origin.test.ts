import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { allowCrossOrigin, type CrossOriginConfig } from './cross-origin';

async function appWith(config: CrossOriginConfig) {
  const app = Fastify();
  allowCrossOrigin(app, config);
  app.get('/v1/models', async () => ({ data: [] }));
  app.get('/console/api/session', async () => ({ ok: true }));
  await app.ready();
  return app;
}

const preflight = (origin: string, url = '/v1/models') => ({ method: 'OPTIONS' as const, url, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

describe('allowCrossOrigin', () => {
  it('with any origin: answers preflights under its paths and marks answers readable, nothing elsewhere', async () => {
    const app = await appWith({ origins: ['*'], paths: ['/v1/'] });
    const answer = await app.inject(preflight('https://chat.example'));
    expect(answer.statusCode).toBe(204);
    expect(answer.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS' });
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    const get = await app.inject({ method: 'GET', url: '/v1/models', headers: { origin: 'https://chat.example' } });
    expect(get.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-expose-headers': expect.stringContaining('estimated_credits') });
    const console = await app.inject({ method: 'GET', url: '/console/api/session', headers: { origin: 'https://chat.example' } });
    expect(console.headers['access-control-allow-origin']).toBeUndefined();
    expect((await app.inject(preflight('https://chat.example', '/console/api/session'))).headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });

  it('with listed origins: echoes a listed one (varying on Origin) and leaves others without', async () => {
    const app = await appWith({ origins: ['https://chat.example'], paths: ['/v1/'] });
    const listed = await app.inject(preflight('https://chat.example'));
    expect(listed.headers).toMatchObject({ 'access-control-allow-origin': 'https://chat.example', vary: 'Origin' });
    const other = await app.inject({ method: 'GET', url: '/v1/models', headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers.vary).toBe('Origin');
    await app.close();
  });

  it('does nothing with no origins', async () => {
    const app = await appWith({ origins: [], paths: ['/v1/'] });
    expect((await app.inject({ method: 'GET', url: '/v1/models', headers: { origin: 'https://chat.example' } })).headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });
});
