import type { FastifyReply } from 'fastify';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { normalizeHttpError } from '../../http/http-errors';

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_credits_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

/**
 * `{ "error": { "type", "code", "message", "param"? } }` with the error's status; 429s
 * also carry `retry-after`. Anything that is not one of our typed errors is a 500 whose
 * details stay in the log.
 */
export function sendAdminError(reply: FastifyReply, caught: unknown, logger: Logger): FastifyReply {
  const error = normalizeHttpError(caught);
  if (!isBskError(error)) {
    logger.error({ err: error }, 'admin route failed');
    return reply.code(500).send({ error: { type: 'api_error', code: 'BSK_INTERNAL', message: 'internal error; the gateway log has the details' } });
  }
  const param = typeof error.details.param === 'string' ? { param: error.details.param } : {};
  const retryAfter = error.details.retryAfterSeconds;
  if (error.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(error.status).send({ error: { type: TYPES[error.status] ?? 'api_error', code: error.code, message: error.message, ...param } });
}
