/** Node socket errors that mean "the database is not there right now", not "the query is wrong". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What `pg` throws when a socket dies or the pool cannot hand out a client in time. */
const DRIVER_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /client has encountered a connection error/i, /connection ended unexpectedly/i];

/** True when an error says PostgreSQL is unreachable (retrying later can succeed), false for SQL errors. */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
export function isRetryableConflict(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === '40001' || code === '40P01';
}

/**
 * character_not_in_repertoire: PostgreSQL's TEXT cannot hold U+0000, which JSON and SQLite
 * carry. Only a value the client sent can hold one (ids in URLs, names, prompts): the
 * request's fault, not the database's.
 */
export function isNulCharacterRefusal(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === '22021';
}
