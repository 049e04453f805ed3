import type { TapResult, UsageTap } from '../../../kernel/canonical/provider';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';
import { SseParser } from '../../../kernel/sse';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { mapOpenAIUsage } from './map-openai-usage';
import { OpenAIChatStreamParser, readStreamError } from './openai-chat-stream-parser';
import type { OpenAIChatResponseBody } from './openai-chat-wire';

/** Error bodies are small; a tap never holds more than this of a body it only watches. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** Usage, finish and error of a complete JSON body (a non-streamed answer or an error). */
function readJsonBody(text: string): TapResult {
  let body: OpenAIChatResponseBody;
  try {
    body = JSON.parse(text) as OpenAIChatResponseBody;
  } catch {
    return { usage: null, finishReason: null, error: text ? { kind: 'malformed-response', message: 'the upstream body is not JSON' } : null };
  }
  if (body?.error) return { usage: null, finishReason: null, error: readStreamError(body) };
  const finish = body?.choices?.[0]?.finish_reason;
  return { usage: body?.usage ? mapOpenAIUsage(body.usage) : null, finishReason: finish ? mapOpenAIFinishReason(finish) : null, error: null };
}

class JsonBodyTap implements UsageTap {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  write(chunk: Uint8Array): void {
    if (this.size >= MAX_BUFFERED_BYTES) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  end(): TapResult {
    return readJsonBody(Buffer.concat(this.chunks).toString('utf8'));
  }
}

/** Runs the stream parser over passthrough SSE bytes and keeps only what billing needs. */
class SseBodyTap implements UsageTap {
  private readonly sse = new SseParser();
  private readonly parser = new OpenAIChatStreamParser('');
  private readonly fallback = new JsonBodyTap();
  private sawEvent = false;
  private result: TapResult = { usage: null, finishReason: null, error: null };
  private readonly delivered = new TextTokenCounter();

  write(chunk: Uint8Array): void {
    // An upstream that refused a stream request answers with a JSON error body, not SSE: kept
    // aside until the first event shows the body is a stream (the bytes are kept, decoded only if needed).
    if (!this.sawEvent) this.fallback.write(chunk);
    for (const event of this.sse.push(chunk)) this.record(this.parser.pushData(event.data));
  }

  end(): TapResult {
    for (const event of this.sse.end()) this.record(this.parser.pushData(event.data));
    if (!this.sawEvent) return this.fallback.end();
    this.record(this.parser.end());
    return { ...this.result, deliveredTokens: this.delivered.tokens };
  }

  private record(parts: readonly StreamPart[]): void {
    this.sawEvent ||= parts.length > 0;
    for (const part of parts) {
      this.delivered.addPart(part);
      if (part.type === 'usage') this.result = { ...this.result, usage: part.usage };
      else if (part.type === 'finish') this.result = { ...this.result, finishReason: part.reason };
      else if (part.type === 'error') this.result = { ...this.result, error: part.error };
    }
  }
}

/** A tap for Chat Completions passthrough traffic: SSE when `stream`, a JSON body otherwise. */
export function createOpenAIChatUsageTap(stream: boolean): UsageTap {
  return stream ? new SseBodyTap() : new JsonBodyTap();
}
