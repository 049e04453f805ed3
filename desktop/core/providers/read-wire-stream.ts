import type { StreamPart } from '../../../kernel/canonical/stream';
import { readSseEvents, type SseEvent } from '../../../kernel/sse';

/** A wire protocol's SSE reader: canonical parts per event, and what the end of the body means. */
export interface WireEventReader {
  push(event: SseEvent): StreamPart[];
  end(): StreamPart[];
}

/**
 * Reads an SSE body through a protocol reader. Never throws: a dropped connection or a
 * cancel becomes the last part, an `error`; nothing follows a `finish` or an `error`.
 */
export async function* readWireStream(body: ReadableStream<Uint8Array>, reader: WireEventReader, signal: AbortSignal | undefined): AsyncGenerator<StreamPart> {
  try {
    for await (const event of readSseEvents(body)) {
      for (const part of reader.push(event)) {
        yield part;
        if (part.type === 'finish' || part.type === 'error') return;
      }
    }
    yield* reader.end();
  } catch (error) {
    const message = signal?.aborted ? `cancelled: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted')}` : error instanceof Error ? error.message : String(error);
    yield { type: 'error', error: { kind: signal?.aborted ? 'timeout' : 'connection', message } };
  }
}

/** `estimated_credits` as an integer, or null. */
export function readCreditsHeader(headers: Headers): number | null {
  const value = headers.get('estimated_credits');
  const credits = value === null ? NaN : Number(value);
  return Number.isInteger(credits) && credits >= 0 ? credits : null;
}

/** The `bytespike-*` response headers: how the gateway applied a request's feature flags. */
export function readGatewayHeaders(headers: Headers): Record<string, string> {
  const gateway: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('bytespike-')) gateway[name] = value;
  });
  return gateway;
}

/** The `bytespike_credits` extension of a usage object inside an event payload, when present. */
export function readUsageCredits(data: string, usageOf: (payload: Record<string, unknown>) => unknown): number | null {
  // Only the final usage event carries it; skip parsing every text delta twice.
  if (!data.includes('bytespike_credits')) return null;
  try {
    const usage = usageOf(JSON.parse(data) as Record<string, unknown>) as { bytespike_credits?: unknown } | undefined;
    const credits = usage?.bytespike_credits;
    return typeof credits === 'number' && Number.isInteger(credits) && credits >= 0 ? credits : null;
  } catch {
    return null;
  }
}
