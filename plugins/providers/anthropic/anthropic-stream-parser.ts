import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import type { SseEvent } from '../../../kernel/sse';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { anthropicErrorInfo } from './read-anthropic-error';
import type { AnthropicUsage } from './anthropic-wire-types';

export interface AnthropicStreamParserOptions {
  /** Gateway id reported in `message-start`. */
  readonly modelId: string;
  /** The tool a JSON response format was mapped to: its input is streamed as text. */
  readonly jsonResponseTool?: string;
}

type BlockKind = 'text' | 'reasoning' | 'tool-call' | 'json-text';
interface OpenBlock { readonly index: number; readonly kind: BlockKind }

// The SSE payloads as far as we read them; anything else in them is ignored.
interface StreamEvent {
  type?: string;
  index?: number;
  message?: { id?: string; model?: unknown; usage?: AnthropicUsage };
  content_block?: { type?: string; id?: string; name?: string; input?: unknown; text?: string; thinking?: string; signature?: string; data?: string };
  delta?: { type?: string; text?: string; thinking?: string; signature?: string; partial_json?: string; stop_reason?: string | null; stop_sequence?: string | null };
  usage?: AnthropicUsage;
}

/**
 * Turns Messages API SSE events into canonical stream parts, one event at a time. Used by
 * `stream()` and by the passthrough usage tap, so both read usage the same way.
 * Upstream block indexes are renumbered because blocks we do not model (server tool
 * results, future types) are skipped. A repeated `message_start` (seen in the wild) is
 * ignored; usage is cumulative, so nothing is counted twice either way.
 */
export class AnthropicStreamParser {
  private started = false;
  private done = false;
  private usage: AnthropicUsage = {};
  private stopReason: string | null = null;
  private stopSequence: string | null = null;
  private usedJsonTool = false;
  private nextIndex = 0;
  private readonly blocks = new Map<number, OpenBlock>();

  constructor(private readonly options: AnthropicStreamParserOptions) {}

  push(event: SseEvent): StreamPart[] {
    if (this.done) return [];
    let payload: StreamEvent;
    try {
      payload = JSON.parse(event.data) as StreamEvent;
    } catch {
      return this.fail({ kind: 'malformed-response', message: `unparsable stream event: ${event.data.slice(0, 100)}` });
    }
    return this.handle(payload);
  }

  /** Call when the byte stream ends: a stream cut before `message_stop` ends in an error part. */
  end(): StreamPart[] {
    if (this.done) return [];
    return this.fail({ kind: 'connection', message: 'the upstream stream ended before message_stop' });
  }

  private handle(payload: StreamEvent): StreamPart[] {
    switch (payload.type) {
      case 'message_start':
        return this.start(payload);
      case 'content_block_start':
        return this.openBlock(payload);
      case 'content_block_delta':
        return this.delta(payload);
      case 'content_block_stop':
        return this.closeBlock(payload.index);
      case 'message_delta':
        return this.messageDelta(payload);
      case 'message_stop':
        return this.finish();
      case 'error':
        return this.fail(anthropicErrorInfo(payload));
      default:
        // `ping` and event types newer than this code carry nothing we bill or show.
        return [];
    }
  }

  private start(payload: StreamEvent): StreamPart[] {
    if (this.started) return [];
    this.started = true;
    this.usage = mergeAnthropicUsage({}, payload.message?.usage);
    const upstreamModel = readUpstreamModel(payload.message?.model);
    return [{ type: 'message-start', id: payload.message?.id ?? '', model: this.options.modelId, usage: mapAnthropicUsage(this.usage), upstreamModel }];
  }

  private openBlock(payload: StreamEvent): StreamPart[] {
    const block = payload.content_block;
    if (payload.index === undefined || !block) return [];
    const index = this.nextIndex;
    const open = (kind: BlockKind) => {
      this.nextIndex += 1;
      this.blocks.set(payload.index!, { index, kind });
    };
    switch (block.type) {
      case 'text':
        open('text');
        return [{ type: 'text-start', index }, ...(block.text ? [{ type: 'text-delta' as const, index, text: block.text }] : [])];
      case 'thinking':
        open('reasoning');
        return [{ type: 'reasoning-start', index }, ...(block.thinking ? [{ type: 'reasoning-delta' as const, index, text: block.thinking }] : [])];
      case 'redacted_thinking':
        open('reasoning');
        return [{ type: 'reasoning-start', index, redactedData: block.data ?? '' }];
      case 'tool_use':
        return this.openToolUse(block, open, index);
      default:
        return [];
    }
  }

  private openToolUse(block: NonNullable<StreamEvent['content_block']>, open: (kind: BlockKind) => void, index: number): StreamPart[] {
    if (block.name === this.options.jsonResponseTool) {
      this.usedJsonTool = true;
      open('json-text');
      return [{ type: 'text-start', index }];
    }
    open('tool-call');
    return [{ type: 'tool-call-start', index, id: block.id ?? '', name: block.name ?? '' }];
  }

  private delta(payload: StreamEvent): StreamPart[] {
    const block = payload.index === undefined ? undefined : this.blocks.get(payload.index);
    const delta = payload.delta;
    if (!block || !delta) return [];
    const index = block.index;
    if (delta.type === 'text_delta' && delta.text) return [{ type: 'text-delta', index, text: delta.text }];
    if (delta.type === 'thinking_delta' && delta.thinking) return [{ type: 'reasoning-delta', index, text: delta.thinking }];
    if (delta.type === 'signature_delta' && delta.signature) return [{ type: 'reasoning-signature', index, signature: delta.signature }];
    if (delta.type === 'input_json_delta' && delta.partial_json) {
      return [block.kind === 'json-text' ? { type: 'text-delta', index, text: delta.partial_json } : { type: 'tool-input-delta', index, json: delta.partial_json }];
    }
    return [];
  }

  private closeBlock(upstreamIndex: number | undefined): StreamPart[] {
    const block = upstreamIndex === undefined ? undefined : this.blocks.get(upstreamIndex);
    if (!block) return [];
    this.blocks.delete(upstreamIndex!);
    const type = block.kind === 'reasoning' ? 'reasoning-end' : block.kind === 'tool-call' ? 'tool-call-end' : 'text-end';
    return [{ type, index: block.index }];
  }

  private messageDelta(payload: StreamEvent): StreamPart[] {
    if (payload.delta?.stop_reason !== undefined) this.stopReason = payload.delta.stop_reason;
    if (payload.delta?.stop_sequence !== undefined) this.stopSequence = payload.delta.stop_sequence;
    this.usage = mergeAnthropicUsage(this.usage, payload.usage);
    return [{ type: 'usage', usage: mapAnthropicUsage(this.usage) }];
  }

  private finish(): StreamPart[] {
    this.done = true;
    const closing = [...this.blocks.keys()].flatMap((upstreamIndex) => this.closeBlock(upstreamIndex));
    // The JSON tool's call is the answer itself, so the turn ended normally.
    const reason = this.usedJsonTool && this.stopReason === 'tool_use' ? 'stop' : mapAnthropicStopReason(this.stopReason);
    return [...closing, { type: 'finish', reason, ...(this.stopSequence ? { stopSequence: this.stopSequence } : {}), usage: mapAnthropicUsage(this.usage) }];
  }

  private fail(error: UpstreamErrorInfo): StreamPart[] {
    this.done = true;
    return [{ type: 'error', error }];
  }
}
