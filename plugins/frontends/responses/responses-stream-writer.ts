import type { ProviderMetadata } from '../../../kernel/canonical/request';
import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { StreamEndExtra, WireError, WireStreamWriter } from '../shared/chat-wire';
import { parseToolArguments } from '../shared/parse-tool-arguments';
import { readStreamErrorFacts } from '../shared/read-error-facts';
import { type OpenAIErrorBody, toOpenAIErrorBody } from '../shared/openai-error';
import { customInputOf, customToolCallItem } from './custom-tools';
import { formatFailureEvents, formatResponsesEvent } from './format-responses-event';
import { toReasoningItem } from './reasoning-item';
import { functionCallItem, messageItem, outputText, responseIds, responseObject, responseStatus, toResponsesUsage } from './to-response-object';

type Block =
  | { readonly kind: 'text'; readonly outputIndex: number; readonly itemId: string; text: string }
  | { readonly kind: 'reasoning'; readonly outputIndex: number; readonly itemId: string; text: string; summaryOpen: boolean; signature?: string; readonly redactedData?: string }
  | { readonly kind: 'call'; readonly outputIndex: number; readonly itemId: string; readonly callId: string; readonly name: string; args: string }
  /** A custom tool's call: its JSON arguments gathered, its raw `input` written when it ends. */
  | { readonly kind: 'custom'; readonly outputIndex: number; readonly itemId: string; readonly callId: string; readonly name: string; args: string };

/**
 * Canonical stream parts → the Responses API's typed SSE events, each numbered by
 * `sequence_number`: `response.created` and `response.in_progress` first; an output item
 * added, filled by deltas and done for each text, reasoning and function-call block (a custom
 * tool's call gets its raw input in one delta when it ends: it arrives as JSON); then
 * `response.completed` (or `response.incomplete`) carrying the whole response, written by
 * `end()` once the settled credits are known (`usage.bytespike_credits`). A text block's item
 * is done only at the part after its end, which tells whether the response was cut there (its
 * message then `incomplete`). An error part writes `error` and `response.failed` and ends the
 * stream. Every object repeats the request's settings (`echo`).
 */
export class ResponsesStreamWriter implements WireStreamWriter {
  private sequence = 0;
  private started = false;
  private done = false;
  private readonly output: Record<string, unknown>[] = [];
  private readonly blocks = new Map<number, Block>();
  private usage: Usage = EMPTY_USAGE;
  private finishReason: FinishReason = 'stop';
  /** The text block that ended last, its item not done yet: the finish part comes after a text's end. */
  private endedText: number | null = null;
  private completed: Record<string, unknown> | null = null;
  private readonly ids: ReturnType<typeof responseIds>;

  constructor(private readonly options: { readonly model: string; readonly requestId: string; readonly createdAt: number; readonly echo: Record<string, unknown>; readonly customTools?: ReadonlySet<string> }) {
    this.ids = responseIds(options.requestId);
  }

  write(part: StreamPart): string {
    if (this.done) return '';
    // Usage and finish say nothing of whether the text that ended was cut; any other part shows it was not.
    const head = this.start() + (part.type === 'usage' || part.type === 'finish' ? '' : this.closeEndedText());
    switch (part.type) {
      case 'error': return head + this.failWith(toOpenAIErrorBody(readStreamErrorFacts(part.error)));
      case 'usage': this.usage = part.usage; return head;
      case 'finish': this.usage = part.usage; this.finishReason = part.reason; return head;
      case 'text-start': return head + this.openText(part.index);
      case 'text-delta': return head + this.textDelta(part.index, part.text);
      case 'reasoning-start': return head + this.openReasoning(part.index, part.redactedData);
      case 'reasoning-delta': return head + this.reasoningDelta(part.index, part.text);
      case 'reasoning-signature': {
        const block = this.blocks.get(part.index);
        if (block?.kind === 'reasoning') block.signature = part.signature;
        return head;
      }
      case 'tool-call-start': return head + this.openCall(part.index, part.id, part.name);
      case 'tool-input-delta': return head + this.callDelta(part.index, part.json);
      case 'text-end': this.endedText = part.index; return head;
      case 'tool-call-end': return head + this.close(part.index);
      case 'reasoning-end': return head + this.close(part.index, part.providerMetadata);
      default: return head;
    }
  }

  /** A failure the stream's parts did not carry (the gateway's own): the same `error` and `response.failed`. */
  fail(error: WireError): string {
    return this.failWith(error.body as OpenAIErrorBody);
  }

  /** The ending every failed Responses stream shares; a text that had ended is done first, as it was not cut. */
  private failWith({ error }: OpenAIErrorBody): string {
    if (this.done) return '';
    this.done = true;
    const head = this.start() + this.closeEndedText();
    return head + formatFailureEvents(error, this.sequence, this.snapshot('failed'));
  }

