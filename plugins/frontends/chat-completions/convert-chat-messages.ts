import type { AssistantContentPart, CanonicalMessage, TextPart, ToolCallPart, ToolResultPart } from '../../../kernel/canonical/request';
import { readToolArguments } from '../shared/parse-tool-arguments';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { chatReader as reader, refuseUnsupported } from './errors';
import { readTextPart, readUserContentPart } from './read-user-content-part';

export interface ConvertedChatMessages {
  /** `system` and `developer` messages, wherever they appear, in order. */
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
}

/** Content that may only be text: a string, or `text` parts (assistant `refusal` parts read as text). */
function readTextContent(value: unknown, param: string): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return reader.array(value, param).map((item, index) => {
    const partParam = fieldPath(param, index);
    const part = reader.object(item, partParam);
    if (part.type === 'refusal') return { type: 'text', text: reader.string(part.refusal, fieldPath(partParam, 'refusal')) };
    if (part.type !== 'text') reader.fail(fieldPath(partParam, 'type'), 'must be "text" here');
    return readTextPart(part, partParam);
  });
}

function readToolCall(value: unknown, param: string): ToolCallPart {
  const call = reader.object(value, param);
  if (call.type !== undefined && call.type !== 'function') refuseUnsupported(fieldPath(param, 'type'), 'only "function" tool calls are supported');
  const fn = reader.object(call.function, fieldPath(param, 'function'));
  const argumentsParam = fieldPath(param, 'function.arguments');
  const args = reader.optionalString(fn.arguments, argumentsParam) ?? '';
  return { type: 'tool-call', id: reader.string(call.id, fieldPath(param, 'id')), name: reader.string(fn.name, fieldPath(param, 'function.name')), input: readToolArguments(args, argumentsParam, reader) };
}

/** Reasoning (DeepSeek/Kimi clients send `reasoning_content` back on tool-call turns), then text, then calls. */
function convertAssistant(message: JsonObject, param: string): AssistantContentPart[] {
  if (message.function_call !== undefined && message.function_call !== null) refuseUnsupported(fieldPath(param, 'function_call'), 'legacy function_call is not supported; use tool_calls');
  const reasoning = reader.optionalString(message.reasoning_content, fieldPath(param, 'reasoning_content'));
  const calls = message.tool_calls === undefined || message.tool_calls === null ? [] : reader.array(message.tool_calls, fieldPath(param, 'tool_calls'));
  return [
    ...(reasoning ? [{ type: 'reasoning' as const, text: reasoning }] : []),
    ...readTextContent(message.content, fieldPath(param, 'content')),
    ...calls.map((call, index) => readToolCall(call, fieldPath(fieldPath(param, 'tool_calls'), index))),
  ];
}

function convertUser(message: JsonObject, param: string): CanonicalMessage {
  const contentParam = fieldPath(param, 'content');
  if (typeof message.content === 'string') return { role: 'user', content: [{ type: 'text', text: message.content }] };
  return { role: 'user', content: reader.array(message.content, contentParam).map((part, index) => readUserContentPart(part, fieldPath(contentParam, index))) };
}

function readToolResult(message: JsonObject, param: string, toolNames: ReadonlyMap<string, string>): ToolResultPart {
  const toolCallId = reader.string(message.tool_call_id, fieldPath(param, 'tool_call_id'));
  const toolName = toolNames.get(toolCallId);
  return { type: 'tool-result', toolCallId, ...(toolName === undefined ? {} : { toolName }), content: readTextContent(message.content, fieldPath(param, 'content')) };
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

/**
 * OpenAI `messages` → canonical. Consecutive `tool` messages become one canonical tool
 * message (the results of one assistant turn); results get the name of their matching call.
 */
export function convertChatMessages(value: unknown): ConvertedChatMessages {
  const list = reader.array(value, 'messages');
  if (!list.length) reader.fail('messages', 'must contain at least one message');
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  list.forEach((item, index) => {
    const param = fieldPath('messages', index);
    const message = reader.object(item, param);
    const role = reader.optionalChoice(message.role, fieldPath(param, 'role'), ROLES) ?? reader.fail(fieldPath(param, 'role'), 'is required');
    if (role === 'function') refuseUnsupported(fieldPath(param, 'role'), 'the legacy "function" role is not supported; use "tool" messages with tool_call_id');
    if (role === 'system' || role === 'developer') system.push(...readTextContent(message.content, fieldPath(param, 'content')));
    else if (role === 'user') messages.push(convertUser(message, param));
    else if (role === 'assistant') appendAssistant(messages, convertAssistant(message, param), toolNames);
    else appendToolResult(messages, readToolResult(message, param, toolNames));
  });
  return { system, messages };
}

function appendAssistant(messages: CanonicalMessage[], content: AssistantContentPart[], toolNames: Map<string, string>): void {
  for (const part of content) if (part.type === 'tool-call') toolNames.set(part.id, part.name);
  // An assistant turn with no content and no calls says nothing; several providers reject it.
  if (content.length) messages.push({ role: 'assistant', content });
}

function appendToolResult(messages: CanonicalMessage[], result: ToolResultPart): void {
  const last = messages.at(-1);
  if (last?.role === 'tool') messages[messages.length - 1] = { role: 'tool', content: [...last.content, result] };
  else messages.push({ role: 'tool', content: [result] });
}
