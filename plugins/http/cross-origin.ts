import type { FastifyInstance } from 'fastify';

export interface CrossOriginConfig {
  /** Origins a browser app may call from; `*` is any. Empty: cross-origin calls stay refused. */
  readonly origins: readonly string[];
  /** Path prefixes that answer them. */
  readonly paths: readonly string[];
}

/** Our headers a browser client may read (the CORS-safelisted ones it always can). */
const EXPOSED_HEADERS = [
  'request-id', 'x-request-id', 'estimated_credits', 'bytespike-overhead-ms', 'bytespike-model', 'bytespike-cache', 'bytespike-count-source',
  'retry-after', 'x-should-retry', 'x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining',
].join(', ');

const PREFLIGHT_MAX_AGE_SECONDS = '86400';

/**
 * Lets browser apps call the key-authenticated API directly: the OpenAI and Anthropic SDKs with
 * `dangerouslyAllowBrowser`, web chat UIs. Preflights under `paths` are answered (204), and
 * answers there carry the allow-origin and exposed headers a browser needs to read them. Set on
 * the raw response, so streams (which write their own head) carry them too. Keys travel in
 * headers, never in cookies, so no credentials are allowed; the Console (a session cookie) and
 * the admin API are not under the default `/v1/`.
 */
export function allowCrossOrigin(app: FastifyInstance, config: CrossOriginConfig): void {
  if (!config.origins.length || !config.paths.length) return;
  const anyOrigin = config.origins.includes('*');
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin === undefined || !config.paths.some((prefix) => request.url.startsWith(prefix))) return done();
    if (!anyOrigin) {
      reply.raw.setHeader('vary', 'Origin');
      if (!config.origins.includes(origin)) return done();
    }
    reply.raw.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      reply.code(204).headers({
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      }).send();
      return;
    }
    reply.raw.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    done();
  });
}
