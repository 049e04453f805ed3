import type { AssistantContentPart, CanonicalMessage, DocumentPart, ImagePart, MediaSource, TextPart, ToolResultContentPart, ToolResultPart, UserContentPart } from '../../../kernel/canonical/request';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { fitToolCallId, OPENAI_TOOL_CALL_IDS } from '../shared/fit-tool-call-ids';
import { markToolError } from '../shared/mark-tool-error';
import type { OpenAIChatContentPart, OpenAIChatMessage, OpenAIChatToolCall } from './openai-chat-wire';

export interface MessageConversionOptions {
  /** Provider instance name, for error messages. */
  readonly provider: string;
  readonly systemRole: 'system' | 'developer';
  readonly sendReasoningBack: boolean;
}

function toUrl(source: MediaSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

function convertImage(part: ImagePart): OpenAIChatContentPart {
  return { type: 'image_url', image_url: { url: toUrl(part.source), ...(part.detail ? { detail: part.detail } : {}) } };
}

function convertDocument(part: DocumentPart, provider: string): OpenAIChatContentPart {
  const { source } = part;
  if (source.kind === 'text') return { type: 'text', text: part.title ? `${part.title}\n\n${source.text}` : source.text };
  // Chat Completions takes files inline only (`file_data`); a URL would need a download we do not do.
  if (source.kind === 'url') throw createUpstreamError(provider, { kind: 'invalid-request', message: 'documents by URL are not supported by this provider; send the file as base64' });
  // OpenAI refuses `file_data` without a filename (as a missing `file_id`).
  return { type: 'file', file: { filename: part.title ?? 'document', file_data: toUrl(source) } };
}

function convertUserPart(part: UserContentPart, provider: string): OpenAIChatContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  return part.type === 'image' ? convertImage(part) : convertDocument(part, provider);
}

function convertUserContent(parts: readonly UserContentPart[], provider: string): string | OpenAIChatContentPart[] {
  // A single text part goes as a plain string: the form every compatible server accepts.
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  return parts.map((part) => convertUserPart(part, provider));
}

function convertAssistant(parts: readonly AssistantContentPart[], sendReasoningBack: boolean): OpenAIChatMessage {
  const text = parts.filter((part): part is TextPart => part.type === 'text').map((part) => part.text).join('');
  const toolCalls: OpenAIChatToolCall[] = parts
    .filter((part) => part.type === 'tool-call')
    .map((part) => ({ id: fitToolCallId(part.id, OPENAI_TOOL_CALL_IDS), type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } }));
  const reasoning = parts.filter((part) => part.type === 'reasoning').map((part) => part.text).join('');
  if (!toolCalls.length) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text || null,
    tool_calls: toolCalls,
    ...(sendReasoningBack && reasoning ? { reasoning_content: reasoning } : {}),
  };
}

const ATTACHMENTS_FOLLOW = '(The images and documents this tool returned follow in the next user message.)';

const isAttachment = (part: ToolResultContentPart): part is ImagePart | DocumentPart => part.type !== 'text';

/** A tool message's text; when the tool also returned images or documents, where they went. */
function toolMessageText(result: ToolResultPart): string {
  const content = markToolError(result);
  const text = content.filter((part): part is TextPart => part.type === 'text').map((part) => part.text).join('\n');
  if (!content.some(isAttachment)) return text;
  return [text, ATTACHMENTS_FOLLOW].filter(Boolean).join('\n');
}

/**
 * Tool messages carry text only, so images and documents a tool returned follow the results in
 * one user message (each tool message says so): the model still sees them, in the order the
 * calls were made. They have no error flag either: a failed tool's text is marked (markToolError).
 */
function convertToolResults(results: readonly ToolResultPart[], provider: string): OpenAIChatMessage[] {
  const messages: OpenAIChatMessage[] = results.map((result) => ({
    role: 'tool',
    tool_call_id: fitToolCallId(result.toolCallId, OPENAI_TOOL_CALL_IDS),
    content: toolMessageText(result),
  }));
  const attachments = results.flatMap((result) => result.content.filter(isAttachment));
  if (attachments.length) messages.push({ role: 'user', content: attachments.map((part) => convertUserPart(part, provider)) });
  return messages;
}

/** Canonical system prompt and messages to Chat Completions `messages`. */
export function convertToOpenAIChatMessages(system: readonly TextPart[], messages: readonly CanonicalMessage[], options: MessageConversionOptions): OpenAIChatMessage[] {
  const converted: OpenAIChatMessage[] = [];
  // Several system blocks (Claude Code sends a few, with cache_control) become one message.
  if (system.length) converted.push({ role: options.systemRole, content: system.map((part) => part.text).join('\n\n') });
  for (const message of messages) {
    if (message.role === 'user') converted.push({ role: 'user', content: convertUserContent(message.content, options.provider) });
    else if (message.role === 'assistant') converted.push(convertAssistant(message.content, options.sendReasoningBack));
    else converted.push(...convertToolResults(message.content, options.provider));
  }
  return converted;
}
