import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { readStreamParts } from '../shared/read-stream-parts';
import type { UpstreamStream } from '../shared/upstream-fetch';
import { OpenAIChatStreamParser } from './openai-chat-stream-parser';

export interface StreamReadOptions {
  /** Gateway model id, for `message-start`. */
  readonly model: string;
  /** The gateway's request id, for ids the server left out or repeats (answer-id.ts). */
  readonly requestId?: string;
  /** The call's signal: a read that fails after it aborted is a timeout, not a lost connection. */
  readonly signal: AbortSignal;
  /** Told about the failure a stream ends with (for logging); the part still goes to the caller. */
  readonly onError?: (error: UpstreamErrorInfo) => void;
}

/**
 * Reads an upstream SSE body into canonical parts. Never throws: a broken connection,
 * an abort, a malformed chunk or an error chunk becomes the last part, an `error`.
 */
export async function* readOpenAIChatStream(stream: UpstreamStream, options: StreamReadOptions): AsyncGenerator<StreamPart> {
  const parser = new OpenAIChatStreamParser(options.model, options.requestId);
  for await (const part of readStreamParts(stream, { push: (event) => parser.pushData(event.data), end: () => parser.end() }, options.signal)) {
    yield part;
    if (part.type === 'error') options.onError?.(part.error);
  }
}
