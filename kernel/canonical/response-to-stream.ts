import type { AssistantContentPart } from './request';
import type { CanonicalResponse } from './response';
import type { StreamPart } from './stream';

function contentParts(part: AssistantContentPart, index: number): StreamPart[] {
  if (part.type === 'text') return [{ type: 'text-start', index }, ...(part.text ? [{ type: 'text-delta' as const, index, text: part.text }] : []), { type: 'text-end', index }];
  if (part.type === 'reasoning') {
    return [
      { type: 'reasoning-start', index, ...(part.redactedData === undefined ? {} : { redactedData: part.redactedData }) },
      ...(part.text ? [{ type: 'reasoning-delta' as const, index, text: part.text }] : []),
      ...(part.signature === undefined ? [] : [{ type: 'reasoning-signature' as const, index, signature: part.signature }]),
      { type: 'reasoning-end', index, ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}) },
    ];
  }
  return [
    { type: 'tool-call-start', index, id: part.id, name: part.name, ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}) },
    { type: 'tool-input-delta', index, json: JSON.stringify(part.input ?? {}) },
    { type: 'tool-call-end', index },
  ];
}

/**
 * A whole answer as the stream that would have carried it, one delta per block: how a cached
 * non-streamed answer answers a streamed request. `collectStreamParts` folds it back unchanged.
 */
export function responseToStreamParts(response: CanonicalResponse): StreamPart[] {
  const { inputTokens, cachedInputTokens, cacheWriteTokens } = response.usage;
  return [
    { type: 'message-start', id: response.id, model: response.model, usage: { inputTokens, cachedInputTokens, cacheWriteTokens } },
    ...response.content.flatMap(contentParts),
    {
      type: 'finish', reason: response.finishReason, ...(response.stopSequence === undefined ? {} : { stopSequence: response.stopSequence }), usage: response.usage,
      ...(response.upstreamModel === undefined ? {} : { upstreamModel: response.upstreamModel }),
    },
  ];
}
