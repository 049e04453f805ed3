import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from '../../kernel/logger';
import type { LoadedPluginSummary } from '../../kernel/plugin';
import { createClientErrorHandler } from './client-errors';
import { closeWithin } from './close-within';
import { acceptCompressedBodies } from './compressed-bodies';
import { allowCrossOrigin, type CrossOriginConfig } from './cross-origin';
import { endpointNotFound } from './endpoint-not-found';
import { hostErrors } from './host-errors';
import { acceptJsonBodies } from './json-bodies';
import { listenFailure } from './listen-failure';
import { trackOpenConnections } from './open-connections';
import { newRequestId } from './request-id';
import { CLOSE_CONNECTION, createRequestStops } from './request-stops';
import { sendHostError } from './send-host-error';

export interface HttpHostConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly cors: CrossOriginConfig;
  /** How long a graceful stop waits for in-flight requests and streams before cutting them. */
  readonly drainTimeoutSeconds: number;
}

/** Answers a request that no route matched, in the shape of the API its path belongs to. */
export type NotFoundResponder = (request: FastifyRequest, reply: FastifyReply) => void;

/** What front-end plugins get from `ctx.use('http')`. */
export interface HttpHost {
  /** The Fastify instance; register routes during `activate`. */
  readonly app: FastifyInstance;
  /** Starts listening; returns the bound address (`http://host:port`). A port it cannot bind is BSK_HTTP_LISTEN_FAILED. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /**
   * The graceful stop: no new connections; a request on a connection already open is answered
   * 503 BSK_HTTP_SHUTTING_DOWN in its protocol (`GET /health` 503 `draining`, so a load balancer
   * takes the instance out); in-flight requests and streams finish, for up to
   * `drainTimeoutSeconds`. Then the requests still running that `watchRequest` watches are
   * stopped, to end their answers in their protocols; any other not answered yet gets the 503
   * from its route's error handler; and what is still open a second later is cut. Resolves once
   * every connection is closed; safe to call twice.
   */
  drain(): Promise<void>;
  /**
   * The controller of one request's work (its upstream call), for a handler whose work can
   * outlast the drain: aborted when the client leaves before its answer ended, or at the drain's
   * deadline with BSK_HTTP_SHUTTING_DOWN while the connection stays open a moment longer
   * (`drainStopOf` tells which), for the handler to end its answer in its protocol.
   */
  watchRequest(reply: FastifyReply): AbortController;
  /** Health contributors add fields to `GET /health` (provider upstream health, store status…). */
  addHealthCheck(name: string, check: () => unknown | Promise<unknown>): void;
  /**
   * Answers unknown paths under `prefix` (and wrong methods on known ones) whatever their body,
   * and URLs the router cannot take: an SDK that calls an endpoint this gateway lacks
   * (`/v1/batches`, `/v1/messages/batches`) then reads a 404 in its own protocol. Such a URL
   * reaches the responder before any hook runs, so its answer has no cross-origin headers.
   * The longest matching prefix wins; elsewhere the answer is
   * `{"error":{"type":"not_found_error","code":"BSK_HTTP_NOT_FOUND","message"}}`.
   */
  addNotFoundResponder(prefix: string, respond: NotFoundResponder): void;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    http: HttpHost;
  }
}

async function runHealthChecks(checks: ReadonlyMap<string, () => unknown>, logger: Logger): Promise<{ name: string; healthy: boolean; report: unknown }[]> {
  return Promise.all([...checks].map(async ([name, check]) => {
    try {
      return { name, healthy: true, report: await check() };
    } catch (error) {
      logger.warn({ err: error, check: name }, 'health check failed');
      return { name, healthy: false, report: { status: 'unavailable', error: (error as Error).message } };
    }
  }));
}

/** On the raw response: a stream writes its own head, and these must be in it too. */
function echoRequestId(request: FastifyRequest, reply: FastifyReply): void {
  reply.raw.setHeader('request-id', request.id);
  reply.raw.setHeader('x-request-id', request.id);
}

/**
 * Builds the Fastify app. Request ids are always ours (never taken from the client): they
 * key billing idempotency, so a client reusing one must not be able to replay a settlement.
 * They are echoed back so clients can quote them: in `request-id` (where the Anthropic SDK reads
 * its `_request_id`) and `x-request-id` (where the OpenAI SDK does).
 * No answer is Fastify's own: front-ends answer their routes' errors in their protocol, a path
 * no route matches gets the not-found responder of its prefix whatever its body, and the rest
 * the host's shape (sendHostError). A route answers in its protocol by setting Fastify's
 * `errorHandler` route option (or its scope's `setErrorHandler`): a body the host cannot read
 * reaches that handler too, before the route's own code runs, and normalizeHttpError then
 * isRequestBodyError (http-errors.ts) tell it apart from the route's own failures.
 */
