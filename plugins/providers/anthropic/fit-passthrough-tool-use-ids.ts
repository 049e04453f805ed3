import { ANTHROPIC_TOOL_USE_IDS, fitToolCallId } from '../shared/fit-tool-call-ids';

type Block = Record<string, unknown> & { type?: unknown; id?: unknown; tool_use_id?: unknown };
type Message = Record<string, unknown> & { content?: unknown };

const misfit = (id: unknown) => typeof id === 'string' && !ANTHROPIC_TOOL_USE_IDS.fits(id);
const blockNeedsFitting = (block: Block) => (block?.type === 'tool_use' && misfit(block.id)) || (block?.type === 'tool_result' && misfit(block.tool_use_id));
const needsFitting = (message: Message) => Array.isArray(message?.content) && (message.content as Block[]).some(blockNeedsFitting);

function fitBlock(block: Block): Block {
  if (!blockNeedsFitting(block)) return block;
  return block.type === 'tool_use' ? { ...block, id: fitToolCallId(block.id as string, ANTHROPIC_TOOL_USE_IDS) } : { ...block, tool_use_id: fitToolCallId(block.tool_use_id as string, ANTHROPIC_TOOL_USE_IDS) };
}

/**
 * A passthrough body's tool_use / tool_result ids fitted to what Anthropic accepts (see
 * fit-tool-call-ids.ts): a client that carried a conversation over from another model (Kimi's
 * `functions.get_weather:0`) keeps going. The body itself when none needed it.
 */
export function withFittedToolUseIds(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || !(messages as Message[]).some(needsFitting)) return body;
  return { ...body, messages: (messages as Message[]).map((message) => (needsFitting(message) ? { ...message, content: (message.content as Block[]).map(fitBlock) } : message)) };
}
