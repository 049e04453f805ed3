import type { ModelInfo } from '../../../kernel/canonical/model';
import type { AssistantContentPart, CanonicalMessage, CanonicalRequest, DocumentPart, ImagePart, MediaSource, ResponseFormat, TextPart, ToolChoice, ToolResultPart, UserContentPart } from '../../../kernel/canonical/request';
import { mapReasoningEffort } from '../openai-chat/convert-to-openai-chat-request';
import { fitStrict } from '../openai-chat/strict-schema-rules';
import { fitToolCallId, OPENAI_TOOL_CALL_IDS } from '../shared/fit-tool-call-ids';
import { markToolError } from '../shared/mark-tool-error';
import { reasoningItemOf } from './reasoning-signature';

type Item = Record<string, unknown>;

/** OpenAI refuses a smaller `max_output_tokens` (responses-translation.ts decides what goes where below it). */
export const MIN_OUTPUT_TOKENS = 16;

function toUrl(source: MediaSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

function imageInput(part: ImagePart): Item {
  return { type: 'input_image', image_url: toUrl(part.source), detail: part.detail ?? 'auto' };
}

function documentInput(part: DocumentPart): Item {
  const { source } = part;
  if (source.kind === 'text') return { type: 'input_text', text: part.title ? `${part.title}\n\n${source.text}` : source.text };
  if (source.kind === 'url') return { type: 'input_file', file_url: source.url };
  return { type: 'input_file', filename: part.title ?? 'document', file_data: toUrl(source) };
}

/** A part of a user message or of a tool's output: both take input_text, input_image and input_file. */
function inputPart(part: UserContentPart): Item {
  return part.type === 'text' ? { type: 'input_text', text: part.text } : part.type === 'image' ? imageInput(part) : documentInput(part);
}

function userMessage(parts: readonly UserContentPart[]): Item {
  return { role: 'user', content: parts.map(inputPart) };
}

/**
 * An assistant turn as items, in its order: reasoning (OpenAI's own only, as id and encrypted
 * content), each run of text as an assistant message, calls as function_call items. Only
 * reasoning carries an item id (OpenAI checks the encrypted content against it): a call sent
 * with its output id but without the reasoning item it came with is refused ("provided without
 * its required 'reasoning' item", as public reports show), and a client may have dropped that.
 */
function assistantItems(parts: readonly AssistantContentPart[]): Item[] {
  const items: Item[] = [];
  let text = '';
  const flushText = () => {
    if (text) items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
    text = '';
  };
  for (const part of parts) {
    if (part.type === 'text') {
      text += part.text;
      continue;
    }
    flushText();
    if (part.type === 'tool-call') {
      items.push({ type: 'function_call', call_id: fitToolCallId(part.id, OPENAI_TOOL_CALL_IDS), name: part.name, arguments: JSON.stringify(part.input ?? {}) });
      continue;
    }
    const item = reasoningItemOf(part);
    if (item) items.push({ type: 'reasoning', id: item.id, summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], encrypted_content: item.encryptedContent });
  }
  flushText();
  return items;
}

/** A result with images or documents goes as a list of input parts; text alone as a string. A failed tool's text is marked (markToolError). */
function toolResultItem(result: ToolResultPart): Item {
  const callId = fitToolCallId(result.toolCallId, OPENAI_TOOL_CALL_IDS);
  const content = markToolError(result);
  if (content.every((part) => part.type === 'text')) {
    return { type: 'function_call_output', call_id: callId, output: content.map((part) => (part as TextPart).text).join('\n') };
  }
  return { type: 'function_call_output', call_id: callId, output: content.map(inputPart) };
}

function inputItems(messages: readonly CanonicalMessage[]): Item[] {
  return messages.flatMap((message) => {
    if (message.role === 'user') return [userMessage(message.content)];
    if (message.role === 'assistant') return assistantItems(message.content);
    return message.content.map(toolResultItem);
  });
}

function toolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', name: choice.name } : choice.type;
}

function textFormat(format: ResponseFormat | undefined): Item | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json-object') return { format: { type: 'json_object' } };
  const { name, schema, description } = format;
  const strict = fitStrict(format.strict, schema);
  return { format: { type: 'json_schema', name, schema, ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }) } };
}

/**
 * The canonical request as a Responses API body for one of OpenAI's reasoning models. Stateless
 * like every gateway call (`store: false`). When the client asked for reasoning, it gets what it
 * would from Claude: a summary to show as thinking, and the encrypted reasoning that lets the next
 * turn continue it; otherwise none (the model still reasons; responses-output.ts leaves it out).
 * Reasoning models take no sampling parameters or stop sequences: they are left out, as on Chat
 * Completions.
 */
export function convertToResponsesRequest(request: CanonicalRequest, model: ModelInfo): Record<string, unknown> {
  const effort = mapReasoningEffort(request.reasoning, model);
  const tools = request.tools.map((tool) => ({ type: 'function', name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema, strict: fitStrict(tool.strict, tool.inputSchema) ?? false }));
  const text = textFormat(request.responseFormat);
  const instructions = request.system.map((part) => part.text).join('\n\n');
  return {
    model: model.upstreamId,
    ...(instructions ? { instructions } : {}),
    input: inputItems(request.messages),
    ...(tools.length ? { tools } : {}),
    // OpenAI refuses `tool_choice` and `parallel_tool_calls` on a request without tools.
    ...(tools.length && request.toolChoice ? { tool_choice: toolChoice(request.toolChoice) } : {}),
    ...(tools.length && request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...(text ? { text } : {}),
    // Below the minimum only for a model served on this API alone (responses-translation.ts): it gets the minimum.
    ...(request.maxTokens === undefined ? {} : { max_output_tokens: Math.max(request.maxTokens, MIN_OUTPUT_TOKENS) }),
    ...(request.reasoning?.enabled ? { reasoning: { ...(effort ? { effort } : {}), summary: 'auto' }, include: ['reasoning.encrypted_content'] } : effort ? { reasoning: { effort } } : {}),
    // `user`, as on Chat Completions (the Responses API still takes it beside its newer `safety_identifier`).
    ...(request.metadata.userId === undefined ? {} : { user: request.metadata.userId }),
    store: false,
    stream: request.stream,
  };
}
