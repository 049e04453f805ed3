import type { AssistantContentPart, ToolCallPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { mapFinishReason } from './map-finish-reason';
import { toChatUsage } from './to-chat-usage';

/** OpenAI ids start with `chatcmpl-`; other providers' ids are kept, prefixed, so they stay traceable. */
export function toCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

export function toWireToolCall(part: ToolCallPart): Record<string, unknown> {
  return { id: part.id, type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } };
}

function joinText(parts: readonly AssistantContentPart[], type: 'text' | 'reasoning'): string | undefined {
  const texts = parts.flatMap((part) => (part.type === type ? [part.text] : []));
  return texts.length ? texts.join('') : undefined;
}

/**
 * The assistant message: text joined, tool calls with their arguments as a JSON string, and
 * reasoning as `reasoning_content` (the DeepSeek/Kimi convention). Redacted reasoning and
 * thinking signatures have no place in this protocol and are left out.
 */
function toChatMessage(content: readonly AssistantContentPart[]): Record<string, unknown> {
  const toolCalls = content.filter((part): part is ToolCallPart => part.type === 'tool-call');
  const reasoning = joinText(content.filter((part) => part.type !== 'reasoning' || part.redactedData === undefined), 'reasoning');
  return {
    role: 'assistant',
    content: joinText(content, 'text') ?? null,
    refusal: null,
    ...(reasoning === undefined ? {} : { reasoning_content: reasoning }),
    ...(toolCalls.length ? { tool_calls: toolCalls.map(toWireToolCall) } : {}),
  };
}

/** Canonical response → the `chat.completion` JSON a non-streaming client receives. */
export function toChatCompletion(response: CanonicalResponse, options: { readonly model: string; readonly created: number }): Record<string, unknown> {
  return {
    id: toCompletionId(response.id),
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, message: toChatMessage(response.content), logprobs: null, finish_reason: mapFinishReason(response.finishReason) }],
    usage: toChatUsage(response.usage),
  };
}
