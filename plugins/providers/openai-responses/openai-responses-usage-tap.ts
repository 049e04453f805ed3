import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';
import type { MalformedEvent, TapResult, UsageTap } from '../../../kernel/canonical/provider';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { SseParser } from '../../../kernel/sse';
import { isJsonText } from '../shared/is-json-text';
import { JsonBodyTap } from '../shared/json-body-tap';
import { KeptContent } from '../shared/kept-content';
import { malformedEvent } from '../shared/malformed-event';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { errorEventInfo, mapResponsesUsage, type ResponseObject, responseFinishReason, responsesErrorInfo } from './response-object';

/** What a finished (or failed) response object tells the bill. */
function readResponse(response: ResponseObject): TapResult {
  const usage = response.usage ? mapResponsesUsage(response.usage) : null;
  if (response.status === 'failed') return { usage, finishReason: null, error: responsesErrorInfo(response.error), errorIsAnswer: true };
  return { usage, upstreamModel: readUpstreamModel(response.model), finishReason: responseFinishReason(response), error: null };
}

/** A written part of an output item: a message's text or refusal, a reasoning item's summary or text. */
interface WrittenPart {
  readonly text?: string;
  readonly refusal?: string;
}

/** What an output item holds that the model wrote: message or reasoning parts, a call's arguments or input. */
interface OutputContent {
  readonly content?: readonly WrittenPart[];
  readonly summary?: readonly WrittenPart[];
  readonly arguments?: string;
  readonly input?: string;
}

/** A whole response's output in estimated tokens, as a stream's deltas of it are counted. */
function estimateOutputTokens(output: readonly OutputContent[] | undefined): number {
  const counter = new TextTokenCounter();
  for (const item of output ?? []) {
    for (const part of [...(item.content ?? []), ...(item.summary ?? [])]) counter.add(part.text ?? part.refusal ?? '');
    counter.add(item.arguments ?? item.input ?? '');
  }
  return counter.tokens;
}

/** Usage, finish and error of a complete JSON body (a non-streamed response or an error). */
function readJsonBody(text: string): TapResult {
  let body: ResponseObject & { readonly error?: unknown };
  try {
    body = JSON.parse(text) as ResponseObject;
  } catch {
    return { usage: null, finishReason: null, error: text ? { kind: 'malformed-response', message: 'the upstream body is not JSON' } : null };
  }
  if (body?.object === 'response') {
    const read = readResponse(body);
    // Counted only where the response reports no output count: its content is then what is billed.
    return read.usage?.outputTokens || read.error ? read : { ...read, deliveredTokens: estimateOutputTokens(body.output as readonly OutputContent[] | undefined) };
  }
  if (body?.error) return { usage: null, finishReason: null, error: responsesErrorInfo(body.error as ResponseObject['error']) };
  return { usage: null, finishReason: null, error: { kind: 'malformed-response', message: 'the upstream body is not a response' } };
}

/** The events that end a response (carrying the whole object), and the stream-level error. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);
/** The type of an event sent without an `event:` line. */
const DATA_TYPE = /^\s*\{\s*"type"\s*:\s*"([^"]+)"/;

/** Content deltas, by event type, as the canonical parts the delivered-token count reads. */
const CONTENT_DELTAS: Readonly<Record<string, (delta: string) => StreamPart>> = {
  'response.output_text.delta': (text) => ({ type: 'text-delta', index: 0, text }),
  'response.refusal.delta': (text) => ({ type: 'text-delta', index: 0, text }),
  'response.reasoning_summary_text.delta': (text) => ({ type: 'reasoning-delta', index: 0, text }),
  'response.reasoning_text.delta': (text) => ({ type: 'reasoning-delta', index: 0, text }),
  'response.function_call_arguments.delta': (json) => ({ type: 'tool-input-delta', index: 0, json }),
  'response.custom_tool_call_input.delta': (json) => ({ type: 'tool-input-delta', index: 0, json }),
};

function readContentDelta(event: { type: string; data: string }): readonly StreamPart[] {
  try {
    const delta = (JSON.parse(event.data) as { delta?: unknown }).delta;
    return typeof delta === 'string' ? [CONTENT_DELTAS[event.type]!(delta)] : [];
  } catch {
    return [];
  }
}

/**
 * Reads what billing needs from a passthrough Responses stream: only its last event
 * (`response.completed`, `.incomplete` or `.failed`, which carry the whole response) and an
 * `error` event are parsed as they go by. Content deltas are kept for the delivered-token
 * count, read only when the bill needs it (a client that cancelled: KeptContent). The events
 * not parsed are checked to be JSON, without building them: the first that is not fails the
 * stream (`malformed`).
 */
class SseBodyTap implements UsageTap {
  private readonly sse = new SseParser();
  private readonly fallback = new JsonBodyTap(readJsonBody);
  private sawEvent = false;
  private result: TapResult | null = null;
  malformed: MalformedEvent | null = null;
  private firstContentAt: number | undefined;
  private readonly delivered = new KeptContent(readContentDelta, (event) => event.data.length);

  write(chunk: Uint8Array): void {
    // An upstream that refused a stream request answers with a JSON error body, not SSE.
    if (!this.sawEvent) this.fallback.write(chunk);
    for (const event of this.sse.push(chunk)) this.read(event.event, event.data);
  }

  end(): TapResult {
    for (const event of this.sse.end()) this.read(event.event, event.data);
    if (!this.sawEvent) return this.fallback.end();
    const result = this.result ?? { usage: null, finishReason: null, error: { kind: 'connection' as const, message: 'the upstream stream ended before the response did' } };
    const delivered = this.delivered;
    return {
      ...result,
      firstContentAt: this.firstContentAt,
      get deliveredTokens() {
        return delivered.tokens();
      },
    };
  }

  private read(name: string | undefined, data: string): void {
    if (this.result) return;
    this.sawEvent = true;
    const type = name ?? DATA_TYPE.exec(data)?.[1] ?? '';
    const parsed = type === 'error' || FINAL_EVENTS.has(type);
    if (!parsed && !isJsonText(data)) return this.failMalformed(data);
    if (type in CONTENT_DELTAS) {
      this.firstContentAt ??= performance.now();
      return this.delivered.keep({ type, data });
    }
    if (!parsed) return;
    let payload: { response?: ResponseObject; code?: string; message?: string; error?: ResponseObject['error'] };
    try {
      payload = JSON.parse(data) as typeof payload;
    } catch {
      return this.failMalformed(data);
    }
    if (type === 'error') this.result = { usage: null, finishReason: null, error: errorEventInfo(payload) };
    else this.result = payload.response ? readResponse(payload.response) : { usage: null, finishReason: null, error: { kind: 'malformed-response', message: `${type} carries no response` } };
  }

  private failMalformed(data: string): void {
    this.malformed = malformedEvent(data);
    this.result = { usage: null, finishReason: null, error: this.malformed.error };
  }
}

/** A tap for Responses API passthrough traffic: SSE when `stream`, a JSON body otherwise. */
export function createOpenAIResponsesUsageTap(stream: boolean): UsageTap {
  return stream ? new SseBodyTap() : new JsonBodyTap(readJsonBody);
}
