import type { AssistantContentPart } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { FinishReason } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import { customInputOf, customToolCallItem } from './custom-tools';
import { toReasoningItem } from './reasoning-item';

/** Response and item ids: OpenAI's prefixes on the gateway's request id, so they stay traceable. */
export function responseIds(requestId: string) {
  return {
    response: `resp_${requestId}`,
    item: (kind: 'msg' | 'rs' | 'fc' | 'ctc', index: number) => `${kind}_${requestId}_${index}`,
  };
}

/** `input_tokens` includes cached tokens, as canonical `inputTokens` does. */
export function toResponsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** A response cut by its token limit or a content filter is `incomplete`, saying why. */
export function responseStatus(reason: FinishReason): { status: 'completed' | 'incomplete'; incomplete_details: { reason: string } | null } {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content-filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed' | 'incomplete'): Record<string, unknown> {
  return { type: 'message', id, status, role: 'assistant', content: status === 'in_progress' ? [] : [outputText(text)] };
}

export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function functionCallItem(id: string, call: { id: string; name: string }, args: string, status: 'in_progress' | 'completed'): Record<string, unknown> {
  return { type: 'function_call', id, call_id: call.id, name: call.name, arguments: args, status };
}

/** The envelope of a response, repeating the request's settings (`echo`); `output` and `usage` are filled as they become known. */
export function responseObject(fields: { id: string; model: string; createdAt: number; status: string; output: readonly unknown[]; usage: Record<string, unknown> | null; echo: Record<string, unknown>; incompleteDetails?: { reason: string } | null }): Record<string, unknown> {
  return {
    id: fields.id, object: 'response', created_at: fields.createdAt, status: fields.status, error: null, incomplete_details: fields.incompleteDetails ?? null,
    model: fields.model, output: fields.output, ...fields.echo, usage: fields.usage,
  };
}

/**
 * Canonical content → output items, in order: reasoning items, one message item per run of
 * text, and one function_call item per call (its arguments as a JSON string), or a
 * custom_tool_call item for a call of one of the request's custom tools.
 */
export function toOutputItems(content: readonly AssistantContentPart[], requestId: string, customTools: ReadonlySet<string>): Record<string, unknown>[] {
  const ids = responseIds(requestId);
  const items: Record<string, unknown>[] = [];
  let text: string | null = null;
  const flushText = () => {
    if (text !== null) items.push(messageItem(ids.item('msg', items.length), text, 'completed'));
    text = null;
  };
  for (const part of content) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text;
      continue;
    }
    flushText();
    if (part.type === 'reasoning') items.push(toReasoningItem(part, ids.item('rs', items.length)));
    else if (customTools.has(part.name)) items.push(customToolCallItem(ids.item('ctc', items.length), part, customInputOf(part.input)));
    else items.push(functionCallItem(ids.item('fc', items.length), part, JSON.stringify(part.input ?? {}), 'completed'));
  }
  flushText();
  return items;
}

/** The item a cut response was writing is cut too: OpenAI calls a last message `incomplete`. */
function withCutMessage(items: Record<string, unknown>[]): Record<string, unknown>[] {
  const last = items.at(-1);
  return last?.type === 'message' ? [...items.slice(0, -1), { ...last, status: 'incomplete' }] : items;
}

/** Canonical response → the `response` object a non-streaming client receives. */
export function toResponseObject(response: CanonicalResponse, options: { model: string; requestId: string; createdAt: number; customTools: ReadonlySet<string>; echo: Record<string, unknown> }): Record<string, unknown> {
  const { status, incomplete_details: incompleteDetails } = responseStatus(response.finishReason);
  const output = toOutputItems(response.content, options.requestId, options.customTools);
  return responseObject({
    id: responseIds(options.requestId).response, model: options.model, createdAt: options.createdAt, status, incompleteDetails, echo: options.echo,
    output: status === 'incomplete' ? withCutMessage(output) : output, usage: toResponsesUsage(response.usage),
  });
}
