import type { AssistantContentPart, ProviderMetadata } from './request';
import type { CanonicalResponse } from './response';
import type { FinishReason, StreamPart, UpstreamErrorInfo } from './stream';
import { EMPTY_USAGE, type Usage } from './usage';

export interface CollectedStream {
  readonly id: string;
  readonly content: AssistantContentPart[];
  readonly finishReason: FinishReason | undefined;
  readonly stopSequence: string | undefined;
  readonly usage: Usage;
  /** The model the upstream says answered (the latest a part named), if one did. */
  readonly upstreamModel: string | undefined;
  readonly error: UpstreamErrorInfo | undefined;
}

interface Draft {
  kind: 'text' | 'reasoning' | 'tool-call';
  text: string;
  id?: string;
  name?: string;
  signature?: string;
  redactedData?: string;
  providerMetadata?: ProviderMetadata;
}

function toContentPart(draft: Draft): AssistantContentPart {
  const metadata = draft.providerMetadata ? { providerMetadata: draft.providerMetadata } : {};
  if (draft.kind === 'text') return { type: 'text', text: draft.text };
  if (draft.kind === 'reasoning') {
    const signed = draft.signature === undefined ? {} : { signature: draft.signature };
    const redacted = draft.redactedData === undefined ? {} : { redactedData: draft.redactedData };
    return { type: 'reasoning', text: draft.text, ...signed, ...redacted, ...metadata };
  }
  return { type: 'tool-call', id: draft.id ?? '', name: draft.name ?? '', input: draft.text ? JSON.parse(draft.text) : {}, ...metadata };
}

function openDraft(part: StreamPart): Draft | undefined {
  if (part.type === 'text-start') return { kind: 'text', text: '' };
  if (part.type === 'reasoning-start') return { kind: 'reasoning', text: '', ...(part.redactedData === undefined ? {} : { redactedData: part.redactedData }) };
  if (part.type === 'tool-call-start') return { kind: 'tool-call', text: '', id: part.id, name: part.name, ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}) };
  return undefined;
}

/**
 * Folds a stream's parts into a whole answer: how a Gemini `generateContent` body becomes a
 * response, and how a cached stream answers a non-streamed request. Signed and redacted
 * reasoning keep their signature and data, so the answer can be sent back upstream unchanged.
 */
export function collectStreamParts(parts: Iterable<StreamPart>): CollectedStream {
  const drafts = new Map<number, Draft>();
  let id = '';
  let finishReason: FinishReason | undefined;
  let stopSequence: string | undefined;
  let usage = EMPTY_USAGE;
  let upstreamModel: string | undefined;
  let error: UpstreamErrorInfo | undefined;
  for (const part of parts) {
    const opened = openDraft(part);
    if (opened && 'index' in part) drafts.set(part.index, opened);
    else if (part.type === 'message-start') [id, upstreamModel] = [part.id, part.upstreamModel ?? upstreamModel];
    else if (part.type === 'text-delta' || part.type === 'reasoning-delta') drafts.get(part.index)!.text += part.text;
    else if (part.type === 'tool-input-delta') drafts.get(part.index)!.text += part.json;
    else if (part.type === 'reasoning-signature') drafts.get(part.index)!.signature = (drafts.get(part.index)!.signature ?? '') + part.signature;
    else if (part.type === 'reasoning-end' && part.providerMetadata) drafts.get(part.index)!.providerMetadata = part.providerMetadata;
    else if (part.type === 'usage') [usage, upstreamModel] = [part.usage, part.upstreamModel ?? upstreamModel];
    else if (part.type === 'finish') [finishReason, stopSequence, usage, upstreamModel] = [part.reason, part.stopSequence, part.usage, part.upstreamModel ?? upstreamModel];
    else if (part.type === 'error') error = part.error;
  }
  const content = [...drafts.entries()].sort(([left], [right]) => left - right).map(([, draft]) => toContentPart(draft));
  return { id, content, finishReason, stopSequence, usage, upstreamModel, error };
}

/** A folded stream as the whole answer of `model` (a stream that never said why it finished: `other`). */
export function collectedResponse(collected: CollectedStream, model: string): CanonicalResponse {
  const stopSequence = collected.stopSequence === undefined ? {} : { stopSequence: collected.stopSequence };
  const upstreamModel = collected.upstreamModel === undefined ? {} : { upstreamModel: collected.upstreamModel };
  return { id: collected.id, model, content: collected.content, finishReason: collected.finishReason ?? 'other', ...stopSequence, usage: collected.usage, ...upstreamModel };
}
