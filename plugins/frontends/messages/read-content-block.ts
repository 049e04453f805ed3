import type { AssistantContentPart, CacheControl, DocumentPart, ImagePart, MediaSource, TextPart, ToolResultPart, UserContentPart } from '../../../kernel/canonical/request';
import { fieldPath, isJsonObject, type JsonObject } from '../shared/wire-reader';
import { messagesReader as reader } from './errors';

/**
 * One Anthropic content block → one canonical part. The rule for blocks the canonical
 * request cannot express (server-tool blocks such as `server_tool_use` or
 * `web_search_tool_result`, `container_upload`, `search_result`, image/document `file`
 * sources, block types added after this was written): they return `undefined` and are
 * dropped on translation; on native passthrough the raw body keeps them. A malformed
 * block of a type we know is a 400 naming the field.
 */

export type UserBlockPart = UserContentPart | ToolResultPart;

/** Cache kinds other than `ephemeral` (none exist yet) are dropped rather than refused. */
export function readCacheControl(value: unknown, param: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const cacheControl = reader.object(value, param);
  if (cacheControl.type !== 'ephemeral') return undefined;
  const ttl = cacheControl.ttl === '5m' || cacheControl.ttl === '1h' ? cacheControl.ttl : undefined;
  return ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}

function withCacheControl<Part extends object>(part: Part, block: JsonObject, param: string): Part {
  const cacheControl = readCacheControl(block.cache_control, fieldPath(param, 'cache_control'));
  return cacheControl ? { ...part, cacheControl } : part;
}

export function readTextBlock(block: JsonObject, param: string): TextPart {
  return withCacheControl<TextPart>({ type: 'text', text: reader.string(block.text, fieldPath(param, 'text')) }, block, param);
}

function readMediaSource(source: JsonObject, param: string): MediaSource | undefined {
  if (source.type === 'base64') {
    return { kind: 'base64', mediaType: reader.string(source.media_type, fieldPath(param, 'media_type')), data: reader.string(source.data, fieldPath(param, 'data')) };
  }
  if (source.type === 'url') return { kind: 'url', url: reader.string(source.url, fieldPath(param, 'url')) };
  return undefined;
}

function readImageBlock(block: JsonObject, param: string): ImagePart | undefined {
  const sourceParam = fieldPath(param, 'source');
  const source = readMediaSource(reader.object(block.source, sourceParam), sourceParam);
  return source && withCacheControl<ImagePart>({ type: 'image', source }, block, param);
}

/** Anthropic's `content` document source is a list of blocks; its text is what a model can use. */
function readDocumentSource(source: JsonObject, param: string): DocumentPart['source'] | undefined {
  if (source.type === 'text') return { kind: 'text', text: reader.string(source.data, fieldPath(param, 'data')) };
  if (source.type === 'url') return { kind: 'url', url: reader.string(source.url, fieldPath(param, 'url')), mediaType: 'application/pdf' };
  if (source.type === 'content') {
    if (typeof source.content === 'string') return { kind: 'text', text: source.content };
    const blocks = reader.array(source.content, fieldPath(param, 'content'));
    return { kind: 'text', text: blocks.flatMap((block) => (isJsonObject(block) && block.type === 'text' && typeof block.text === 'string' ? [block.text] : [])).join('\n') };
  }
  return readMediaSource(source, param);
}

function readDocumentBlock(block: JsonObject, param: string): DocumentPart | undefined {
  const sourceParam = fieldPath(param, 'source');
  const source = readDocumentSource(reader.object(block.source, sourceParam), sourceParam);
  if (!source) return undefined;
  const title = reader.optionalString(block.title, fieldPath(param, 'title'));
  return withCacheControl<DocumentPart>({ type: 'document', source, ...(title === undefined ? {} : { title }) }, block, param);
}

/** Tool results carry text and images; other block kinds inside them follow the drop rule. */
function readToolResultContent(value: unknown, param: string): ToolResultPart['content'] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return reader.array(value, param).flatMap((item, index): (TextPart | ImagePart)[] => {
    const itemParam = fieldPath(param, index);
    const block = reader.object(item, itemParam);
    if (block.type === 'text') return [readTextBlock(block, itemParam)];
    const image = block.type === 'image' ? readImageBlock(block, itemParam) : undefined;
    return image ? [image] : [];
  });
}

function readToolResultBlock(block: JsonObject, param: string, toolNames: ReadonlyMap<string, string>): ToolResultPart {
  const toolCallId = reader.string(block.tool_use_id, fieldPath(param, 'tool_use_id'));
  const isError = reader.optionalBoolean(block.is_error, fieldPath(param, 'is_error'));
  const toolName = toolNames.get(toolCallId);
  return withCacheControl<ToolResultPart>({
    type: 'tool-result',
    toolCallId,
    ...(toolName === undefined ? {} : { toolName }),
    content: readToolResultContent(block.content, fieldPath(param, 'content')),
    ...(isError === undefined ? {} : { isError }),
  }, block, param);
}

const USER_ONLY = new Set(['image', 'document', 'tool_result']);
const ASSISTANT_ONLY = new Set(['tool_use', 'thinking', 'redacted_thinking']);

function blockType(block: JsonObject, param: string, role: 'user' | 'assistant'): string {
  const type = reader.string(block.type, fieldPath(param, 'type'));
  const misplaced = role === 'user' ? ASSISTANT_ONLY.has(type) : USER_ONLY.has(type);
  if (misplaced) reader.fail(fieldPath(param, 'type'), `a ${type} block cannot appear in a ${role} message`);
  return type;
}

export function readUserBlock(value: unknown, param: string, toolNames: ReadonlyMap<string, string>): UserBlockPart | undefined {
  const block = reader.object(value, param);
  switch (blockType(block, param, 'user')) {
    case 'text': return readTextBlock(block, param);
    case 'image': return readImageBlock(block, param);
    case 'document': return readDocumentBlock(block, param);
    case 'tool_result': return readToolResultBlock(block, param, toolNames);
    default: return undefined;
  }
}

export function readAssistantBlock(value: unknown, param: string): AssistantContentPart | undefined {
  const block = reader.object(value, param);
  switch (blockType(block, param, 'assistant')) {
    case 'text': return readTextBlock(block, param);
    case 'thinking': {
      const signature = reader.optionalString(block.signature, fieldPath(param, 'signature'));
      return { type: 'reasoning', text: reader.string(block.thinking, fieldPath(param, 'thinking')), ...(signature === undefined ? {} : { signature }) };
    }
    case 'redacted_thinking': return { type: 'reasoning', text: '', redactedData: reader.string(block.data, fieldPath(param, 'data')) };
    case 'tool_use': return {
      type: 'tool-call',
      id: reader.string(block.id, fieldPath(param, 'id')),
      name: reader.string(block.name, fieldPath(param, 'name')),
      input: reader.object(block.input, fieldPath(param, 'input')),
    };
    default: return undefined;
  }
}
