import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { isJsonObject } from '../shared/wire-reader';
import type { ContextManagementResponse } from './context-editing';
import { mapStopReason } from './map-stop-reason';
import { toMessagesUsage } from './to-messages-usage';

/** Anthropic ids start with `msg_`; other providers' ids are kept, prefixed, so they stay traceable. */
export function toMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

/** One canonical part as an Anthropic content block. */
export function toMessagesContentBlock(part: AssistantContentPart): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'reasoning':
      return part.redactedData !== undefined
        ? { type: 'redacted_thinking', data: part.redactedData }
        : { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
    case 'tool-call':
      // Anthropic clients expect an object; a provider that produced anything else gave no usable arguments.
      return { type: 'tool_use', id: part.id, name: part.name, input: isJsonObject(part.input) ? part.input : {} };
  }
}

/**
 * Reasoning with no text, signature or redacted data (what a provider keeps only in metadata,
 * such as a Gemini thought signature with no thoughts to ride on) would be an empty thinking
 * block: a Messages client has nowhere to keep the rest, so it is not sent.
 */
function holdsSomething(part: AssistantContentPart): boolean {
  return part.type !== 'reasoning' || part.text !== '' || Boolean(part.signature) || part.redactedData !== undefined;
}

export interface MessagesResponseOptions {
  readonly model: string;
  /** The context edits the gateway applied, for a request that asked for context editing. */
  readonly contextManagement?: ContextManagementResponse | undefined;
}

/** Canonical response → the Anthropic Message JSON a non-streaming client receives. */
export function toMessagesResponse(response: CanonicalResponse, options: MessagesResponseOptions): Record<string, unknown> {
  const message: Record<string, unknown> = {
    id: toMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: response.content.filter(holdsSomething).map(toMessagesContentBlock),
    stop_reason: mapStopReason(response.finishReason),
    stop_sequence: response.stopSequence ?? null,
    usage: toMessagesUsage(response.usage),
  };
  // Added, not spread in: the literal stays on V8's fast path for every answer without it.
  if (options.contextManagement) message.context_management = options.contextManagement;
  return message;
}
