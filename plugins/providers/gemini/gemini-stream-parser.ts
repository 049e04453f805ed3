import { randomUUID } from 'node:crypto';
import type { StreamPart, UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { SseEvent } from '../../../kernel/sse';
import { applyPartialArg } from './apply-partial-args';
import { callIdWithSignature } from './call-id-signature';
import type { GeminiPart, GeminiResponseChunk } from './gemini-wire-types';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { hasGeminiUsage, mapGeminiUsage } from './map-gemini-usage';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { geminiErrorInfo } from './read-gemini-error';
import { geminiReasoningSignature, signatureMetadata } from './thought-signature';

export interface GeminiStreamParserOptions {
  /** Gateway id reported in `message-start`. */
  readonly modelId: string;
}

interface OpenBlock { readonly index: number; readonly kind: 'text' | 'reasoning'; thoughtSignature?: string }
interface PendingCall { name: string; args: Record<string, unknown>; thoughtSignature?: string }

/**
 * Turns Gemini response chunks (a stream's `data:` payloads, or one whole `generateContent`
 * body) into canonical stream parts. Gemini has no block events, so blocks open and close
 * as the part kind changes. It has no tool-call ids either: ids are `call_<responseId>_<n>`,
 * stable for a given response, with the call's thought signature (call-id-signature.ts).
 *
 * Other thought signatures (thought-signature.ts) sign the thoughts before them, so they end
 * the reasoning block holding those thoughts, as its signature: a signed thought part's, and a
 * signed text part's that comes while the block is open (Gemini's non-streamed shape, thoughts
 * then the signed answer). One with no open thoughts to sign (a text part's that streams after
 * the text, or any when thoughts are not shown) has no place on canonical text: it rides in the
 * metadata of an empty reasoning block right after, which a Messages client is not sent.
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
      parts.push({ type: 'usage', usage: this.usage, upstreamModel: readUpstreamModel(chunk.modelVersion) });
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
    return part.thought ? this.handleThought(part.text, part.thoughtSignature) : this.handleText(part.text, part.thoughtSignature);
  }

  private handleThought(text: string, thoughtSignature: string | undefined): StreamPart[] {
    if (!text && !thoughtSignature) return [];
    const parts = this.ensureOpen('reasoning');
    if (text) parts.push({ type: 'reasoning-delta', index: this.open!.index, text });
    if (!thoughtSignature) return parts;
    this.open!.thoughtSignature = thoughtSignature;
    return [...parts, ...this.closeOpen()];
  }

  private handleText(text: string, thoughtSignature: string | undefined): StreamPart[] {
    const signsThoughts = Boolean(thoughtSignature) && this.open?.kind === 'reasoning';
    if (signsThoughts) this.open!.thoughtSignature = thoughtSignature;
    const parts = text ? this.ensureOpen('text') : signsThoughts ? this.closeOpen() : [];
    if (text) parts.push({ type: 'text-delta', index: this.open!.index, text });
    if (thoughtSignature && !signsThoughts) parts.push(...this.closeOpen(), ...this.signatureBlock(thoughtSignature));
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
    const signature = block.thoughtSignature ? [{ type: 'reasoning-signature' as const, index: block.index, signature: geminiReasoningSignature(block.thoughtSignature) }] : [];
    return [...signature, { type: 'reasoning-end', index: block.index }];
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
