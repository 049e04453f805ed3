import { BskError, isUnretryable } from '../../../kernel/errors';
import { createUpstreamError, isUpstreamError } from '../../../kernel/canonical/upstream-error';
import type { UpstreamErrorInfo } from '../../../kernel/canonical/stream';

/** What every wire error shape is built from; each front-end picks its own type names. */
export interface ErrorFacts {
  readonly status: number;
  /** Safe to show a client: BskError messages are written for people; anything else is hidden. */
  readonly message: string;
  /** The stable BSK_* code, when the error has one. */
  readonly code?: string;
  /** The request field at fault (`messages.2.content`), for 400s. */
  readonly param?: string;
  readonly retryAfterSeconds?: number;
  /** Sending the same request again soon cannot succeed, whatever its status says (the catalogue's `retryable: false`). */
  readonly unretryable?: true;
}

const GENERIC_MESSAGE = 'Internal server error';

function readRetryAfter(error: BskError): number | undefined {
  const fromUpstream = isUpstreamError(error) ? error.details.info.retryAfterSeconds : undefined;
  const value = fromUpstream ?? error.details.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Fastify's own 4xx errors (malformed JSON, body too large, wrong content type) describe the
 * client's request and are safe to show. Any other plain error can carry file paths, SQL or
 * upstream URLs: never shown to clients.
 */
function readPlainErrorFacts(error: unknown): ErrorFacts {
  const { statusCode, message } = (error ?? {}) as { statusCode?: unknown; message?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof message === 'string') return { status: statusCode, message };
  return { status: 500, message: GENERIC_MESSAGE };
}

/** Classifies anything thrown on the request path into what a wire error needs. */
export function readErrorFacts(error: unknown): ErrorFacts {
  if (!(error instanceof BskError)) return readPlainErrorFacts(error);
  const param = error.details.param;
  const retryAfterSeconds = readRetryAfter(error);
  return {
    status: error.status,
    message: error.message,
    code: error.code,
    ...(typeof param === 'string' ? { param } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(isUnretryable(error) ? { unretryable: true } : {}),
  };
}

/**
 * Facts for an `error` stream part. Its status comes from the same upstream error catalogue
 * the non-streamed path uses, so a mid-stream overload and a refused request read alike.
 */
export function readStreamErrorFacts(info: UpstreamErrorInfo): ErrorFacts {
  const { status, code } = createUpstreamError('upstream', info);
  return {
    status,
    message: info.message,
    code,
    ...(info.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: info.retryAfterSeconds }),
  };
}

/**
 * What the SDKs read to decide on a retry: `retry-after` in whole seconds, as HTTP wants it, and
 * `x-should-retry: false` for an error a retry cannot get past (a daily spend limit's 429 would
 * otherwise keep an SDK waiting hours on its `retry-after`). Empty when there is nothing to say.
 */
export function retryHeaders(facts: ErrorFacts): Record<string, string> {
  const headers: Record<string, string> = {};
  if (facts.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(facts.retryAfterSeconds));
  if (facts.unretryable) headers['x-should-retry'] = 'false';
  return headers;
}
