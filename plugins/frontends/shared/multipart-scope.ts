import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type MultipartBody, parseMultipart } from './parse-multipart';

/**
 * Registers routes in a Fastify scope that also accepts multipart/form-data bodies, parsed
 * by parseMultipart; the parser stays inside the scope, so no other route accepts them.
 */
export function registerMultipartRoutes(app: FastifyInstance, routes: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, String(request.headers['content-type'])));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    routes(scope);
  });
}

/** The parsed multipart body of a request, or undefined for a JSON one. */
export function multipartBodyOf(request: FastifyRequest): MultipartBody | undefined {
  return String(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data') ? (request.body as MultipartBody) : undefined;
}
