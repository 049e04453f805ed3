import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { readSseEvents } from '../../../kernel/sse';
import { OpenAIChatStreamParser } from './openai-chat-stream-parser';

export interface StreamReadOptions {
  /** Gateway model id, for `message-start`. */
  readonly model: string;
  /** The call's signal: a read that fails after it aborted is a timeout, not a lost connection. */
  readonly signal: AbortSignal;
  /** Told about the failure a stream ends with (for logging); the part still goes to the caller. */
  readonly onError?: (error: UpstreamErrorInfo) => void;
}

/**
 * Reads an upstream SSE body into canonical parts. Never throws: a broken connection,
 * an abort, a malformed chunk or an error chunk becomes the last part, an `error`.
 */
export async function* readOpenAIChatStream(body: AsyncIterable<Uint8Array>, options: StreamReadOptions): AsyncGenerator<StreamPart> {
  const parser = new OpenAIChatStreamParser(options.model);
  let parts: StreamPart[] = [];
  try {
    for await (const event of readSseEvents(body)) {
      parts = parser.pushData(event.data);
      yield* parts;
      if (parser.finished) break;
    }
    parts = parser.end();
    yield* parts;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parts = [{ type: 'error', error: { kind: options.signal.aborted ? 'timeout' : 'connection', message } }];
    yield* parts;
  }
  const last = parts.at(-1);
  if (last?.type === 'error') options.onError?.(last.error);
}
