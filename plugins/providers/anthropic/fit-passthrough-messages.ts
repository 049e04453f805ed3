import { isOpenAIReasoningSignature } from '../openai-responses/reasoning-signature';
import { ANTHROPIC_TOOL_USE_IDS, fitToolCallId } from '../shared/fit-tool-call-ids';
import { toolLoopLacksThinking } from './tool-loop-thinking';

type Block = Record<string, unknown> & { type?: unknown; id?: unknown; tool_use_id?: unknown; signature?: unknown };
type Message = Record<string, unknown> & { content?: unknown };

const misfit = (id: unknown) => typeof id === 'string' && !ANTHROPIC_TOOL_USE_IDS.fits(id);
/**
 * A thinking block Claude did not sign (a conversation carried over from another model): no
 * signature (DeepSeek's or Kimi's reasoning, shown as thinking with an empty one) or OpenAI's
 * reasoning riding in it. Anthropic refuses either as an invalid signature.
 */
const foreignThinking = (block: Block) => block?.type === 'thinking' && (typeof block.signature !== 'string' || !block.signature || isOpenAIReasoningSignature(block.signature));
const blockNeedsChange = (block: Block) => (block?.type === 'tool_use' && misfit(block.id)) || (block?.type === 'tool_result' && misfit(block.tool_use_id)) || foreignThinking(block);
const needsChange = (message: Message) => Array.isArray(message?.content) && (message.content as Block[]).some(blockNeedsChange);

/** The block as Anthropic takes it, or nothing when it cannot go at all. */
function fitBlock(block: Block): Block[] {
  if (!blockNeedsChange(block)) return [block];
  if (block.type === 'thinking') return [];
  return [block.type === 'tool_use' ? { ...block, id: fitToolCallId(block.id as string, ANTHROPIC_TOOL_USE_IDS) } : { ...block, tool_use_id: fitToolCallId(block.tool_use_id as string, ANTHROPIC_TOOL_USE_IDS) }];
}

/**
 * A passthrough body's messages as Anthropic accepts them, for a client that carried a
 * conversation over from another model: tool_use / tool_result ids fitted (see
 * fit-tool-call-ids.ts; Kimi's `functions.get_weather:0`), and thinking blocks Claude did not
 * sign left out (as the translated path leaves out reasoning it cannot replay). When that
 * leaves the tool call being answered without thinking to open it, thinking goes off for this
 * request, as Anthropic would otherwise refuse it (see tool-loop-thinking.ts).
 * The body itself when nothing needed it.
 */
export function fitPassthroughMessages(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || !(messages as Message[]).some(needsChange)) return body;
  const fitted = (messages as Message[]).map((message) => (needsChange(message) ? { ...message, content: (message.content as Block[]).flatMap(fitBlock) } : message));
  const { thinking, ...rest } = body;
  const thinkingOn = (thinking as { type?: unknown } | undefined)?.type !== undefined && (thinking as { type?: unknown }).type !== 'disabled';
  return thinkingOn && toolLoopLacksThinking(fitted) ? { ...rest, messages: fitted } : { ...body, messages: fitted };
}
