import type { FastifyInstance } from 'fastify';
import { httpErrors } from './http-errors';
import { MAX_JSON_NESTING, nestsDeeperThan, TOO_DEEP_REASON } from './json-nesting';

/** Methods whose routes here take no body: many clients send `content-type: application/json` on every call. */
const BODYLESS_METHODS = new Set(['DELETE', 'OPTIONS']);

/**
 * JSON bodies as Fastify reads them (prototype poisoning refused as before), plus two rules:
 * a body nested deeper than MAX_JSON_NESTING is a 400 before anything recurses into it, and an
 * empty body on a DELETE or OPTIONS is no body rather than bad JSON (an empty POST stays a 400,
 * as OpenAI answers it). Fastify's text/plain parser is dropped: no route takes text, and JSON
 * sent as text/plain gets the same 415 as any other type instead of reaching a route as a string.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'ignore');
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0 && BODYLESS_METHODS.has(request.method)) return done(null, undefined);
    if (nestsDeeperThan(text, MAX_JSON_NESTING)) return done(httpErrors.create('BSK_HTTP_MALFORMED_BODY', { reason: TOO_DEEP_REASON }));
    parseJson(request, text, done);
  });
}
