import type { ModelInfo } from '../../../kernel/canonical/model';
import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { parseToolArguments } from '../openai-chat/openai-chat-response';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { mapResponsesUsage, type ResponseObject, responseFinishReason } from './response-object';
import { reasoningSignature } from './reasoning-signature';

/** The output items the translation reads; others (hosted tools', which it never asks for) are skipped. */
export interface OutputItem {
  readonly type?: string;
  readonly id?: string;
  readonly summary?: readonly { readonly text?: string }[];
  readonly encrypted_content?: string | null;
  readonly content?: readonly { readonly type?: string; readonly text?: string; readonly refusal?: string }[];
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
}

/** A reasoning item's summary parts, read as one text (what a client shows as thinking). */
function summaryText(item: OutputItem): string {
  return (item.summary ?? []).map((part) => part.text ?? '').filter(Boolean).join('\n\n');
}

/** What a reasoning item needs to go back upstream, as a reasoning part's signature; none without its encrypted content. */
export function signatureOf(item: OutputItem): string | undefined {
  return item.id && item.encrypted_content ? reasoningSignature({ id: item.id, encryptedContent: item.encrypted_content }) : undefined;
}

/** A reasoning item as a canonical part: its summary, and what it needs to go back (signature). */
function reasoningPart(item: OutputItem): AssistantContentPart {
  const signature = signatureOf(item);
  return { type: 'reasoning', text: summaryText(item), ...(signature === undefined ? {} : { signature }) };
}

function itemParts(item: OutputItem, withReasoning: boolean): AssistantContentPart[] {
  switch (item.type) {
    case 'reasoning':
      return withReasoning ? [reasoningPart(item)] : [];
    case 'message': {
      const text = (item.content ?? []).map((part) => (part.type === 'refusal' ? part.refusal : part.text) ?? '').join('');
      return text ? [{ type: 'text', text }] : [];
    }
    case 'function_call':
      return [{ type: 'tool-call', id: item.call_id ?? item.id ?? '', name: item.name ?? '', input: parseToolArguments(item.arguments) }];
    default:
      return [];
  }
}

/**
 * A non-streamed Responses API response as a canonical response. Reasoning items are kept only
 * `withReasoning` (the client asked for reasoning): a client that did not gets no thinking blocks,
 * as from Claude.
 */
export function convertResponsesResponse(response: ResponseObject & { readonly id?: string; readonly output?: readonly OutputItem[] }, model: ModelInfo, withReasoning: boolean): CanonicalResponse {
  return {
    id: response.id ?? '',
    model: model.id,
    content: (response.output ?? []).flatMap((item) => itemParts(item, withReasoning)),
    finishReason: responseFinishReason(response) ?? 'other',
    usage: mapResponsesUsage(response.usage ?? {}),
    upstreamModel: readUpstreamModel(response.model),
  };
}
