import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import type { SseEvent } from '../../../kernel/sse';
import type { StreamPartParser } from '../shared/read-stream-parts';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { errorEventInfo, mapResponsesUsage, type ResponseObject, responseFinishReason, responsesErrorInfo } from './response-object';
import { type OutputItem, signatureOf } from './responses-output';

interface ResponsesEvent {
  readonly type?: string;
  readonly response?: ResponseObject & { readonly id?: string };
  readonly output_index?: number;
  readonly summary_index?: number;
  readonly item?: OutputItem;
  readonly delta?: string;
  readonly code?: string;
  readonly message?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

type BlockKind = 'reasoning' | 'text' | 'tool-call';

interface OpenBlock {
  readonly kind: BlockKind;
  readonly index: number;
  /** Function arguments streamed so far (a call whose arguments never streamed gets them whole at its end). */
  streamedArguments: boolean;
}

/**
 * Responses API stream events → canonical stream parts. Each output item (by `output_index`)
 * is one block: a reasoning item's summary streams as reasoning (its parts separated by a blank
 * line) and ends with its signature (id and encrypted content, reasoning-signature.ts); a message
 * streams as text; a function call as tool input. `response.completed` / `.incomplete` finish
 * with the usage; `response.failed` and `error` events end the stream with an error.
 */
export class ResponsesStreamParser implements StreamPartParser {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private readonly blocks = new Map<number, OpenBlock>();

  /** `withReasoning`: keep reasoning items (the client asked for reasoning), as in convertResponsesResponse. */
  constructor(private readonly model: string, private readonly withReasoning: boolean) {}

  push(sse: SseEvent): readonly StreamPart[] {
    if (this.finished) return [];
    let event: ResponsesEvent;
    try {
      event = JSON.parse(sse.data) as ResponsesEvent;
    } catch {
      return this.fail({ kind: 'malformed-response', message: `a stream event is not JSON: ${sse.data.slice(0, 100)}` });
    }
    const type = event.type ?? sse.event ?? '';
    const parts: StreamPart[] = [];
    if (!this.started && type !== 'error') {
      this.started = true;
      parts.push({ type: 'message-start', id: event.response?.id ?? '', model: this.model });
    }
    return [...parts, ...this.read(type, event)];
  }

  end(): readonly StreamPart[] {
    if (this.finished) return [];
    return this.fail({ kind: 'connection', message: 'the upstream stream ended before the response did' });
  }

  private read(type: string, event: ResponsesEvent): readonly StreamPart[] {
    const block = event.output_index === undefined ? undefined : this.blocks.get(event.output_index);
    switch (type) {
      case 'response.output_item.added':
        return this.open(event.output_index ?? this.blocks.size, event.item ?? {});
      case 'response.reasoning_summary_part.added':
        // Summary parts read as one text, a blank line between them (as in summaryText).
        return block?.kind === 'reasoning' && (event.summary_index ?? 0) > 0 ? [{ type: 'reasoning-delta', index: block.index, text: '\n\n' }] : [];
      case 'response.reasoning_summary_text.delta':
        return block?.kind === 'reasoning' && event.delta ? [{ type: 'reasoning-delta', index: block.index, text: event.delta }] : [];
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return block?.kind === 'text' && event.delta ? [{ type: 'text-delta', index: block.index, text: event.delta }] : [];
      case 'response.function_call_arguments.delta':
        if (block?.kind !== 'tool-call' || !event.delta) return [];
        block.streamedArguments = true;
        return [{ type: 'tool-input-delta', index: block.index, json: event.delta }];
      case 'response.output_item.done':
        return block ? this.close(event.output_index!, block, event.item ?? {}) : [];
      case 'response.completed':
      case 'response.incomplete': {
        this.finished = true;
        const response = event.response ?? {};
        return [{ type: 'finish', reason: responseFinishReason(response) ?? 'other', usage: mapResponsesUsage(response.usage ?? {}), upstreamModel: readUpstreamModel(response.model) }];
      }
      case 'response.failed':
        return this.fail(responsesErrorInfo(event.response?.error));
      case 'error':
        return this.fail(errorEventInfo(event));
      default:
        return [];
    }
  }

  private open(outputIndex: number, item: OutputItem): readonly StreamPart[] {
    const kind: BlockKind | undefined = item.type === 'reasoning' ? (this.withReasoning ? 'reasoning' : undefined) : item.type === 'message' ? 'text' : item.type === 'function_call' ? 'tool-call' : undefined;
    if (!kind) return [];
    const index = this.nextIndex++;
    this.blocks.set(outputIndex, { kind, index, streamedArguments: false });
    if (kind === 'reasoning') return [{ type: 'reasoning-start', index }];
    if (kind === 'text') return [{ type: 'text-start', index }];
    return [{ type: 'tool-call-start', index, id: item.call_id ?? item.id ?? '', name: item.name ?? '' }];
  }

  private close(outputIndex: number, block: OpenBlock, item: OutputItem): readonly StreamPart[] {
    this.blocks.delete(outputIndex);
    const { index } = block;
    if (block.kind === 'text') return [{ type: 'text-end', index }];
    if (block.kind === 'tool-call') {
      const whole = !block.streamedArguments && item.arguments ? [{ type: 'tool-input-delta' as const, index, json: item.arguments }] : [];
      return [...whole, { type: 'tool-call-end', index }];
    }
    const signature = signatureOf(item);
    return [...(signature ? [{ type: 'reasoning-signature' as const, index, signature }] : []), { type: 'reasoning-end', index }];
  }

  private fail(error: UpstreamErrorInfo): readonly StreamPart[] {
    this.finished = true;
    return [{ type: 'error', error }];
  }
}
