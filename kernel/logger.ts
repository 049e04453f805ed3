import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths never written to logs. Request bodies (prompts) are not logged at all by the
 * gateway; these catch the places a secret could still slip into a log object.
 */
const REDACTED_PATHS = [
  'apiKey', '*.apiKey', '*.*.apiKey', 'key', '*.key', 'token', '*.token', 'password', '*.password',
  'headers.authorization', 'headers["x-api-key"]', 'headers["x-goog-api-key"]', 'headers.cookie',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-goog-api-key"]', 'req.headers.cookie',
];

export interface LoggerOptions {
  readonly level?: string;
  /** Where JSON lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: pino.DestinationStream;
  /**
   * For long-running servers: lines are written to stderr in batches of 4 KiB, or at least
   * every 250 ms, instead of one write per line. A gateway writes an access line per request,
   * and a write per line cost it 40 µs a request (most of a log line's cost). On exit, pino
   * flushes what is buffered; only a kill -9 can lose the last 250 ms of lines.
   */
  readonly buffered?: boolean;
}

const BUFFERED_BYTES = 4096;
const BUFFERED_FLUSH_MS = 250;

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    options.destination ?? pino.destination({ fd: 2, sync: false, ...(options.buffered ? { minLength: BUFFERED_BYTES, periodicFlush: BUFFERED_FLUSH_MS } : {}) }),
  );
}
