import type { StreamPart } from '../../../kernel/canonical/stream';
import { countOf, makeUsage, type Usage } from '../../../kernel/canonical/usage';
import { formatSseEvent } from '../../../kernel/sse';
import type { StreamEndExtra } from '../shared/chat-wire';
import { readStreamErrorFacts } from '../shared/read-error-facts';
import type { ContextManagementResponse } from './context-editing';
import { mapStopReason } from './map-stop-reason';
import { toMessagesErrorBody } from './to-messages-error';
import { toMessageId } from './to-messages-response';
import { toMessagesUsage, toWireInputTokens } from './to-messages-usage';

export interface MessagesStreamWriterOptions {
  readonly model: string;
  readonly messageId: string;
  /** The gateway's request id, which an `error` event names as Anthropic's do. */
  readonly requestId: string;
  /** Used in `message_start` when the provider reports no input count there (Claude Code shows it). */
  readonly estimatedInputTokens: number;
  /** The context edits the gateway applied, which Anthropic reports in the final `message_delta`. */
  readonly contextManagement?: ContextManagementResponse | undefined;
}

/**
 * Turns canonical stream parts into Anthropic SSE text. `write` returns what to send for
 * each part (often one event, sometimes none or several); `message_delta` and
 * `message_stop` wait for `end()` so the settled credits can ride in the final usage.
 * After an `error` part, or after `end()`, everything returns ''.
 */
export interface MessagesStreamWriter {
  write(part: StreamPart): string;
  /** A keep-alive `ping` event; the caller sends it on a timer. */
  ping(): string;
  end(extra?: StreamEndExtra): string;
}

type BlockKind = 'text' | 'thinking' | 'tool';

interface OpenBlock {
  readonly wireIndex: number;
  readonly kind: BlockKind;
  hasInput: boolean;
}

function event(data: { readonly type: string } & Record<string, unknown>): string {
  return formatSseEvent(JSON.stringify(data), data.type);
}

class AnthropicStreamWriter implements MessagesStreamWriter {
  private started = false;
  private done = false;
  private nextWireIndex = 0;
  private readonly blocks = new Map<number, OpenBlock>();
  private startInputTokens = 0;
  private usage: Usage | undefined;
  private finish: Extract<StreamPart, { type: 'finish' }> | undefined;

  constructor(private readonly options: MessagesStreamWriterOptions) {}

  write(part: StreamPart): string {
    if (this.done) return '';
    if (part.type === 'message-start') return this.start(part.usage);
    if (part.type === 'error') return this.fail(part.error);
    return this.start() + this.writeContent(part);
  }

  ping(): string {
    return this.done ? '' : event({ type: 'ping' });
  }

  end(extra: StreamEndExtra = {}): string {
    if (this.done) return '';
    let text = this.start();
    for (const index of [...this.blocks.keys()]) text += this.closeBlock(index);
    const usage = extra.billedUsage ?? this.finish?.usage ?? this.usage ?? makeUsage({ inputTokens: this.startInputTokens });
    const credits = extra.settledCredits === undefined ? {} : { bytespike_credits: extra.settledCredits };
    text += event({
      type: 'message_delta',
      delta: { stop_reason: mapStopReason(this.finish?.reason ?? 'stop'), stop_sequence: this.finish?.stopSequence ?? null },
      usage: { ...toMessagesUsage(usage), ...credits },
      ...(this.options.contextManagement ? { context_management: this.options.contextManagement } : {}),
    });
    this.done = true;
    return text + event({ type: 'message_stop' });
  }

