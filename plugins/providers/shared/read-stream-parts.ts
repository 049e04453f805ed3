import type { StreamPart } from '../../../kernel/canonical/stream';
import { readSseEvents, type SseEvent } from '../../../kernel/sse';
import { interruptionInfo } from './read-upstream-json';
import type { UpstreamStream } from './upstream-fetch';

/** One upstream protocol's stream parser: SSE events in, canonical parts out. */
export interface StreamPartParser {
  push(event: SseEvent): readonly StreamPart[];
  /** The parts that close the stream when the body ends. */
  end(): readonly StreamPart[];
}

/**
 * An error the upstream's stream declares, with the wait its head asked for where the event
 * names none: told before the first byte, it is the client's `retry-after`, as a refusal's is.
 */
function withHeadRetryAfter(part: StreamPart, retryAfterSeconds: number | undefined): StreamPart {
  if (part.type !== 'error' || retryAfterSeconds === undefined || part.error.retryAfterSeconds !== undefined) return part;
  return { type: 'error', error: { ...part.error, retryAfterSeconds } };
}

/**
 * Reads an upstream SSE body into canonical parts. Never throws: a broken connection or an
 * abort becomes the last part, an `error`. Nothing follows a `finish` or an `error`;
 * returning there also cancels the upstream body.
 */
export async function* readStreamParts(stream: UpstreamStream, parser: StreamPartParser, signal: AbortSignal): AsyncGenerator<StreamPart> {
  try {
    for await (const event of readSseEvents(stream.body)) {
      for (const part of parser.push(event)) {
        yield withHeadRetryAfter(part, stream.retryAfterSeconds);
        if (part.type === 'finish' || part.type === 'error') return;
      }
    }
    yield* parser.end();
  } catch (error) {
    yield { type: 'error', error: interruptionInfo(error, signal) };
  }
}
