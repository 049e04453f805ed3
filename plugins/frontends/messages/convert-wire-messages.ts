import type { AssistantContentPart, CanonicalMessage, TextPart, ToolResultPart, TranslationBlocker, UserContentPart } from '../../../kernel/canonical/request';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { messagesReader as reader } from './errors';
import { type BlockContext, readAssistantBlock, readTextBlock, readUserBlock, type UserBlockPart } from './read-content-block';

export interface ConvertedMessages {
  /** Text of `role: "system"` entries found inside `messages`, in order. */
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
}

/** `system` (top level, or a `role: "system"` entry): a string or a list of text blocks. */
export function readSystemContent(value: unknown, param: string): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return reader.array(value, param).map((item, index) => {
    const blockParam = fieldPath(param, index);
    const block = reader.object(item, blockParam);
    if (block.type !== 'text') reader.fail(fieldPath(blockParam, 'type'), 'system blocks must be of type "text"');
    return readTextBlock(block, blockParam);
  });
}

function contentBlocks(value: unknown, param: string): readonly unknown[] {
  return typeof value === 'string' ? [{ type: 'text', text: value }] : reader.array(value, param);
}

/**
 * A user turn may mix tool results and other content. Canonical keeps results in their own
 * `tool` message, so each run of results and each run of other parts becomes one message,
 * in the order the client wrote them.
 */
function splitUserParts(parts: readonly UserBlockPart[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  let run: UserBlockPart[] = [];
  const flush = () => {
    if (!run.length) return;
    messages.push(run[0]!.type === 'tool-result'
      ? { role: 'tool', content: run as ToolResultPart[] }
      : { role: 'user', content: run as UserContentPart[] });
    run = [];
  };
  for (const part of parts) {
    if (run.length && (run[0]!.type === 'tool-result') !== (part.type === 'tool-result')) flush();
    run.push(part);
  }
  flush();
  return messages;
}

function convertAssistant(content: readonly unknown[], param: string, context: BlockContext): CanonicalMessage[] {
  const parts = content.flatMap((block, index) => readAssistantBlock(block, fieldPath(param, index), context) ?? []);
  for (const part of parts) if (part.type === 'tool-call') context.toolNames.set(part.id, part.name);
  // A turn whose every block was dropped (only server-tool blocks, say) would be an empty message.
  return parts.length ? [{ role: 'assistant', content: parts as AssistantContentPart[] }] : [];
}

function convertUser(content: readonly unknown[], param: string, context: BlockContext): CanonicalMessage[] {
  return splitUserParts(content.flatMap((block, index) => readUserBlock(block, fieldPath(param, index), context) ?? []));
}

/**
 * Anthropic `messages` → canonical messages. `role: "system"` entries (sent by some clients
 * although the API documents only a top-level `system`) are folded into the system prompt.
 * Tool results get their tool's name from the matching `tool_use` earlier in the conversation.
 * What only native passthrough can serve is noted in `blockers`.
 */
export function convertWireMessages(value: unknown, blockers: TranslationBlocker[]): ConvertedMessages {
  const list = reader.array(value, 'messages');
  if (!list.length) reader.fail('messages', 'must contain at least one message');
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const context: BlockContext = { toolNames: new Map(), blockers };
  list.forEach((item, index) => {
    const param = fieldPath('messages', index);
    const message: JsonObject = reader.object(item, param);
    const role = reader.optionalChoice(message.role, fieldPath(param, 'role'), ['user', 'assistant', 'system'] as const) ?? reader.fail(fieldPath(param, 'role'), 'is required');
    const contentParam = fieldPath(param, 'content');
    if (role === 'system') system.push(...readSystemContent(message.content, contentParam));
    else if (role === 'assistant') messages.push(...convertAssistant(contentBlocks(message.content, contentParam), contentParam, context));
    else messages.push(...convertUser(contentBlocks(message.content, contentParam), contentParam, context));
  });
  return { system, messages };
}
