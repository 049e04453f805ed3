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
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
