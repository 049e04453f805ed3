import type { ModelInfo } from '../../../kernel/canonical/model';
import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import { answerId } from './answer-id';
import { finishAfterToolCalls, mapOpenAIFinishReason } from './map-openai-finish-reason';
import { readUpstreamModel } from '../shared/read-upstream-model';
import { mapOpenAIUsage } from './map-openai-usage';
import type { OpenAIChatResponseBody, OpenAIChatResponseMessage } from './openai-chat-wire';

/**
 * Tool arguments arrive as JSON text. A model can emit broken JSON; the text is then kept
 * as it is rather than replaced, so the client sees what the model produced.
 */
export function parseToolArguments(text: string | undefined): unknown {
  if (!text?.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function convertMessage(message: OpenAIChatResponseMessage, messageId: string): AssistantContentPart[] {
  const content: AssistantContentPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const text = message.content || message.refusal;
  if (text) content.push({ type: 'text', text });
  for (const [position, call] of (message.tool_calls ?? []).entries()) {
    content.push({ type: 'tool-call', id: call.id ?? `call_${messageId}_${position}`, name: call.function?.name ?? '', input: parseToolArguments(call.function?.arguments) });
  }
  return content;
}

/**
 * A non-streamed Chat Completions body (with at least one choice) as a canonical response;
 * `requestId` stands in for an id the server left out or repeats (answer-id.ts).
 */
export function convertOpenAIChatResponse(body: OpenAIChatResponseBody, model: ModelInfo, requestId?: string): CanonicalResponse {
  const choice = body.choices?.[0];
  const id = answerId(body.id, requestId);
  const content = choice?.message ? convertMessage(choice.message, id) : [];
  return {
    id,
    model: model.id,
    content,
    finishReason: finishAfterToolCalls(mapOpenAIFinishReason(choice?.finish_reason), content.some((part) => part.type === 'tool-call')),
    usage: mapOpenAIUsage(body.usage),
    upstreamModel: readUpstreamModel(body.model),
  };
}
