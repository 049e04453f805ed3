import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from '../../kernel/logger';
import type { BridgeService } from '../bridge/bridge-service';
import { readStaticFile } from './static-files';
import { TOKEN_COOKIE, TOKEN_HEADER, createLaunchToken, isLoopbackHost, tokenFromCookie, tokensMatch } from './token-guard';

export interface WebServerOptions {
  readonly service: BridgeService;
  /** The built renderer (index.html + bundle). */
  readonly rendererDir: string;
  readonly port: number;
  readonly logger: Logger;
  /** Fixed only by tests; a fresh random one otherwise. */
  readonly token?: string;
}

export interface WebServer {
  /** What the user opens: the origin plus `/?token=…`. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
const HEARTBEAT_MS = 15_000;

/**
 * `dosia web`'s server, on 127.0.0.1 only. The bridge travels as POST /bridge/invoke
 * (request/response) and GET /bridge/events (Server-Sent Events, one stream per page).
 * SSE rather than WebSocket: events only flow one way, EventSource reconnects on its own,
 * and it needs no extra package. Every request needs the launch token, as the cookie the
 * first visit sets (HttpOnly, SameSite=Strict) or as the `x-dosia-token` header.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? createLaunchToken();
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 64 * 1024 * 1024 });
  const streams = new Set<ServerResponse>();
  const port = () => (app.server.address() as AddressInfo).port;

  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopbackHost(request.headers.host, port())) return reply.code(421).send({ error: 'dosia web answers on 127.0.0.1 only' });
    if (request.method === 'GET' && request.url.split('?')[0] === '/' && typeof (request.query as { token?: unknown }).token === 'string') return;
    const presented = (request.headers[TOKEN_HEADER] as string | undefined) ?? tokenFromCookie(request.headers.cookie);
    if (!tokensMatch(token, presented)) return reply.code(401).type('text/plain').send('Open the URL `dosia web` printed (it carries the launch token).');
  });

  app.post('/bridge/invoke', async (request) => {
    const body = (request.body ?? {}) as { method?: unknown; params?: unknown };
    return options.service.invoke(typeof body.method === 'string' ? body.method : '', body.params);
  });

  app.get('/bridge/events', (request, reply) => openEventStream(request, reply, options.service, streams));

  app.get('/*', async (request, reply) => {
    const query = request.query as { token?: unknown };
    if (typeof query.token === 'string') return acceptToken(token, query.token, reply);
    const file = await readStaticFile(options.rendererDir, request.url.split('?')[0]!);
    if (!file) return reply.code(404).type('text/plain').send('not found');
    return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').type(file.contentType).send(file.body);
  });

  await app.listen({ port: options.port, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${port()}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      for (const stream of streams) stream.end();
      await app.close();
    },
  };
}

/** Trades the URL's token for the cookie, then drops it from the address bar (and from history). */
function acceptToken(token: string, presented: string, reply: FastifyReply): FastifyReply {
  if (!tokensMatch(token, presented)) return reply.code(401).type('text/plain').send('This launch token is not valid: open the URL the current `dosia web` printed.');
  return reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`).redirect('/', 303);
}

function openEventStream(request: FastifyRequest, reply: FastifyReply, service: BridgeService, streams: Set<ServerResponse>): void {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  response.write(': connected\n\n');
  streams.add(response);
  const unsubscribe = service.subscribe((event, payload) => response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(response);
  });
}
