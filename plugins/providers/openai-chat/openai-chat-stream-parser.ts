import type { FinishReason, StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { mapOpenAIUsage } from './map-openai-usage';
import type { OpenAIChatChunk, OpenAIChatChunkToolCall, OpenAIChatErrorBody } from './openai-chat-wire';
import { readOpenAIError } from './read-openai-error';

interface ToolCallState {
  /** Block index once `tool-call-start` went out; the name can trail the first delta. */
  blockIndex: number | null;
  id: string | undefined;
  name: string | undefined;
  /** Argument text that arrived before the call could be started. */
  pendingArguments: string;
}

/** The error a chunk carries (`{ error: {...} }` inside the stream), classified like an HTTP error body. */
export function readStreamError(body: OpenAIChatErrorBody): UpstreamErrorInfo {
  const read = readOpenAIError(0, body);
  return { kind: read.kind ?? 'upstream', message: read.message ?? 'the upstream reported an error inside the stream' };
}

/**
 * Turns Chat Completions chunks (the `data:` payloads of the SSE stream) into canonical
 * stream parts. Stateful and synchronous: feed `pushData` each payload in order, then call
 * `end` once the body is over. Text and reasoning are one open block at a time; tool
 * calls are tracked by their wire `index` so parallel calls can interleave.
 */
export class OpenAIChatStreamParser {
  private started = false;
  private messageId = '';
  private nextIndex = 0;
  private open: { type: 'text' | 'reasoning'; index: number } | null = null;
  private readonly toolCalls = new Map<number, ToolCallState>();
  private usage: Usage | null = null;
  private finishReason: FinishReason | null = null;
  private done = false;

  /** `model` is the gateway id reported in `message-start`. */
  constructor(private readonly model: string) {}

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
      this.messageId = chunk.id ?? '';
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
      this.finishReason = mapOpenAIFinishReason(choice.finish_reason);
    }
    const usage = chunk.usage ?? choice?.usage;
    if (usage) {
      this.usage = mapOpenAIUsage(usage);
      parts.push({ type: 'usage', usage: this.usage });
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
      this.open = { type, index: this.nextIndex++ };
      parts.push({ type: `${type}-start`, index: this.open.index });
    }
    parts.push({ type: `${type}-delta`, index: this.open.index, text });
  }

  private pushToolCall(call: OpenAIChatChunkToolCall, parts: StreamPart[]): void {
    // Servers that omit `index` send each call whole, or continue the latest one.
    const wireIndex = call.index ?? (call.id ? this.toolCalls.size : Math.max(0, this.toolCalls.size - 1));
    let state = this.toolCalls.get(wireIndex);
    if (!state) {
      state = { blockIndex: null, id: undefined, name: undefined, pendingArguments: '' };
      this.toolCalls.set(wireIndex, state);
    }
    state.id ??= call.id;
    state.name ??= call.function?.name;
    state.pendingArguments += call.function?.arguments ?? '';
    if (state.blockIndex === null && state.name) {
      this.closeOpenBlock(parts);
      state.blockIndex = this.nextIndex++;
      parts.push({ type: 'tool-call-start', index: state.blockIndex, id: state.id ?? `call_${this.messageId}_${wireIndex}`, name: state.name });
    }
    if (state.blockIndex !== null && state.pendingArguments) {
      parts.push({ type: 'tool-input-delta', index: state.blockIndex, json: state.pendingArguments });
      state.pendingArguments = '';
    }
  }

  private closeOpenBlock(parts: StreamPart[]): void {
    if (!this.open) return;
    parts.push({ type: `${this.open.type}-end`, index: this.open.index });
    this.open = null;
  }

  private closeBlocks(parts: StreamPart[]): void {
    this.closeOpenBlock(parts);
    for (const [wireIndex, state] of this.toolCalls) {
      if (state.blockIndex !== null) parts.push({ type: 'tool-call-end', index: state.blockIndex });
      this.toolCalls.delete(wireIndex);
    }
  }
}
