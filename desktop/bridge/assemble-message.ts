import type { StreamPart } from '../../kernel/canonical/stream';
import type { MessageBlock, ToolCallStatus } from './bridge-contract';

/**
 * Folds one canonical stream part into a message's blocks. Pure, so core (which keeps
 * the transcript) and the renderer (which draws the stream as it comes) build the same
 * message from the same parts. Blocks are kept in stream `index` order.
 */
export interface AssemblyState {
  readonly blocks: readonly MessageBlock[];
  /** Stream index -> position in `blocks`. */
  readonly positions: Readonly<Record<number, number>>;
  /** Tool-call index -> raw JSON arguments received so far. */
  readonly toolInput: Readonly<Record<number, string>>;
  readonly error?: string;
}

export const EMPTY_ASSEMBLY: AssemblyState = { blocks: [], positions: {}, toolInput: {} };

function openBlock(state: AssemblyState, index: number, block: MessageBlock): AssemblyState {
  return { ...state, blocks: [...state.blocks, block], positions: { ...state.positions, [index]: state.blocks.length } };
}

function updateBlock(state: AssemblyState, index: number, update: (block: MessageBlock) => MessageBlock): AssemblyState {
  const position = state.positions[index];
  const block = position === undefined ? undefined : state.blocks[position];
  if (position === undefined || !block) return state;
  const blocks = [...state.blocks];
  blocks[position] = update(block);
  return { ...state, blocks };
}

function appendText(block: MessageBlock, text: string): MessageBlock {
  return block.type === 'tool-call' ? block : { ...block, text: block.text + text };
}

function parseToolInput(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

export function applyStreamPart(state: AssemblyState, part: StreamPart): AssemblyState {
  switch (part.type) {
    case 'text-start':
      return openBlock(state, part.index, { type: 'text', text: '' });
    case 'reasoning-start':
      return openBlock(state, part.index, { type: 'reasoning', text: '' });
    case 'text-delta':
    case 'reasoning-delta':
      return updateBlock(state, part.index, (block) => appendText(block, part.text));
    case 'tool-call-start':
      return { ...openBlock(state, part.index, { type: 'tool-call', id: part.id, name: part.name, input: {}, status: 'streaming' }), toolInput: { ...state.toolInput, [part.index]: '' } };
    case 'tool-input-delta': {
      const json = (state.toolInput[part.index] ?? '') + part.json;
      return { ...updateBlock(state, part.index, (block) => (block.type === 'tool-call' ? { ...block, input: parseToolInput(json) } : block)), toolInput: { ...state.toolInput, [part.index]: json } };
    }
    case 'tool-call-end':
      return updateBlock(state, part.index, (block) => (block.type === 'tool-call' ? { ...block, input: parseToolInput(state.toolInput[part.index] ?? ''), status: 'running' } : block));
    case 'error':
      return { ...state, error: part.error.message };
    default:
      return state;
  }
}

/** A new model call of the same turn (after tool results): its part indexes start again at 0. */
export function startStep(state: AssemblyState): AssemblyState {
  return { ...state, positions: {}, toolInput: {} };
}

/** Updates the tool-call block with this id (approval asked, result in). */
export function updateToolCall(state: AssemblyState, callId: string, change: { status: ToolCallStatus; result?: string; isError?: boolean }): AssemblyState {
  return { ...state, blocks: state.blocks.map((block) => (block.type === 'tool-call' && block.id === callId ? { ...block, ...change } : block)) };
}

/** The message text of a finished assistant turn (for titles, search and the canonical history). */
export function textOf(blocks: readonly MessageBlock[]): string {
  return blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}
