import type {
  AssistantContentPart, CacheControl, CanonicalMessage, DocumentPart, ImagePart, MediaSource, TextPart, ToolResultPart, UserContentPart,
} from '../../../kernel/canonical/request';
import { ANTHROPIC_TOOL_USE_IDS, createToolCallIdFitter, type ToolCallIdFitter } from '../shared/fit-tool-call-ids';
import type {
  AnthropicCacheControl, AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicMediaSource, AnthropicMessage, AnthropicTextBlock,
} from './anthropic-wire-types';
import { mayBeClaudeSignature } from './claude-signature';

function withCacheControl<Block extends object>(block: Block, cacheControl: CacheControl | undefined): Block & { cache_control?: AnthropicCacheControl } {
  return cacheControl ? { ...block, cache_control: { ...cacheControl } } : block;
}

function convertMediaSource(source: MediaSource | { kind: 'text'; text: string }): AnthropicMediaSource {
  if (source.kind === 'base64') return { type: 'base64', media_type: source.mediaType, data: source.data };
  if (source.kind === 'url') return { type: 'url', url: source.url };
  return { type: 'text', media_type: 'text/plain', data: source.text };
}

export function convertTextPart(part: TextPart): AnthropicTextBlock {
  return withCacheControl({ type: 'text', text: part.text }, part.cacheControl);
}

function convertImagePart(part: ImagePart): AnthropicImageBlock {
  return withCacheControl({ type: 'image', source: convertMediaSource(part.source) }, part.cacheControl);
}

function convertDocumentPart(part: DocumentPart): AnthropicDocumentBlock {
  const block = { type: 'document' as const, source: convertMediaSource(part.source), ...(part.title === undefined ? {} : { title: part.title }) };
  return withCacheControl(block, part.cacheControl);
}

/** A user part, or one of a tool's result: Anthropic takes text, images and documents in both. */
function convertUserPart(part: UserContentPart): AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock {
  if (part.type === 'text') return convertTextPart(part);
  if (part.type === 'image') return convertImagePart(part);
  return convertDocumentPart(part);
}

function convertToolResult(part: ToolResultPart, ids: ToolCallIdFitter): AnthropicContentBlock {
  const content = part.content.map(convertUserPart);
  const block = { type: 'tool_result' as const, tool_use_id: ids.result(part.toolCallId), content, ...(part.isError ? { is_error: true } : {}) };
  return withCacheControl(block, part.cacheControl);
}

/**
 * Assistant parts. Thinking blocks go back exactly as they came (Anthropic verifies the
 * signature against the text); reasoning without a signature or redacted data came from
 * another provider and cannot be replayed, so it is dropped and reported.
 */
function convertAssistantPart(part: AssistantContentPart, warnings: string[], ids: ToolCallIdFitter): AnthropicContentBlock | undefined {
  switch (part.type) {
    case 'text':
      // The API rejects empty text blocks; an empty one carries nothing.
      return part.text === '' ? undefined : convertTextPart(part);
    case 'tool-call':
      return { type: 'tool_use', id: ids.call(part.id), name: part.name, input: part.input ?? {} };
    case 'reasoning':
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (mayBeClaudeSignature(part.signature)) return { type: 'thinking', thinking: part.text, signature: part.signature };
      warnings.push('dropped reasoning without an Anthropic signature (it cannot be replayed)');
      return undefined;
  }
}

function convertMessage(message: CanonicalMessage, warnings: string[], ids: ToolCallIdFitter): AnthropicMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content.map(convertUserPart) };
    case 'tool':
      // Anthropic has no tool role: results travel in a user turn as tool_result blocks.
      return { role: 'user', content: message.content.map((part) => convertToolResult(part, ids)) };
    case 'assistant':
      return { role: 'assistant', content: message.content.flatMap((part) => convertAssistantPart(part, warnings, ids) ?? []) };
  }
}

/**
 * Canonical messages to Anthropic turns. Consecutive turns of one role are merged
 * (a tool turn followed by a user turn becomes one user turn, tool results first),
 * and turns left empty are dropped, since the API refuses both.
 */
export function convertToAnthropicMessages(messages: readonly CanonicalMessage[], warnings: string[]): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  // Tool ids Anthropic takes, and no two calls with one id (fit-tool-call-ids.ts).
  const ids = createToolCallIdFitter(ANTHROPIC_TOOL_USE_IDS);
  for (const message of messages) {
    const turn = convertMessage(message, warnings, ids);
    if (turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  return turns;
}
