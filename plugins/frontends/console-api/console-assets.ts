import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The Console's page is this one shell plus the bundle tsup builds into `dist/console/` (with
 * the icon it copies from `console/public/`).
 * Scripts only from this origin, and no framing: the OAuth consent page must not be
 * clickjackable.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ByteSpike Console</title>
<link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml">
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f6f7f9;color:#1b1f24}</style>
<script type="module" src="/console/assets/console.js"></script>
</head>
<body><bsk-console-app></bsk-console-app></body>
</html>
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

function sendShell(reply: FastifyReply) {
  return reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(SHELL);
}

export function registerConsoleAssets(app: FastifyInstance, assetsDir: string): void {
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', async (_request, reply) => sendShell(reply));
  app.get('/console/assets/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const type = TYPES[file.slice(file.lastIndexOf('.'))];
    // Only plain file names of known types: no path can climb out of the assets folder.
    if (!type || !/^[\w.-]+$/.test(file)) return reply.code(404).send({ error: { type: 'not_found_error', message: 'no such asset' } });
    let bytes: Buffer;
    try {
      bytes = await readFile(join(assetsDir, file));
    } catch {
      return reply.code(404).send({ error: { type: 'not_found_error', message: `asset ${file} is not built: run npm run build` } });
    }
    // The asset's type only once it is read: set before, it would make the 404's JSON body unsendable (a 500).
    return reply.headers(SECURITY_HEADERS).type(type).send(bytes);
  });
}
