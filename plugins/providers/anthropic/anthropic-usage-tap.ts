import type { TapResult, UsageTap } from '../../../kernel/canonical/provider';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';
import { makeUsage } from '../../../kernel/canonical/usage';
import { SseParser } from '../../../kernel/sse';
import { parseAnthropicResponse } from './anthropic-response';
import { AnthropicStreamParser } from './anthropic-stream-parser';
import type { AnthropicResponseBody } from './anthropic-wire-types';
import { anthropicErrorInfo } from './read-anthropic-error';

type TapState = { -readonly [Key in keyof TapResult]: TapResult[Key] };

/** Folds stream parts into what billing needs: the latest usage, the finish reason, the first error. */
function recordPart(result: TapState, part: StreamPart): void {
  if (part.type === 'message-start' && part.usage) result.usage = makeUsage(part.usage);
  if (part.type === 'usage') result.usage = part.usage;
  if (part.type === 'finish') {
    result.usage = part.usage;
    result.finishReason = part.reason;
  }
  if (part.type === 'error') result.error ??= part.error;
}

function createStreamTap(): UsageTap {
  const sse = new SseParser();
  const parser = new AnthropicStreamParser({ modelId: '' });
  const result: TapState = { usage: null, finishReason: null, error: null };
  const delivered = new TextTokenCounter();
  const record = (parts: readonly StreamPart[]) => {
    for (const part of parts) {
      delivered.addPart(part);
      recordPart(result, part);
    }
  };
  return {
    write: (chunk) => {
      for (const event of sse.push(chunk)) record(parser.push(event));
    },
    end() {
      for (const event of sse.end()) record(parser.push(event));
      record(parser.end());
      return { ...result, deliveredTokens: delivered.tokens };
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
  return { usage: response.usage, finishReason: response.finishReason, error: null };
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
