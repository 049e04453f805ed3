import type { FinishReason, StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import { answerId } from './answer-id';
import { finishAfterToolCalls, mapOpenAIFinishReason } from './map-openai-finish-reason';
import { mapOpenAIUsage } from './map-openai-usage';
import type { OpenAIChatChunk, OpenAIChatChunkToolCall, OpenAIChatErrorBody, OpenAIChatUsage } from './openai-chat-wire';
import { isJsonText } from '../shared/is-json-text';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { readOpenAIError } from './read-openai-error';

interface ToolCallState {
  readonly wireIndex: number;
  /** Block index once `tool-call-start` went out; the name can trail the first delta. */
  blockIndex: number | null;
  id: string | undefined;
  name: string | undefined;
  /** Argument text not written yet: the call has not started, or is waiting for the open one to end. */
  pendingArguments: string;
  /** The argument text written so far, read to tell whether the call is complete. */
  writtenArguments: string;
  /** Its block has ended (its arguments were complete, or text followed): later argument text has no block to go to. */
  ended: boolean;
}

/** The usage a chunk reports: its own, inside its choice (Kimi), or inside `x_groq` (Groq). */
export function readChunkUsage(chunk: OpenAIChatChunk): OpenAIChatUsage | null | undefined {
  return chunk.usage ?? chunk.choices?.[0]?.usage ?? chunk.x_groq?.usage;
}

/** The error a chunk carries (`{ error: {...} }` inside the stream), classified like an HTTP error body. */
export function readStreamError(body: OpenAIChatErrorBody): UpstreamErrorInfo {
  const read = readOpenAIError(0, body);
  return { kind: read.kind ?? 'upstream', message: read.message ?? 'the upstream reported an error inside the stream' };
}

/**
 * Turns Chat Completions chunks (the `data:` payloads of the SSE stream) into canonical
 * stream parts. Stateful and synchronous: feed `pushData` each payload in order, then call
 * `end` once the body is over. One block is open at a time, as the canonical stream has it.
 * Parallel tool calls are told apart by their wire `index`; a call that appears while another
 * is open waits (its deltas kept, in order) until the open one's arguments are complete JSON,
 * so an upstream that interleaves two calls' deltas still yields each call whole, in turn.
 */
export class OpenAIChatStreamParser {
  private started = false;
  private messageId = '';
  private nextIndex = 0;
  private open: { type: 'text' | 'reasoning'; index: number } | null = null;
  /** The latest call at each wire index (a server that reuses an index for a new call moves on to it). */
  private readonly toolCalls = new Map<number, ToolCallState>();
  /** Calls seen so far, ended ones included: the place of a call a server sent without an index. */
  private callsSeen = 0;
  private calledTools = false;
  /** The tool call whose block is open. */
  private openCall: ToolCallState | null = null;
  /** Calls seen but not started, in the order they appeared. */
  private readonly waitingCalls: ToolCallState[] = [];
  private usage: Usage | null = null;
  private finishReason: FinishReason | null = null;
  private done = false;

  /**
   * `model` is the gateway id reported in `message-start`; `requestId` stands in for an id the
   * server left out or repeats (answer-id.ts), and names the tool calls it sent without ids.
   */
  constructor(private readonly model: string, private readonly requestId?: string) {}

  /** True once the stream is over: `[DONE]`, an error, or `end()`. Later input is ignored. */
  get finished(): boolean {
    return this.done;
  }

  /** One `data:` payload: a JSON chunk or the closing `[DONE]`. */
  pushData(data: string): StreamPart[] {
    if (this.done) return [];
    if (data.trim() === '[DONE]') return this.end();
    let chunk: OpenAIChatChunk;
    try {
      chunk = JSON.parse(data) as OpenAIChatChunk;
    } catch {
      return this.fail({ kind: 'malformed-response', message: `a stream chunk is not JSON: ${data.slice(0, 100)}` });
    }
    return this.pushChunk(chunk);
  }

  pushChunk(chunk: OpenAIChatChunk): StreamPart[] {
    if (this.done) return [];
    if (chunk.error) return this.fail(readStreamError(chunk));
    const parts: StreamPart[] = [];
    if (!this.started) {
      this.started = true;
      this.messageId = answerId(chunk.id, this.requestId);
      parts.push({ type: 'message-start', id: this.messageId, model: this.model });
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta) {
      this.pushContent('reasoning', delta.reasoning_content ?? delta.reasoning, parts);
      this.pushContent('text', delta.content, parts);
      this.pushContent('text', delta.refusal, parts);
      for (const call of delta.tool_calls ?? []) this.pushToolCall(call, parts);
    }
    if (choice?.finish_reason) {
      this.closeBlocks(parts);
      this.finishReason = finishAfterToolCalls(mapOpenAIFinishReason(choice.finish_reason), this.calledTools);
    }
    const usage = readChunkUsage(chunk);
    if (usage) {
      this.usage = mapOpenAIUsage(usage);
      parts.push({ type: 'usage', usage: this.usage, upstreamModel: readUpstreamModel(chunk.model) });
    }
    return parts;
  }

  /** Closes the stream: the `finish` part, or an error when the body ended before a finish reason. */
  end(): StreamPart[] {
    if (this.done) return [];
    const parts: StreamPart[] = [];
    this.closeBlocks(parts);
    this.done = true;
    if (!this.finishReason) return [...parts, { type: 'error', error: { kind: 'connection', message: 'the upstream stream ended before a finish reason' } }];
    return [...parts, { type: 'finish', reason: this.finishReason, usage: this.usage ?? EMPTY_USAGE }];
  }

  private fail(error: UpstreamErrorInfo): StreamPart[] {
    this.done = true;
    return [{ type: 'error', error }];
  }

  private pushContent(type: 'text' | 'reasoning', text: string | null | undefined, parts: StreamPart[]): void {
    if (!text) return;
    if (this.open?.type !== type) {
      this.closeOpenBlock(parts);
      // A model writes text after a call only once it has finished the call.
      this.endOpenCall(parts);
      this.open = { type, index: this.nextIndex++ };
      parts.push({ type: `${type}-start`, index: this.open.index });
    }
    parts.push({ type: `${type}-delta`, index: this.open.index, text });
  }

  private pushToolCall(call: OpenAIChatChunkToolCall, parts: StreamPart[]): void {
    // Servers that omit `index` send each call whole, or continue the latest one.
    const wireIndex = call.index ?? (call.id ? this.callsSeen : Math.max(0, this.callsSeen - 1));
    let state = this.toolCalls.get(wireIndex);
    // A new id at a taken index is a new call: Ollama sends each call whole, every one at index 0
    // (https://github.com/ollama/ollama/issues/15457); continuing deltas carry no id.
    if (!state || (call.id !== undefined && state.id !== undefined && call.id !== state.id)) {
      state = { wireIndex, blockIndex: null, id: undefined, name: undefined, pendingArguments: '', writtenArguments: '', ended: false };
      this.toolCalls.set(wireIndex, state);
      this.waitingCalls.push(state);
      this.callsSeen++;
    }
    state.id ??= call.id;
    state.name ??= call.function?.name;
    if (state.ended) return;
    state.pendingArguments += call.function?.arguments ?? '';
    if (state === this.openCall) this.writeArguments(state, parts);
    if (this.waitingCalls.length) this.startWaitingCalls(parts);
  }

  /**
   * Starts the calls that waited, in order, once the open one is complete (a call starts only
   * once it has a name). At the finish every call is complete, and one that never got a name
   * never starts.
   */
  private startWaitingCalls(parts: StreamPart[], finishing = false): void {
    for (let next = this.waitingCalls[0]; next; next = this.waitingCalls[0]) {
      if (!finishing && this.openCall && !isJsonText(this.openCall.writtenArguments)) return;
      this.endOpenCall(parts);
      if (!next.name && !finishing) return;
      this.waitingCalls.shift();
      if (next.name) this.startCall(next, next.name, parts);
    }
  }

  private startCall(state: ToolCallState, name: string, parts: StreamPart[]): void {
    this.closeOpenBlock(parts);
    state.blockIndex = this.nextIndex++;
    this.calledTools = true;
    parts.push({ type: 'tool-call-start', index: state.blockIndex, id: state.id ?? `call_${this.messageId}_${state.wireIndex}`, name });
    this.openCall = state;
    this.writeArguments(state, parts);
  }

  private writeArguments(state: ToolCallState, parts: StreamPart[]): void {
    if (!state.pendingArguments || state.blockIndex === null) return;
    parts.push({ type: 'tool-input-delta', index: state.blockIndex, json: state.pendingArguments });
    state.writtenArguments += state.pendingArguments;
    state.pendingArguments = '';
  }

  private endOpenCall(parts: StreamPart[]): void {
    if (!this.openCall) return;
    this.openCall.ended = true;
    parts.push({ type: 'tool-call-end', index: this.openCall.blockIndex! });
    this.openCall = null;
  }

  private closeOpenBlock(parts: StreamPart[]): void {
    if (!this.open) return;
    parts.push({ type: `${this.open.type}-end`, index: this.open.index });
    this.open = null;
  }

  private closeBlocks(parts: StreamPart[]): void {
    this.closeOpenBlock(parts);
    this.startWaitingCalls(parts, true);
    this.endOpenCall(parts);
    this.toolCalls.clear();
  }
}
