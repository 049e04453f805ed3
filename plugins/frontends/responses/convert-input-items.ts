import type { AssistantContentPart, CanonicalMessage, ImagePart, TextPart, ToolResultContentPart, ToolResultPart, UserContentPart } from '../../../kernel/canonical/request';
import { readToolArguments } from '../shared/parse-tool-arguments';
import { readFileData, readMediaUrl } from '../shared/read-media-url';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { refuseUnsupported, responsesReader as reader } from './errors';
import { readReasoningItem } from './reasoning-item';

export interface ConvertedInput {
  /** `system` and `developer` messages, wherever they appear, in order (after `instructions`). */
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
}

const NO_STORED_FILES = 'files uploaded to OpenAI cannot be used through the gateway; send the content inline (a data: URL)';

function readImage(part: JsonObject, param: string): ImagePart {
  if (part.image_url === undefined && part.file_id !== undefined) refuseUnsupported(fieldPath(param, 'file_id'), NO_STORED_FILES);
  const url = reader.string(part.image_url, fieldPath(param, 'image_url'));
  const detail = reader.optionalChoice(part.detail, fieldPath(param, 'detail'), ['auto', 'low', 'high'] as const);
  return { type: 'image', source: readMediaUrl(reader, url, fieldPath(param, 'image_url')), ...(detail === undefined ? {} : { detail }) };
}

/** `input_file` carries `file_data` (a data: URL) or a `file_url`; a `file_id` names a file only OpenAI has. */
function readFile(part: JsonObject, param: string): UserContentPart {
  const title = reader.optionalString(part.filename, fieldPath(param, 'filename'));
  const data = reader.optionalString(part.file_data, fieldPath(param, 'file_data'));
  const url = reader.optionalString(part.file_url, fieldPath(param, 'file_url'));
  if (data === undefined && url === undefined) {
    if (part.file_id !== undefined) refuseUnsupported(fieldPath(param, 'file_id'), NO_STORED_FILES);
    reader.fail(fieldPath(param, 'file_data'), 'is required (or file_url)');
  }
  const source = data === undefined ? readMediaUrl(reader, url!, fieldPath(param, 'file_url')) : readFileData(reader, data, fieldPath(param, 'file_data'));
  return { type: 'document', source, ...(title === undefined ? {} : { title }) };
}

function readInputPart(value: unknown, param: string): UserContentPart {
  const part = reader.object(value, param);
  switch (reader.string(part.type, fieldPath(param, 'type'))) {
    case 'input_text': return { type: 'text', text: reader.string(part.text, fieldPath(param, 'text')) };
    case 'input_image': return readImage(part, param);
    case 'input_file': return readFile(part, param);
    case 'input_audio': return refuseUnsupported(fieldPath(param, 'type'), 'audio input is not supported; transcribe it first and send text');
    default: return reader.fail(fieldPath(param, 'type'), 'must be one of "input_text", "input_image", "input_file"');
  }
}

/** Earlier answers come back as `output_text` (or `refusal`) parts; some clients send `input_text`. */
function readOutputPart(value: unknown, param: string): TextPart {
  const part = reader.object(value, param);
  const type = reader.string(part.type, fieldPath(param, 'type'));
  if (type === 'output_text' || type === 'input_text') return { type: 'text', text: reader.string(part.text, fieldPath(param, 'text')) };
  if (type === 'refusal') return { type: 'text', text: reader.string(part.refusal, fieldPath(param, 'refusal')) };
  return reader.fail(fieldPath(param, 'type'), 'must be "output_text" or "refusal" in an assistant message');
}

function textOnly(parts: readonly UserContentPart[], param: string): TextPart[] {
  return parts.map((part, index) => (part.type === 'text' ? part : reader.fail(fieldPath(fieldPath(param, 'content'), index), 'system and developer messages take text only')));
}

/** A tool's output: a string, or input parts (text, images, files), as a user message's. */
function readToolOutput(value: unknown, param: string): ToolResultContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  return reader.array(value, param).map((part, index) => readInputPart(part, fieldPath(param, index)));
}

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;

/** Why an item type that points into OpenAI's stored state is refused (any other unknown type belongs to a hosted tool). */
const STATEFUL_ITEMS: Record<string, string> = {
  item_reference: 'refers to a stored item by its id, which the gateway does not look up; send the item itself, or continue from its response with previous_response_id',
};

