import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { isBskError } from '../../kernel/errors';
import { normalizeHttpError } from './http-errors';

const TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
};

/**
 * The host's own error shape, `{"error":{"type","code","message"}}`, for what no front-end
 * answers in its protocol: unknown paths outside the prefixes front-ends claim, and errors on
 * routes that set no error handler. Anything untyped is a 500 whose details stay in the log.
 */
export function sendHostError(reply: FastifyReply, caught: unknown, logger: FastifyBaseLogger): FastifyReply {
  const error = normalizeHttpError(caught);
  if (!isBskError(error)) {
    logger.error({ err: caught }, 'request failed');
    return reply.code(500).send({ error: { type: 'api_error', code: 'BSK_INTERNAL', message: 'internal error; the gateway log has the details' } });
  }
  return reply.code(error.status).send({ error: { type: TYPES[error.status] ?? 'api_error', code: error.code, message: error.message } });
}
