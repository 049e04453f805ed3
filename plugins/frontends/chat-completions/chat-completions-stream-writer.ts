import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { StreamEndExtra } from '../shared/chat-wire';
import { readStreamErrorFacts } from '../shared/read-error-facts';
import { mapFinishReason } from './map-finish-reason';
import { toOpenAIErrorBody } from '../shared/openai-error';
import { toCompletionId } from './to-chat-completion';
import { toChatUsage } from './to-chat-usage';

export interface ChatCompletionsStreamWriterOptions {
  readonly model: string;
  readonly id: string;
  /** Unix seconds, the same on every chunk. */
  readonly created: number;
  /** `stream_options.include_usage`: send a final chunk with usage and no choices. */
  readonly includeUsage: boolean;
}

/**
 * Turns canonical stream parts into `chat.completion.chunk` lines. The finish chunk, the
 * usage chunk and `[DONE]` wait for `end()` so the settled credits can ride in the usage.
 * An `error` part writes `data: {"error":…}` and ends the stream; everything after returns ''.
 */
export interface ChatCompletionsStreamWriter {
  write(part: StreamPart): string;
  end(extra?: StreamEndExtra): string;
}

function line(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

class OpenAiStreamWriter implements ChatCompletionsStreamWriter {
  private started = false;
  private done = false;
  /** Canonical block index → OpenAI tool call index (0, 1, … in call order). */
  private readonly toolCalls = new Map<number, { readonly index: number; hasArguments: boolean }>();
  private usage: Usage | undefined;
  private finishReason: FinishReason | undefined;

  constructor(private readonly options: ChatCompletionsStreamWriterOptions) {}

  write(part: StreamPart): string {
    if (this.done) return '';
    if (part.type === 'error') {
      this.done = true;
      return line(toOpenAIErrorBody(readStreamErrorFacts(part.error)));
    }
    if (part.type === 'usage' || part.type === 'finish') {
      this.usage = part.usage;
      if (part.type === 'finish') this.finishReason = part.reason;
      return '';
    }
    return this.start() + this.writeContent(part);
  }

  end(extra: StreamEndExtra = {}): string {
    if (this.done) return '';
    this.done = true;
    let text = this.start();
    for (const [blockIndex, call] of this.toolCalls) if (!call.hasArguments) text += this.closeToolCall(blockIndex);
    text += this.chunk({}, mapFinishReason(this.finishReason ?? 'stop'));
    if (this.options.includeUsage) {
      const credits = extra.settledCredits === undefined ? {} : { bytespike_credits: extra.settledCredits };
      text += line({ ...this.base(), choices: [], usage: { ...toChatUsage(extra.billedUsage ?? this.usage ?? EMPTY_USAGE), ...credits } });
    }
    return `${text}data: [DONE]\n\n`;
  }

  private base() {
    return { id: toCompletionId(this.options.id), object: 'chat.completion.chunk', created: this.options.created, model: this.options.model };
  }

  /** With include_usage OpenAI sends `usage: null` on every chunk but the last; clients may look for it. */
  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    const usage = this.options.includeUsage ? { usage: null } : {};
    return line({ ...this.base(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...usage });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '', refusal: null });
  }

  private writeContent(part: Exclude<StreamPart, { type: 'error' | 'usage' | 'finish' }>): string {
    switch (part.type) {
      case 'text-delta': return part.text === '' ? '' : this.chunk({ content: part.text });
      case 'reasoning-delta': return part.text === '' ? '' : this.chunk({ reasoning_content: part.text });
      case 'tool-call-start': return this.openToolCall(part.index, part.id, part.name);
      case 'tool-input-delta': return this.toolArguments(part.index, part.json);
      case 'tool-call-end': return this.closeToolCall(part.index);
      // Block boundaries, signatures and redacted reasoning have no form in this protocol.
      default: return '';
    }
  }

  private openToolCall(blockIndex: number, id: string, name: string): string {
    if (this.toolCalls.has(blockIndex)) return '';
    const index = this.toolCalls.size;
    this.toolCalls.set(blockIndex, { index, hasArguments: false });
    return this.chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
  }

  private toolArguments(blockIndex: number, json: string): string {
    const call = this.toolCalls.get(blockIndex);
    if (!call || json === '') return '';
    call.hasArguments = true;
    return this.chunk({ tool_calls: [{ index: call.index, function: { arguments: json } }] });
  }

  /** A call that streamed no arguments gets `{}`, so clients that parse the joined string see valid JSON. */
  private closeToolCall(blockIndex: number): string {
    const call = this.toolCalls.get(blockIndex);
    if (!call || call.hasArguments) return '';
    return this.toolArguments(blockIndex, '{}');
  }
}

export function createChatCompletionsStreamWriter(options: ChatCompletionsStreamWriterOptions): ChatCompletionsStreamWriter {
  return new OpenAiStreamWriter(options);
}