  /** Writes `message_start` once; a repeated upstream start (a real malformed stream does this) is ignored. */
  private start(usage?: Partial<Usage>): string {
    if (this.started) return '';
    this.started = true;
    const reported = usage && countOf(usage.inputTokens) > 0 ? makeUsage(usage) : undefined;
    this.startInputTokens = reported ? reported.inputTokens : countOf(this.options.estimatedInputTokens);
    const message = {
      id: toMessageId(this.options.messageId),
      type: 'message',
      role: 'assistant',
      model: this.options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: reported ? toWireInputTokens(reported) : this.startInputTokens,
        output_tokens: countOf(usage?.outputTokens),
        cache_read_input_tokens: reported?.cachedInputTokens ?? 0,
        cache_creation_input_tokens: reported?.cacheWriteTokens ?? 0,
      },
    };
    return event({ type: 'message_start', message });
  }

  private writeContent(part: Exclude<StreamPart, { type: 'message-start' | 'error' }>): string {
    switch (part.type) {
      case 'text-start': return this.openBlock(part.index, 'text', { type: 'text', text: '' });
      case 'text-delta': return this.delta(part.index, 'text', { type: 'text_delta', text: part.text });
      // A thinking block opens with its first thought or signature: one that would hold neither is not written.
      case 'reasoning-start': return part.redactedData === undefined ? '' : this.openBlock(part.index, 'thinking', { type: 'redacted_thinking', data: part.redactedData });
      case 'reasoning-delta': return this.thinkingDelta(part.index, part.text, { type: 'thinking_delta', thinking: part.text });
      case 'reasoning-signature': return this.thinkingDelta(part.index, part.signature, { type: 'signature_delta', signature: part.signature });
      case 'tool-call-start': return this.openBlock(part.index, 'tool', { type: 'tool_use', id: part.id, name: part.name, input: {} });
      case 'tool-input-delta': return this.toolInput(part.index, part.json);
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end': return this.closeBlock(part.index);
      case 'usage':
        this.usage = part.usage;
        return '';
      case 'finish':
        this.finish = part;
        return '';
    }
  }

  private openBlock(index: number, kind: BlockKind, contentBlock: Record<string, unknown>): string {
    if (this.blocks.has(index)) return '';
    const wireIndex = this.nextWireIndex++;
    this.blocks.set(index, { wireIndex, kind, hasInput: false });
    return event({ type: 'content_block_start', index: wireIndex, content_block: contentBlock });
  }

  /** A delta for a block whose start was never seen opens it, rather than emitting an orphan delta. */
  private delta(index: number, kind: 'text' | 'thinking', delta: Record<string, unknown>): string {
    const opened = this.blocks.has(index) ? '' : this.openBlock(index, kind, kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
    return opened + event({ type: 'content_block_delta', index: this.blocks.get(index)!.wireIndex, delta });
  }

  /** An empty fragment opens no thinking block; in an open one it goes as it came. */
  private thinkingDelta(index: number, fragment: string, delta: Record<string, unknown>): string {
    return fragment === '' && !this.blocks.has(index) ? '' : this.delta(index, 'thinking', delta);
  }

  /** Tool input has no start without an id and name, so a stray fragment is dropped. */
  private toolInput(index: number, json: string): string {
    const block = this.blocks.get(index);
    if (!block || json === '') return '';
    block.hasInput = true;
    return event({ type: 'content_block_delta', index: block.wireIndex, delta: { type: 'input_json_delta', partial_json: json } });
  }

  /** A tool call that streamed no arguments still gets `{}`, so clients that concatenate and parse see valid JSON. */
  private closeBlock(index: number): string {
    const block = this.blocks.get(index);
    if (!block) return '';
    this.blocks.delete(index);
    const emptyInput = block.kind === 'tool' && !block.hasInput
      ? event({ type: 'content_block_delta', index: block.wireIndex, delta: { type: 'input_json_delta', partial_json: '{}' } })
      : '';
    return emptyInput + event({ type: 'content_block_stop', index: block.wireIndex });
  }

  private fail(error: Extract<StreamPart, { type: 'error' }>['error']): string {
    this.done = true;
    return event({ ...toMessagesErrorBody(readStreamErrorFacts(error), this.options.requestId) });
  }
}

export function createMessagesStreamWriter(options: MessagesStreamWriterOptions): MessagesStreamWriter {
  return new AnthropicStreamWriter(options);
}