/**
 * Builds the canonical conversation. Reasoning, assistant text and function calls that follow
 * one another are one assistant turn (Claude needs a turn's thinking and tool calls together);
 * function call outputs that follow one another are one tool turn, each named after its call.
 */
class ConversationBuilder {
  readonly system: TextPart[] = [];
  readonly messages: CanonicalMessage[] = [];
  private readonly toolNames = new Map<string, string>();

  user(content: UserContentPart[]): void {
    this.messages.push({ role: 'user', content });
  }

  assistant(parts: AssistantContentPart[]): void {
    for (const part of parts) if (part.type === 'tool-call') this.toolNames.set(part.id, part.name);
    if (!parts.length) return;
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') this.messages[this.messages.length - 1] = { role: 'assistant', content: [...last.content, ...parts] };
    else this.messages.push({ role: 'assistant', content: parts });
  }

  toolResult(toolCallId: string, content: ToolResultContentPart[]): void {
    const toolName = this.toolNames.get(toolCallId);
    const result: ToolResultPart = { type: 'tool-result', toolCallId, ...(toolName === undefined ? {} : { toolName }), content };
    const last = this.messages.at(-1);
    if (last?.role === 'tool') this.messages[this.messages.length - 1] = { role: 'tool', content: [...last.content, result] };
    else this.messages.push({ role: 'tool', content: [result] });
  }
}

function readMessage(item: JsonObject, param: string, conversation: ConversationBuilder): void {
  const role = reader.optionalChoice(item.role, fieldPath(param, 'role'), ROLES) ?? reader.fail(fieldPath(param, 'role'), 'is required');
  const contentParam = fieldPath(param, 'content');
  // Content is a string, or parts: earlier answers' output parts for the assistant, input parts otherwise.
  const readParts = <Part>(readPart: (value: unknown, partParam: string) => Part): (Part | TextPart)[] =>
    typeof item.content === 'string' ? [{ type: 'text', text: item.content }] : reader.array(item.content, contentParam).map((part, index) => readPart(part, fieldPath(contentParam, index)));
  if (role === 'assistant') return conversation.assistant(readParts(readOutputPart));
  const parts = readParts(readInputPart);
  if (role === 'user') conversation.user(parts);
  else conversation.system.push(...textOnly(parts, param));
}

function readItem(value: unknown, param: string, conversation: ConversationBuilder): void {
  const item = reader.object(value, param);
  // A message may leave out its type (the easy input message form).
  const type = item.type === undefined ? 'message' : reader.string(item.type, fieldPath(param, 'type'));
  switch (type) {
    case 'message': return readMessage(item, param, conversation);
    case 'function_call': {
      const argumentsParam = fieldPath(param, 'arguments');
      const args = reader.optionalString(item.arguments, argumentsParam) ?? '';
      conversation.assistant([{ type: 'tool-call', id: reader.string(item.call_id, fieldPath(param, 'call_id')), name: reader.string(item.name, fieldPath(param, 'name')), input: readToolArguments(args, argumentsParam, reader) }]);
      return;
    }
    case 'custom_tool_call':
      conversation.assistant([{ type: 'tool-call', id: reader.string(item.call_id, fieldPath(param, 'call_id')), name: reader.string(item.name, fieldPath(param, 'name')), input: { input: reader.string(item.input, fieldPath(param, 'input')) } }]);
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      return conversation.toolResult(reader.string(item.call_id, fieldPath(param, 'call_id')), readToolOutput(item.output, fieldPath(param, 'output')));
    case 'reasoning':
      return conversation.assistant(readReasoningItem(item, param));
    default:
      return refuseUnsupported(fieldPath(param, 'type'), STATEFUL_ITEMS[type] ?? `"${type}" items belong to OpenAI's hosted tools, which the gateway does not run; only messages, reasoning, function and custom tool calls and their outputs are supported`);
  }
}

/** `input`: a string (one user message) or a list of items. */
export function convertInputItems(value: unknown): ConvertedInput {
  const conversation = new ConversationBuilder();
  if (typeof value === 'string') conversation.user([{ type: 'text', text: value }]);
  else {
    const items = reader.array(value, 'input');
    if (!items.length) reader.fail('input', 'must contain at least one item');
    items.forEach((item, index) => readItem(item, fieldPath('input', index), conversation));
  }
  return { system: conversation.system, messages: conversation.messages };
}
