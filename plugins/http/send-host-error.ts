import type { FastifyReply } from 'fastify';
import { type BskError, isBskError } from '../../kernel/errors';
import { normalizeHttpError } from './http-errors';

const TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_credits_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  431: 'request_too_large',
};

/** Where an untyped failure's details go: they stay in the log, never in the answer. */
interface ErrorLog {
  error(fields: object, message: string): void;
}

/**
 * The gateway's own error shape, `{"error":{"type","code","message","param"?}}` with the
 * error's status (429s also carry `retry-after`), for what answers in no client protocol: the
 * admin and key-holder APIs, unknown paths outside the prefixes front-ends claim, and errors on
 * routes that set no error handler. Anything untyped is a 500 whose details stay in the log.
 */
export function sendHostError(reply: FastifyReply, caught: unknown, log: ErrorLog, what = 'request failed'): FastifyReply {
  const error = normalizeHttpError(caught);
  if (!isBskError(error)) {
    log.error({ err: caught }, what);
    return reply.code(500).send({ error: { type: 'api_error', code: 'BSK_INTERNAL', message: 'internal error; the gateway log has the details' } });
  }
  const retryAfter = error.details.retryAfterSeconds;
  if (error.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(error.status).send(hostErrorBody(error));
}

/** A typed error in the gateway's own shape (also written raw, where there is no reply to send it with). */
export function hostErrorBody(error: BskError): { error: { type: string; code: string; message: string; param?: string } } {
  const param = typeof error.details.param === 'string' ? { param: error.details.param } : {};
  return { error: { type: TYPES[error.status] ?? 'api_error', code: error.code, message: error.message, ...param } };
}
