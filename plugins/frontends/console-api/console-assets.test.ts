import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerConsoleAssets } from './console-assets';

let app: FastifyInstance;
let assetsDir: string;
beforeEach(() => {
  assetsDir = mkdtempSync(join(tmpdir(), 'bsk-console-assets-'));
  writeFileSync(join(assetsDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><title>ByteSpike</title></svg>');
  app = Fastify();
  registerConsoleAssets(app, assetsDir);
});
afterEach(async () => {
  await app.close();
  rmSync(assetsDir, { recursive: true, force: true });
});

describe('the Console assets', () => {
  it('serves the shell linking the icon, and the icon with its type under the Console\'s security headers', async () => {
    const shell = await app.inject({ method: 'GET', url: '/console/' });
    expect(shell.body).toContain('<link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml">');
    const icon = await app.inject({ method: 'GET', url: '/console/assets/icon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['x-content-type-options']).toBe('nosniff');
    expect(icon.body).toContain('<title>ByteSpike</title>');
  });

  it('answers an asset that is not built with a 404 in JSON, naming the build to run', async () => {
    const missing = await app.inject({ method: 'GET', url: '/console/assets/console.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { type: 'not_found_error', message: 'asset console.js is not built: run npm run build' } });
  });

  it('refuses names of unknown types and anything that could leave the folder', async () => {
    for (const url of ['/console/assets/secret.txt', '/console/assets/..%2Fpackage.json', '/console/assets/%2E%2E%2Ficon.svg']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
