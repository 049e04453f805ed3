import type { MalformedEvent, TapResult, UsageTap } from '../../../kernel/canonical/provider';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage } from '../../../kernel/canonical/usage';
import { type SseEvent, SseParser } from '../../../kernel/sse';
import { isJsonText } from '../shared/is-json-text';
import { KeptContent } from '../shared/kept-content';
import { malformedEvent } from '../shared/malformed-event';
import { parseAnthropicResponse } from './anthropic-response';
import { AnthropicStreamParser } from './anthropic-stream-parser';
import type { AnthropicResponseBody } from './anthropic-wire-types';
import { anthropicErrorInfo } from './read-anthropic-error';

type TapState = { -readonly [Key in keyof TapResult]: TapResult[Key] };

/** Folds stream parts into what billing needs: the latest usage, the finish reason, the first error. */
function recordPart(result: TapState, part: StreamPart): void {
  if (part.type === 'message-start') {
    if (part.usage) result.usage = makeUsage(part.usage);
    result.upstreamModel = part.upstreamModel;
  }
  if (part.type === 'usage') result.usage = part.usage;
  if (part.type === 'finish') {
    result.usage = part.usage;
    result.finishReason = part.reason;
  }
  if (part.type === 'error') result.error ??= part.error;
}

/** Events that only carry content (or nothing): read when the bill needs the delivered tokens. */
const CONTENT_EVENTS = new Set(['content_block_start', 'content_block_delta', 'content_block_stop', 'ping']);

/**
 * Message events (start, delta with usage and stop reason, stop, error) go through the stream
 * parser as they come; content events are kept for the delivered-token count (KeptContent) and
 * only parsed when the bill needs it. Every event is checked to be JSON as it goes by (without
 * building it): the first that is not fails the stream (`malformed`), and later ones are not read.
 */
function createStreamTap(): UsageTap {
  const sse = new SseParser();
  const parser = new AnthropicStreamParser({ modelId: '' });
  const result: TapState = { usage: null, upstreamModel: undefined, finishReason: null, error: null };
  const replay = new AnthropicStreamParser({ modelId: '' });
  const delivered = new KeptContent<SseEvent>((event) => replay.push(event), (event) => event.data.length);
  let malformed: MalformedEvent | null = null;
  const read = (event: SseEvent) => {
    if (malformed) return;
    if (!isJsonText(event.data)) {
      malformed = malformedEvent(event.data);
      result.error ??= malformed.error;
      return;
    }
    delivered.keep(event);
    if (event.event === 'content_block_delta') result.firstContentAt ??= performance.now();
    if (event.event !== undefined && CONTENT_EVENTS.has(event.event)) return;
    for (const part of parser.push(event)) recordPart(result, part);
  };
  return {
    write: (chunk) => {
      for (const event of sse.push(chunk)) read(event);
    },
    get malformed() {
      return malformed;
    },
    end() {
      for (const event of sse.end()) read(event);
      for (const part of parser.end()) recordPart(result, part);
      return {
        ...result,
        // Read only when the bill needs it (settle-answer.ts): parsing the kept content happens then.
        get deliveredTokens() {
          return delivered.tokens();
        },
      };
    },
  };
}

function readJsonBody(text: string): TapResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { usage: null, finishReason: null, error: { kind: 'malformed-response', message: 'the upstream body is not JSON' } };
  }
  if ((body as { type?: unknown }).type === 'error') return { usage: null, finishReason: null, error: anthropicErrorInfo(body) };
  const response = parseAnthropicResponse(body as AnthropicResponseBody, { modelId: '' });
  return { usage: response.usage, upstreamModel: response.upstreamModel, finishReason: response.finishReason, error: null };
}

function createJsonTap(): UsageTap {
  const chunks: Uint8Array[] = [];
  return {
    write: (chunk) => void chunks.push(chunk),
    end: () => readJsonBody(Buffer.concat(chunks).toString('utf8')),
  };
}

/**
 * Watches passthrough bytes with the same parsers `stream()` and `generate()` use, so a
 * passthrough request bills exactly like a translated one. It only reads; callers pipe
 * the bytes to the client untouched.
 */
export function createAnthropicUsageTap(stream: boolean): UsageTap {
  return stream ? createStreamTap() : createJsonTap();
}