  end(extra: StreamEndExtra): string {
    if (this.done) return '';
    this.done = true;
    let text = this.start();
    for (const index of [...this.blocks.keys()]) text += this.close(index);
    const { status, incomplete_details: incompleteDetails } = responseStatus(this.finishReason);
    const usage = { ...toResponsesUsage(extra.billedUsage ?? this.usage), ...(extra.settledCredits === undefined ? {} : { bytespike_credits: extra.settledCredits }) };
    this.completed = this.snapshot(status, { usage, incompleteDetails });
    return text + this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: this.completed });
  }

  answer(): Readonly<Record<string, unknown>> | null {
    return this.completed;
  }

  private snapshot(status: string, extra: { usage?: Record<string, unknown>; incompleteDetails?: { reason: string } | null } = {}): Record<string, unknown> {
    return responseObject({ id: this.ids.response, model: this.options.model, createdAt: this.options.createdAt, status, output: [...this.output], usage: extra.usage ?? null, incompleteDetails: extra.incompleteDetails ?? null, echo: this.options.echo });
  }

  private event(type: string, fields: Record<string, unknown>): string {
    return formatResponsesEvent(type, this.sequence++, fields);
  }

  private closeEndedText(): string {
    if (this.endedText === null) return '';
    const index = this.endedText;
    this.endedText = null;
    return this.close(index);
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return this.event('response.created', { response: this.snapshot('in_progress') }) + this.event('response.in_progress', { response: this.snapshot('in_progress') });
  }

  private addItem(index: number, block: Block, item: Record<string, unknown>): string {
    this.blocks.set(index, block);
    this.output[block.outputIndex] = item;
    return this.event('response.output_item.added', { output_index: block.outputIndex, item });
  }

  private openText(index: number): string {
    if (this.blocks.has(index)) return '';
    const outputIndex = this.output.length;
    const block: Block = { kind: 'text', outputIndex, itemId: this.ids.item('msg', outputIndex), text: '' };
    return this.addItem(index, block, messageItem(block.itemId, '', 'in_progress'))
      + this.event('response.content_part.added', { item_id: block.itemId, output_index: outputIndex, content_index: 0, part: outputText('') });
  }

  private textDelta(index: number, delta: string): string {
    const opened = this.openText(index);
    const block = this.blocks.get(index);
    if (block?.kind !== 'text' || delta === '') return opened;
    block.text += delta;
    return opened + this.event('response.output_text.delta', { item_id: block.itemId, output_index: block.outputIndex, content_index: 0, delta, logprobs: [] });
  }

  private openReasoning(index: number, redactedData?: string): string {
    if (this.blocks.has(index)) return '';
    const outputIndex = this.output.length;
    const block: Block = { kind: 'reasoning', outputIndex, itemId: this.ids.item('rs', outputIndex), text: '', summaryOpen: false, ...(redactedData === undefined ? {} : { redactedData }) };
    return this.addItem(index, block, { type: 'reasoning', id: block.itemId, summary: [] });
  }

  private reasoningDelta(index: number, delta: string): string {
    const opened = this.openReasoning(index);
    const block = this.blocks.get(index);
    if (block?.kind !== 'reasoning' || delta === '') return opened;
    let text = opened;
    if (!block.summaryOpen) {
      block.summaryOpen = true;
      text += this.event('response.reasoning_summary_part.added', { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    block.text += delta;
    return text + this.event('response.reasoning_summary_text.delta', { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0, delta });
  }

  private openCall(index: number, callId: string, name: string): string {
    if (this.blocks.has(index)) return '';
    const outputIndex = this.output.length;
    if (this.options.customTools?.has(name)) {
      const custom: Block = { kind: 'custom', outputIndex, itemId: this.ids.item('ctc', outputIndex), callId, name, args: '' };
      return this.addItem(index, custom, customToolCallItem(custom.itemId, { id: callId, name }, ''));
    }
    const block: Block = { kind: 'call', outputIndex, itemId: this.ids.item('fc', outputIndex), callId, name, args: '' };
    return this.addItem(index, block, functionCallItem(block.itemId, { id: callId, name }, '', 'in_progress'));
  }

  private callDelta(index: number, delta: string): string {
    const block = this.blocks.get(index);
    if ((block?.kind !== 'call' && block?.kind !== 'custom') || delta === '') return '';
    block.args += delta;
    if (block.kind === 'custom') return '';
    return this.event('response.function_call_arguments.delta', { item_id: block.itemId, output_index: block.outputIndex, delta });
  }

  private close(index: number, providerMetadata?: ProviderMetadata): string {
    const block = this.blocks.get(index);
    if (!block) return '';
    this.blocks.delete(index);
    const at = { item_id: block.itemId, output_index: block.outputIndex };
    let text = '';
    let item: Record<string, unknown>;
    if (block.kind === 'text') {
      text += this.event('response.output_text.done', { ...at, content_index: 0, text: block.text, logprobs: [] });
      text += this.event('response.content_part.done', { ...at, content_index: 0, part: outputText(block.text) });
      // The last item of a cut response is the one the cut fell in.
      const cut = responseStatus(this.finishReason).status === 'incomplete' && block.outputIndex === this.output.length - 1;
      item = messageItem(block.itemId, block.text, cut ? 'incomplete' : 'completed');
    } else if (block.kind === 'reasoning') {
      if (block.summaryOpen) {
        text += this.event('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: block.text });
        text += this.event('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: { type: 'summary_text', text: block.text } });
      }
      const { signature, redactedData } = block;
      item = toReasoningItem({ type: 'reasoning', text: block.text, ...(signature === undefined ? {} : { signature }), ...(redactedData === undefined ? {} : { redactedData }), ...(providerMetadata === undefined ? {} : { providerMetadata }) }, block.itemId);
    } else if (block.kind === 'custom') {
      const input = customInputOf(parseToolArguments(block.args || '{}'));
      if (input) text += this.event('response.custom_tool_call_input.delta', { ...at, delta: input });
      text += this.event('response.custom_tool_call_input.done', { ...at, input });
      item = customToolCallItem(block.itemId, { id: block.callId, name: block.name }, input);
    } else {
      // A call that streamed no arguments gets `{}`, so clients that parse them see valid JSON.
      const args = block.args || '{}';
      text += this.event('response.function_call_arguments.done', { ...at, arguments: args });
      item = functionCallItem(block.itemId, { id: block.callId, name: block.name }, args, 'completed');
    }
    this.output[block.outputIndex] = item;
    return text + this.event('response.output_item.done', { output_index: block.outputIndex, item });
  }
}
