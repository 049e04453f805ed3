import type { StreamPart } from '../../../kernel/canonical/stream';
import { readSseEvents, type SseEvent } from '../../../kernel/sse';
import { interruptionInfo } from './read-upstream-json';

/** One upstream protocol's stream parser: SSE events in, canonical parts out. */
export interface StreamPartParser {
  push(event: SseEvent): readonly StreamPart[];
  /** The parts that close the stream when the body ends. */
  end(): readonly StreamPart[];
}

/**
 * Reads an upstream SSE body into canonical parts. Never throws: a broken connection or an
 * abort becomes the last part, an `error`. Nothing follows a `finish` or an `error`;
 * returning there also cancels the upstream body.
 */
export async function* readStreamParts(body: AsyncIterable<Uint8Array>, parser: StreamPartParser, signal: AbortSignal): AsyncGenerator<StreamPart> {
  try {
    for await (const event of readSseEvents(body)) {
      for (const part of parser.push(event)) {
        yield part;
        if (part.type === 'finish' || part.type === 'error') return;
      }
    }
    yield* parser.end();
  } catch (error) {
    yield { type: 'error', error: interruptionInfo(error, signal) };
  }
}
