import { randomUUID } from 'node:crypto';
import type { ProviderMetadata } from '../../../kernel/canonical/request';
import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { SseEvent } from '../../../kernel/sse';
import { applyPartialArg } from './apply-partial-args';
import { callIdWithSignature } from './call-id-signature';
import { GEMINI_METADATA_KEY } from './convert-to-gemini-contents';
import type { GeminiPart, GeminiResponseChunk } from './gemini-wire-types';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { hasGeminiUsage, mapGeminiUsage } from './map-gemini-usage';
import { geminiErrorInfo } from './read-gemini-error';

export interface GeminiStreamParserOptions {
  /** Gateway id reported in `message-start`. */
  readonly modelId: string;
}

interface OpenBlock { readonly index: number; readonly kind: 'text' | 'reasoning'; thoughtSignature?: string }
interface PendingCall { name: string; args: Record<string, unknown>; thoughtSignature?: string }

const signatureMetadata = (thoughtSignature: string): ProviderMetadata => ({ [GEMINI_METADATA_KEY]: { thoughtSignature } });

/**
 * Turns Gemini response chunks (a stream's `data:` payloads, or one whole `generateContent`
 * body) into canonical stream parts. Gemini has no block events, so blocks open and close
 * as the part kind changes. It has no tool-call ids either: ids are `call_<responseId>_<n>`,
 * stable for a given response, with the call's thought signature (call-id-signature.ts). A thought signature on a text part has no place on canonical
 * text, so it becomes an empty reasoning block carrying it, right after the text.
 */
export class GeminiStreamParser {
  private started = false;
  private done = false;
  private responseId = '';
  private open: OpenBlock | undefined;
  private pending: PendingCall | undefined;
  private nextIndex = 0;
  private toolCalls = 0;
  private usage: Usage = EMPTY_USAGE;
  private finishReason: string | undefined;
  private blocked = false;

  constructor(private readonly options: GeminiStreamParserOptions) {}

  push(event: SseEvent): StreamPart[] {
    if (this.done) return [];
    let chunk: GeminiResponseChunk;
    try {
      chunk = JSON.parse(event.data) as GeminiResponseChunk;
    } catch {
      return this.fail({ kind: 'malformed-response', message: `unparsable stream chunk: ${event.data.slice(0, 100)}` });
    }
    return this.pushChunk(chunk);
  }

  pushChunk(chunk: GeminiResponseChunk): StreamPart[] {
    if (this.done) return [];
    if (chunk.error) return this.fail(geminiErrorInfo(chunk));
    const parts: StreamPart[] = this.start(chunk);
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) parts.push(...this.handlePart(part));
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
    if (chunk.promptFeedback?.blockReason) this.blocked = true;
    if (hasGeminiUsage(chunk.usageMetadata)) {
      this.usage = mapGeminiUsage(chunk.usageMetadata);
      parts.push({ type: 'usage', usage: this.usage });
    }
    return parts;
  }

  /** Call when the body ends: closes what is open and finishes, or reports a cut stream. */
  end(): StreamPart[] {
    if (this.done) return [];
    if (!this.finishReason && !this.blocked) return this.fail({ kind: 'connection', message: 'the upstream stream ended without a finish reason' });
    this.done = true;
    const parts = [...this.closeOpen(), ...this.finishPendingCall()];
    const reason = this.blocked && !this.finishReason ? 'content-filter' : mapGeminiFinishReason(this.finishReason, this.toolCalls > 0);
    return [...parts, { type: 'finish', reason, usage: this.usage }];
  }

  private start(chunk: GeminiResponseChunk): StreamPart[] {
    if (this.started) return [];
    this.started = true;
    this.responseId = chunk.responseId ?? randomUUID();
    return [{ type: 'message-start', id: this.responseId, model: this.options.modelId, ...(hasGeminiUsage(chunk.usageMetadata) ? { usage: mapGeminiUsage(chunk.usageMetadata) } : {}) }];
  }

  private handlePart(part: GeminiPart): StreamPart[] {
    if (part.functionCall) return this.handleFunctionCall(part);
    if (part.text === undefined) return []; // inline images, code execution: no canonical form
    const kind = part.thought ? 'reasoning' : 'text';
    const parts: StreamPart[] = [];
    if (part.text || (kind === 'reasoning' && part.thoughtSignature)) parts.push(...this.ensureOpen(kind));
    if (part.text) parts.push({ type: kind === 'text' ? 'text-delta' : 'reasoning-delta', index: this.open!.index, text: part.text });
    if (part.thoughtSignature && kind === 'reasoning') this.open!.thoughtSignature = part.thoughtSignature;
    if (part.thoughtSignature && kind === 'text') parts.push(...this.closeOpen(), ...this.signatureBlock(part.thoughtSignature));
    return parts;
  }

  private ensureOpen(kind: OpenBlock['kind']): StreamPart[] {
    if (this.open?.kind === kind) return [];
    const closing = [...this.closeOpen(), ...this.finishPendingCall()];
    this.open = { index: this.nextIndex++, kind };
    return [...closing, { type: kind === 'text' ? 'text-start' : 'reasoning-start', index: this.open.index }];
  }

  private closeOpen(): StreamPart[] {
    const block = this.open;
    if (!block) return [];
    this.open = undefined;
    if (block.kind === 'text') return [{ type: 'text-end', index: block.index }];
    return [{ type: 'reasoning-end', index: block.index, ...(block.thoughtSignature ? { providerMetadata: signatureMetadata(block.thoughtSignature) } : {}) }];
  }

  private signatureBlock(thoughtSignature: string): StreamPart[] {
    const index = this.nextIndex++;
    return [{ type: 'reasoning-start', index }, { type: 'reasoning-end', index, providerMetadata: signatureMetadata(thoughtSignature) }];
  }

  /**
   * A call arrives whole (`name` + `args`), or streamed: `name` with `willContinue`, then
   * `partialArgs` fragments, then an empty `functionCall` that ends it.
   */
  private handleFunctionCall(part: GeminiPart): StreamPart[] {
    const call = part.functionCall!;
    if (call.name && !call.willContinue) return [...this.finishPendingCall(), ...this.emitCall({ name: call.name, args: call.args ?? {}, ...(part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}) })];
    if (call.name) {
      const parts = this.finishPendingCall();
      this.pending = { name: call.name, args: { ...call.args }, ...(part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}) };
      return parts;
    }
    if (call.partialArgs && this.pending) {
      for (const arg of call.partialArgs) applyPartialArg(this.pending.args, arg);
      return [];
    }
    return call.willContinue ? [] : this.finishPendingCall();
  }

  private finishPendingCall(): StreamPart[] {
    const pending = this.pending;
    this.pending = undefined;
    return pending ? this.emitCall(pending) : [];
  }

  private emitCall(call: PendingCall): StreamPart[] {
    const closing = this.closeOpen();
    const index = this.nextIndex++;
    const id = callIdWithSignature(`call_${this.responseId}_${this.toolCalls++}`, call.thoughtSignature);
    return [
      ...closing,
      { type: 'tool-call-start', index, id, name: call.name, ...(call.thoughtSignature ? { providerMetadata: signatureMetadata(call.thoughtSignature) } : {}) },
      { type: 'tool-input-delta', index, json: JSON.stringify(call.args) },
      { type: 'tool-call-end', index },
    ];
  }

  private fail(error: UpstreamErrorInfo): StreamPart[] {
    this.done = true;
    return [{ type: 'error', error }];
  }
}
