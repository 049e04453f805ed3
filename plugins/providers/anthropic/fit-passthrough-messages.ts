import { ANTHROPIC_TOOL_USE_IDS, createToolCallIdFitter, type ToolCallIdFitter } from '../shared/fit-tool-call-ids';
import { mayBeClaudeSignature } from './claude-signature';
import { toolLoopLacksThinking } from './tool-loop-thinking';

type Block = Record<string, unknown> & { type?: unknown; id?: unknown; tool_use_id?: unknown; signature?: unknown };
type Message = Record<string, unknown> & { content?: unknown };

/** A thinking block Claude did not sign: a conversation carried over from another model. */
const foreignThinking = (block: Block) => block?.type === 'thinking' && !mayBeClaudeSignature(block.signature);
const withValue = (block: Block, key: 'id' | 'tool_use_id', value: string): Block => (block[key] === value ? block : { ...block, [key]: value });

/** The block as Anthropic takes it (itself when it needs nothing), or nothing when it cannot go at all. */
function fitBlock(block: Block, ids: ToolCallIdFitter): Block[] {
  if (foreignThinking(block)) return [];
  if (block?.type === 'tool_use' && typeof block.id === 'string') return [withValue(block, 'id', ids.call(block.id))];
  if (block?.type === 'tool_result' && typeof block.tool_use_id === 'string') return [withValue(block, 'tool_use_id', ids.result(block.tool_use_id))];
  return [block];
}

const misfit = (id: unknown) => typeof id === 'string' && !ANTHROPIC_TOOL_USE_IDS.fits(id);

/**
 * Whether anything in the conversation needs fitting: one pass, no copies, as most bodies (a
 * Claude conversation of Claude's own) need nothing and this runs on every passthrough.
 */
function needsFitting(messages: readonly Message[]): boolean {
  const callIds = new Set<unknown>();
  for (const message of messages) {
    if (!Array.isArray(message?.content)) continue;
    for (const block of message.content as Block[]) {
      if (foreignThinking(block)) return true;
      if (block?.type === 'tool_result' && misfit(block.tool_use_id)) return true;
      if (block?.type !== 'tool_use') continue;
      if (misfit(block.id) || callIds.has(block.id)) return true;
      callIds.add(block.id);
    }
  }
  return false;
}

function fitMessage(message: Message, ids: ToolCallIdFitter): Message {
  if (!Array.isArray(message?.content)) return message;
  const blocks = message.content as Block[];
  const content = blocks.flatMap((block) => fitBlock(block, ids));
  return content.length === blocks.length && content.every((block, index) => block === blocks[index]) ? message : { ...message, content };
}

/** The messages fitted, or the same array when none needed it. */
function fitMessages(messages: readonly Message[]): readonly Message[] {
  if (!needsFitting(messages)) return messages;
  const ids = createToolCallIdFitter(ANTHROPIC_TOOL_USE_IDS);
  const fitted = messages.map((message) => fitMessage(message, ids));
  return fitted.every((message, index) => message === messages[index]) ? messages : fitted;
}

const thinkingOn = (thinking: unknown) => (thinking as { type?: unknown } | undefined)?.type !== undefined && (thinking as { type?: unknown }).type !== 'disabled';

/**
 * A passthrough body's messages as Anthropic accepts them, for a client that carried a
 * conversation over from another model: tool_use / tool_result ids fitted (see
 * fit-tool-call-ids.ts; Kimi's `functions.get_weather:0`, an id two calls share), and thinking
 * blocks Claude did not sign left out (as the translated path leaves out reasoning it cannot
 * replay). When the tool call being answered comes without thinking to open it (left out here,
 * or never there: a call DeepSeek or GPT-4.1 made), thinking goes off for this request, as
 * Anthropic would otherwise refuse it (see tool-loop-thinking.ts). The body itself when nothing
 * needed it, and each message itself when it needed nothing.
 */
export function fitPassthroughMessages(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  const fitted = fitMessages(messages as Message[]);
  if (thinkingOn(body.thinking) && toolLoopLacksThinking(fitted)) {
    const { thinking: _off, ...rest } = body;
    return { ...rest, messages: fitted };
  }
  return fitted === messages ? body : { ...body, messages: fitted };
}
