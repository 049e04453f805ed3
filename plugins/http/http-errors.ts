import { defineErrors, isBskError } from '../../kernel/errors';

/** Why the host could not read a request's body; no route code has run yet when one is raised. */
export const httpErrors = defineErrors({
  BSK_HTTP_MALFORMED_BODY: { status: 400, message: 'the request body is not valid JSON: {reason}' },
  BSK_HTTP_BODY_TOO_LARGE: { status: 413, message: 'the request body is larger than this gateway accepts' },
  BSK_HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'send the body as application/json' },
  BSK_HTTP_UNSUPPORTED_ENCODING: { status: 415, message: 'the request body\'s content-encoding "{encoding}" is not supported; send it as gzip, deflate, br or unencoded' },
  BSK_HTTP_MALFORMED_ENCODING: { status: 400, message: 'the request body is not valid {encoding}: {reason}' },
});

/**
 * Whether a (normalized) error says the request's body could not be read: for a route whose
 * protocol answers such a request in a shape or status of its own (OAuth's `invalid_request`,
 * JSON-RPC's parse error), from its `errorHandler`.
 */
export function isRequestBodyError(error: unknown): boolean {
  return httpErrors.is(error);
}

/**
 * Fastify's own failures (body parsing, size) as our typed errors, so every front-end
 * answers them in its protocol's shape like any other error.
 */
export function normalizeHttpError(error: unknown): unknown {
  if (isBskError(error)) return error;
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return httpErrors.create('BSK_HTTP_BODY_TOO_LARGE', {}, { cause: error });
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return httpErrors.create('BSK_HTTP_UNSUPPORTED_MEDIA_TYPE', {}, { cause: error });
  if (fastifyError.statusCode === 400) return httpErrors.create('BSK_HTTP_MALFORMED_BODY', { reason: fastifyError.message ?? 'unparseable' }, { cause: error });
  return error;
}
