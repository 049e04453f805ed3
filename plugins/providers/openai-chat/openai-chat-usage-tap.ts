import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';
import type { MalformedEvent, TapResult, UsageTap } from '../../../kernel/canonical/provider';
import type { FinishReason, StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import { SseParser } from '../../../kernel/sse';
import { isJsonText } from '../shared/is-json-text';
import { JsonBodyTap } from '../shared/json-body-tap';
import { KeptContent } from '../shared/kept-content';
import { malformedEvent } from '../shared/malformed-event';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { mapOpenAIUsage } from './map-openai-usage';
import { OpenAIChatStreamParser, readChunkUsage, readStreamError } from './openai-chat-stream-parser';
import type { OpenAIChatChunk, OpenAIChatResponseBody, OpenAIChatResponseMessage } from './openai-chat-wire';

/** Usage, finish and error of a complete JSON body (a non-streamed answer or an error). */
function readJsonBody(text: string): TapResult {
  let body: OpenAIChatResponseBody;
  try {
    body = JSON.parse(text) as OpenAIChatResponseBody;
  } catch {
    return { usage: null, finishReason: null, error: text ? { kind: 'malformed-response', message: 'the upstream body is not JSON' } : null };
  }
  if (body?.error) return { usage: null, finishReason: null, error: readStreamError(body) };
  const choice = body?.choices?.[0];
  const usage = body?.usage ? mapOpenAIUsage(body.usage) : null;
  const result = { usage, upstreamModel: readUpstreamModel(body.model), finishReason: choice?.finish_reason ? mapOpenAIFinishReason(choice.finish_reason) : null, error: null };
  // Counted only where the answer reports no output count: its content is then what is billed.
  return usage?.outputTokens ? result : { ...result, deliveredTokens: estimateMessageTokens(choice?.message) };
}

/** A whole answer's content (reasoning, text, refusal, tool-call arguments) in estimated tokens, as a stream's deltas are counted. */
function estimateMessageTokens(message: OpenAIChatResponseMessage | undefined): number {
  const counter = new TextTokenCounter();
  for (const text of [message?.reasoning_content ?? message?.reasoning, message?.content, message?.refusal]) if (text) counter.add(text);
  for (const call of message?.tool_calls ?? []) counter.add(call.function?.arguments ?? '');
  return counter.tokens;
}

/**
 * Events that may carry what the bill needs: usage that is not null, a finish reason, an error.
 * Only these are parsed as they go by; a false match costs one parse, never a wrong bill.
 * (The Chat Completions front-end finds the final usage event with the same usage filter.)
 * One pattern, not one per key: each is a search of the whole event, and every event of every
 * passthrough stream goes through it (three searches were a sixth of the tap's time).
 */
const MAY_CARRY_BILL = /"(?:usage"\s*:\s*(?!null\b)|finish_reason"\s*:\s*"|error"\s*:)/;
/** A chunk with content: a non-empty text, refusal, reasoning or tool-argument delta (the first chunk's `"content":""` is none). */
const CARRIES_CONTENT = /"(?:content|refusal|reasoning_content|reasoning|arguments)"\s*:\s*"(?!")/;

/** The stream parser's content parts of each chunk, in order (a parser of its own: it is stateful). */
function contentReader(): (data: string) => readonly StreamPart[] {
  const parser = new OpenAIChatStreamParser('');
  return (data) => parser.pushData(data);
}

/**
 * Reads what billing needs from passthrough SSE. Usage, finish and errors are read from the
 * events that carry them; every chunk is kept for the delivered-token count (KeptContent), so
 * the content is only parsed (one JSON.parse per chunk, about 9 % of a streamed request's
 * main-thread instructions) when the bill needs that count; as it goes by it is only checked
 * to be JSON, without building it. The first chunk that is not fails the stream (`malformed`).
 */
class SseBodyTap implements UsageTap {
  private readonly sse = new SseParser();
  private readonly fallback = new JsonBodyTap(readJsonBody);
  private sawEvent = false;
  /** `[DONE]` or an error: later events are not read. */
  private over = false;
  private usage: Usage | null = null;
  private upstreamModel: string | undefined = undefined;
  private finishReason: FinishReason | null = null;
  private error: UpstreamErrorInfo | null = null;
  malformed: MalformedEvent | null = null;
  private firstContentAt: number | undefined;
  private readonly delivered = new KeptContent<string>(contentReader(), (data) => data.length);

  write(chunk: Uint8Array): void {
    // An upstream that refused a stream request answers with a JSON error body, not SSE: kept
    // aside until the first event shows the body is a stream (the bytes are kept, decoded only if needed).
    if (!this.sawEvent) this.fallback.write(chunk);
    for (const event of this.sse.push(chunk)) this.read(event.data);
  }

  end(): TapResult {
    for (const event of this.sse.end()) this.read(event.data);
    if (!this.sawEvent) return this.fallback.end();
    const error = this.error ?? (this.finishReason === null ? { kind: 'connection' as const, message: 'the upstream stream ended before a finish reason' } : null);
    const delivered = this.delivered;
    return {
      usage: this.usage, upstreamModel: this.upstreamModel, finishReason: this.finishReason, error,
      firstContentAt: this.firstContentAt,
      // Read only when the bill needs it (settle-answer.ts): parsing the kept content happens then.
      get deliveredTokens() {
        return delivered.tokens();
      },
    };
  }

  private read(data: string): void {
    if (this.over) return;
    this.sawEvent = true;
    if (data.trim() === '[DONE]') {
      this.over = true;
      return;
    }
    if (!MAY_CARRY_BILL.test(data)) {
      if (!isJsonText(data)) return this.failMalformed(data);
      return this.keepContent(data);
    }
    let chunk: OpenAIChatChunk;
    try {
      chunk = JSON.parse(data) as OpenAIChatChunk;
    } catch {
      return this.failMalformed(data);
    }
    this.keepContent(data);
    if (chunk.error) return this.fail(readStreamError(chunk));
    const finish = chunk.choices?.[0]?.finish_reason;
    if (finish) this.finishReason = mapOpenAIFinishReason(finish);
    const usage = readChunkUsage(chunk);
    if (!usage) return;
    this.usage = mapOpenAIUsage(usage);
    this.upstreamModel = readUpstreamModel(chunk.model) ?? this.upstreamModel;
  }

  private keepContent(data: string): void {
    this.delivered.keep(data);
    // Tested until the first content chunk only: later chunks cost nothing more.
    if (this.firstContentAt === undefined && CARRIES_CONTENT.test(data)) this.firstContentAt = performance.now();
  }

  private failMalformed(data: string): void {
    this.malformed = malformedEvent(data);
    this.fail(this.malformed.error);
  }

  private fail(error: UpstreamErrorInfo): void {
    this.error = error;
    this.over = true;
  }
}

/** A tap for Chat Completions passthrough traffic: SSE when `stream`, a JSON body otherwise. */
export function createOpenAIChatUsageTap(stream: boolean): UsageTap {
  return stream ? new SseBodyTap() : new JsonBodyTap(readJsonBody);
}
