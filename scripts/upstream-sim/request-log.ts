import type { IncomingHttpHeaders } from 'node:http';
import { SECRET_HEADERS } from './provider-auth';
import type { ProviderName } from './provider-errors';

/** One request as the simulator received it, secrets redacted: what the gateway sent upstream. */
export interface RecordedRequest {
  readonly sequence: number;
  readonly receivedAt: string;
  readonly provider: ProviderName | null;
  readonly method: string;
  /** Path and query; a `key` query parameter is redacted. */
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The JSON body parsed, a multipart body as its fields, anything else as text; null when empty. */
  readonly body: unknown;
  /** The body exactly as received, for byte-for-byte passthrough checks (text bodies only). */
  readonly rawBody: string | null;
}

const REDACTED = '[redacted]';

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = SECRET_HEADERS.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function redactPath(url: URL): string {
  const copy = new URL(url);
  if (copy.searchParams.has('key')) copy.searchParams.set('key', REDACTED);
  return `${copy.pathname}${copy.search}`;
}

export interface RequestToRecord {
  readonly provider: ProviderName | null;
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly rawBody: string | null;
}

/** The most recent requests, oldest first, bounded so a long benchmark cannot exhaust memory. */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private sequence = 0;

  constructor(private readonly limit: number) {}

  record(request: RequestToRecord): void {
    this.sequence += 1;
    this.entries.push({
      sequence: this.sequence,
      receivedAt: new Date().toISOString(),
      provider: request.provider,
      method: request.method,
      path: redactPath(request.url),
      headers: redactHeaders(request.headers),
      body: request.body,
      rawBody: request.rawBody,
    });
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-this.limit);
  }

  list(provider?: string): readonly RecordedRequest[] {
    return provider ? this.entries.filter((entry) => entry.provider === provider) : this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