export function createHttpHost(config: HttpHostConfig, logger: Logger, describePlugins: () => readonly LoadedPluginSummary[]): HttpHost {
  let drained: Promise<void> | undefined;
  const healthChecks = new Map<string, () => unknown>();
  const notFoundResponders = new Map<string, NotFoundResponder>();
  const answerNotFound = (request: FastifyRequest, reply: FastifyReply) => {
    let longest = '';
    for (const prefix of notFoundResponders.keys()) if (request.url.startsWith(prefix) && prefix.length > longest.length) longest = prefix;
    const respond = notFoundResponders.get(longest);
    if (respond) return respond(request, reply);
    return sendHostError(reply, endpointNotFound(request), request.log);
  };
  const app = Fastify({
    // With a logger (and the onResponse hook below) Fastify times every request
    // (`reply.elapsedTime`): a route's error handler reports that as its overhead (sendRouteError).
    loggerInstance: logger as FastifyBaseLogger,
    // One access line per request is written by the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: () => newRequestId(),
    forceCloseConnections: false,
    // Fastify's own 503 while closing is in no client's protocol; the onRequest hook answers instead.
    return503OnClosing: false,
    // A URL the router cannot take (bad percent-encoding, an over-long parameter) names no
    // endpoint. Such a request skips every hook, so it is given its request id here.
    frameworkErrors: (_error, request, reply) => {
      echoRequestId(request, reply);
      answerNotFound(request, reply);
    },
    clientErrorHandler: createClientErrorHandler(logger),
  });
  const connections = trackOpenConnections(app.server);
  // Callback hooks, not async ones: an async hook costs a promise and a tick on every request.
  app.addHook('onRequest', (request, reply, done) => {
    echoRequestId(request, reply);
    connections.carry(reply);
    if (drained && request.routeOptions.url !== '/health') {
      reply.headers(CLOSE_CONNECTION);
      return done(hostErrors.create('BSK_HTTP_SHUTTING_DOWN', {}));
    }
    done();
  });
  allowCrossOrigin(app, config.cors);
  acceptCompressedBodies(app);
  acceptJsonBodies(app);
  // The access line's fields are fixed and never carry a secret, so it skips the logger's
  // redaction pass, which copied each line and cost 3-4 µs a request.
  const accessLog = logger.child({}, { redact: [] });
  app.addHook('onResponse', (request, reply, done) => {
    connections.answered(reply);
    accessLog.info({ reqId: request.id, method: request.method, url: request.routeOptions.url ?? request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
  app.setNotFoundHandler(answerNotFound);
  // A body that cannot be read on a path no route matches (bad JSON, too large, bad gzip) does
  // not change that the endpoint does not exist; Fastify reads it before it knows.
  app.setErrorHandler((error, request, reply) => (request.is404 && !hostErrors.is(error, 'BSK_HTTP_SHUTTING_DOWN') ? answerNotFound(request, reply) : sendHostError(reply, error, request.log)));
  // A check that throws (the database is down) makes the answer 503, so a load balancer takes the instance out of rotation.
  app.get('/health', async (_request, reply) => {
    const checks = await runHealthChecks(healthChecks, logger);
    const healthy = checks.every((check) => check.healthy);
    const status = drained ? 'draining' : healthy ? 'ok' : 'unavailable';
    const { rss, heapUsed } = process.memoryUsage();
    return reply.code(status === 'ok' ? 200 : 503).send({
      status, plugins: describePlugins(), memory: { rssBytes: rss, heapUsedBytes: heapUsed },
      ...Object.fromEntries(checks.map((check) => [check.name, check.report])),
    });
  });
  const requestStops = createRequestStops();
  return {
    app,
    async listen(options = {}) {
      const address = { port: options.port ?? config.port, host: options.host ?? config.host };
      return app.listen(address).catch((error: unknown) => {
        throw listenFailure(error, address);
      });
    },
    drain() {
      drained ??= closeWithin({ close: () => app.close(), server: app.server, closeSilent: connections.closeSilent, stopRequests: () => requestStops.stopAll(connections.carried()), timeoutMs: config.drainTimeoutSeconds * 1000, logger });
      return drained;
    },
    watchRequest: requestStops.watch,
    addHealthCheck: (name, check) => healthChecks.set(name, check),
    addNotFoundResponder: (prefix, respond) => notFoundResponders.set(prefix, respond),
  };
}

