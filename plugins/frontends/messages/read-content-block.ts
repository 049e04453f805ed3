import type { AssistantContentPart, CacheControl, DocumentPart, ImagePart, MediaSource, TextPart, ToolResultContentPart, ToolResultPart, TranslationBlocker, UserContentPart } from '../../../kernel/canonical/request';
import { fieldPath, isJsonObject, type JsonObject } from '../shared/wire-reader';
import { messagesReader as reader } from './errors';

/**
 * One Anthropic content block → one canonical part, or `undefined` when the canonical request
 * cannot express it. What the model would miss (a block type or source this reader does not
 * translate: `search_result`, `container_upload`, Files API `file` sources, types added after
 * this was written) is also noted as a translation blocker: native passthrough sends the raw
 * body to Anthropic, which serves it, and a translated call is refused rather than answered
 * without it. Records of Anthropic server-tool runs in an assistant turn are only dropped (see
 * SERVER_TOOL_RECORDS). A malformed block of a type we know is a 400 naming the field.
 */

/** What reading blocks needs besides the block: tool names for results, and where blockers go. */
export interface BlockContext {
  readonly toolNames: Map<string, string>;
  readonly blockers: TranslationBlocker[];
}

/** Notes what only native passthrough serves; returns nothing, for `return blockTranslation(…)`. */
export function blockTranslation(blockers: TranslationBlocker[], param: string, reason: string): undefined {
  blockers.push({ param, reason });
  return undefined;
}

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

/** A source no other provider can read: a Files API id, or a kind added after this was written. */
function blockUnreadableSource(source: JsonObject, param: string, what: 'image' | 'document', blockers: TranslationBlocker[]): undefined {
  const typeParam = fieldPath(param, 'type');
  const type = reader.string(source.type, typeParam);
  const alternatives = what === 'image' ? 'base64 or url' : 'base64, url or text';
  return blockTranslation(blockers, typeParam, type === 'file'
    ? `file sources are served by Anthropic's Files API only; send the ${what} as ${alternatives}`
    : `source type "${type}" is not one the gateway translates; send the ${what} as ${alternatives}`);
}

function readImageBlock(block: JsonObject, param: string, blockers: TranslationBlocker[]): ImagePart | undefined {
  const sourceParam = fieldPath(param, 'source');
  const wireSource = reader.object(block.source, sourceParam);
  const source = readMediaSource(wireSource, sourceParam);
  if (!source) return blockUnreadableSource(wireSource, sourceParam, 'image', blockers);
  return withCacheControl<ImagePart>({ type: 'image', source }, block, param);
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

function readDocumentBlock(block: JsonObject, param: string, blockers: TranslationBlocker[]): DocumentPart | undefined {
  const sourceParam = fieldPath(param, 'source');
  const wireSource = reader.object(block.source, sourceParam);
  const source = readDocumentSource(wireSource, sourceParam);
  if (!source) return blockUnreadableSource(wireSource, sourceParam, 'document', blockers);
  const title = reader.optionalString(block.title, fieldPath(param, 'title'));
  return withCacheControl<DocumentPart>({ type: 'document', source, ...(title === undefined ? {} : { title }) }, block, param);
}

/** The tag list of Anthropic's own 400 for an unknown block, narrowed to what the gateway translates. */
function blockUnknownType(blockers: TranslationBlocker[], param: string, type: string, expected: readonly string[]): undefined {
  const tags = expected.map((tag) => `'${tag}'`).join(', ');
  return blockTranslation(blockers, fieldPath(param, 'type'), `Input tag '${type}' found using 'type' does not match any of the expected tags: ${tags}; other block types reach Anthropic's models only`);
}

const TOOL_RESULT_TYPES = ['text', 'image', 'document'] as const;

function readToolResultItem(block: JsonObject, param: string, blockers: TranslationBlocker[]): ToolResultContentPart | undefined {
  const type = reader.string(block.type, fieldPath(param, 'type'));
  switch (type) {
    case 'text': return readTextBlock(block, param);
    case 'image': return readImageBlock(block, param, blockers);
    case 'document': return readDocumentBlock(block, param, blockers);
    default: return blockUnknownType(blockers, param, type, TOOL_RESULT_TYPES);
  }
}

/** Tool results carry text, images and documents; anything else in them (search results) blocks translation. */
function readToolResultContent(value: unknown, param: string, blockers: TranslationBlocker[]): ToolResultPart['content'] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return reader.array(value, param).flatMap((item, index) => {
    const itemParam = fieldPath(param, index);
    const part = readToolResultItem(reader.object(item, itemParam), itemParam, blockers);
    return part ? [part] : [];
  });
}

function readToolResultBlock(block: JsonObject, param: string, context: BlockContext): ToolResultPart {
  const toolCallId = reader.string(block.tool_use_id, fieldPath(param, 'tool_use_id'));
  const isError = reader.optionalBoolean(block.is_error, fieldPath(param, 'is_error'));
  const toolName = context.toolNames.get(toolCallId);
  return withCacheControl<ToolResultPart>({
    type: 'tool-result',
    toolCallId,
    ...(toolName === undefined ? {} : { toolName }),
    content: readToolResultContent(block.content, fieldPath(param, 'content'), context.blockers),
    ...(isError === undefined ? {} : { isError }),
  }, block, param);
}

const USER_ONLY = new Set(['image', 'document', 'tool_result']);
const ASSISTANT_ONLY = new Set(['tool_use', 'thinking', 'redacted_thinking']);
const USER_TYPES = ['text', ...USER_ONLY];
const ASSISTANT_TYPES = ['text', ...ASSISTANT_ONLY];

/**
 * Records, in an earlier assistant turn, of tools Anthropic's servers ran (web search, web
 * fetch, code execution, tool search, the MCP connector). The turn's own text carries what
 * came of them, and no other model can take them, so a translated call leaves them out, as it
 * does Claude's thinking signatures: a conversation can move to another model once the client
 * stops offering the server tool (offering it blocks translation, see parse-messages-request).
 */
const SERVER_TOOL_RECORDS = new Set([
  'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result',
  'mcp_tool_use', 'mcp_tool_result',
]);

function blockType(block: JsonObject, param: string, role: 'user' | 'assistant'): string {
  const type = reader.string(block.type, fieldPath(param, 'type'));
  const misplaced = role === 'user' ? ASSISTANT_ONLY.has(type) : USER_ONLY.has(type);
  if (misplaced) reader.fail(fieldPath(param, 'type'), `a ${type} block cannot appear in a ${role} message`);
  return type;
}

export function readUserBlock(value: unknown, param: string, context: BlockContext): UserBlockPart | undefined {
  const block = reader.object(value, param);
  const type = blockType(block, param, 'user');
  switch (type) {
    case 'text': return readTextBlock(block, param);
    case 'image': return readImageBlock(block, param, context.blockers);
    case 'document': return readDocumentBlock(block, param, context.blockers);
    case 'tool_result': return readToolResultBlock(block, param, context);
    default: return blockUnknownType(context.blockers, param, type, USER_TYPES);
  }
}

export function readAssistantBlock(value: unknown, param: string, context: BlockContext): AssistantContentPart | undefined {
  const block = reader.object(value, param);
  const type = blockType(block, param, 'assistant');
  switch (type) {
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
    default: return SERVER_TOOL_RECORDS.has(type) ? undefined : blockUnknownType(context.blockers, param, type, ASSISTANT_TYPES);
  }
}
