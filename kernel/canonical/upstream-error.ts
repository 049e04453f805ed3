import { BskError, defineErrors } from '../errors';
import type { UpstreamErrorInfo, UpstreamErrorKind } from './stream';

export const upstreamErrors = defineErrors({
  BSK_UPSTREAM_INVALID_REQUEST: { status: 400, message: '{provider}: {message}' },
  BSK_UPSTREAM_AUTHENTICATION: { status: 502, message: '{provider}: the gateway\'s upstream credentials were rejected' },
  BSK_UPSTREAM_PERMISSION: { status: 403, message: '{provider}: {message}' },
  BSK_UPSTREAM_NOT_FOUND: { status: 404, message: '{provider}: {message}' },
  BSK_UPSTREAM_RATE_LIMIT: { status: 429, message: '{provider}: rate limited upstream: {message}' },
  BSK_UPSTREAM_OVERLOADED: { status: 529, message: '{provider}: overloaded: {message}' },
  BSK_UPSTREAM_TIMEOUT: { status: 504, message: '{provider}: no answer in time: {message}' },
  BSK_UPSTREAM_CONNECTION: { status: 502, message: '{provider}: cannot connect: {message}' },
  BSK_UPSTREAM_FAILED: { status: 502, message: '{provider}: upstream error: {message}' },
  BSK_UPSTREAM_MALFORMED: { status: 502, message: '{provider}: malformed upstream response: {message}' },
});

const CODE_BY_KIND: Record<UpstreamErrorKind, Parameters<typeof upstreamErrors.create>[0]> = {
  'invalid-request': 'BSK_UPSTREAM_INVALID_REQUEST',
  authentication: 'BSK_UPSTREAM_AUTHENTICATION',
  permission: 'BSK_UPSTREAM_PERMISSION',
  'not-found': 'BSK_UPSTREAM_NOT_FOUND',
  'rate-limit': 'BSK_UPSTREAM_RATE_LIMIT',
  overloaded: 'BSK_UPSTREAM_OVERLOADED',
  timeout: 'BSK_UPSTREAM_TIMEOUT',
  connection: 'BSK_UPSTREAM_CONNECTION',
  upstream: 'BSK_UPSTREAM_FAILED',
  'malformed-response': 'BSK_UPSTREAM_MALFORMED',
};

/** A BskError carrying the classified upstream failure; thrown by providers before the first stream part. */
export interface UpstreamError extends BskError {
  readonly details: { readonly provider: string; readonly info: UpstreamErrorInfo };
}

export function createUpstreamError(provider: string, info: UpstreamErrorInfo, cause?: unknown): UpstreamError {
  // Upstream messages can echo request fragments but never our upstream key; still, keep them short.
  const message = info.message.length > 500 ? `${info.message.slice(0, 500)}…` : info.message;
  return upstreamErrors.create(CODE_BY_KIND[info.kind], { provider, message, info }, { cause }) as UpstreamError;
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof BskError && error.code.startsWith('BSK_UPSTREAM_');
}

/** Failures worth another attempt (fallback / retry): rate limits, overload, 5xx, timeouts, connect errors. */
export function isRetryable(info: UpstreamErrorInfo): boolean {
  return ['rate-limit', 'overloaded', 'timeout', 'connection', 'upstream'].includes(info.kind);
}

/** Maps an upstream HTTP status to a kind; providers refine with their own error bodies. */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 400 || status === 413 || status === 422) return 'invalid-request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate-limit';
  if (status === 503 || status === 529) return 'overloaded';
  return 'upstream';
}

/** `retry-after` in seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
