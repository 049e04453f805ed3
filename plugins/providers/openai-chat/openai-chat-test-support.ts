import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamPart } from '../../../kernel/canonical/stream';

/** Test support for the Chat Completions family: its recordings as SSE bodies, and stream summaries. */

export function readFixture(file: string): string {
  return readFileSync(join(import.meta.dirname, '__fixtures__', file), 'utf8');
}

/** A recorded `*.chunks.txt` as the SSE bytes the upstream sent, `data: [DONE]` included. */
export function sseTextOf(file: string, options: { done?: boolean } = {}): string {
  const events = readFixture(file).split('\n').filter((line) => line.trim() !== '').map((line) => `data: ${line}\n\n`);
  return events.join('') + (options.done === false ? '' : 'data: [DONE]\n\n');
}

/** A body that delivers `text` in pieces of `size` bytes, so parsers see chunks split anywhere. */
export function chunkedBody(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

export function sseResponse(text: string, init: ResponseInit = {}): Response {
  return new Response(chunkedBody(text), { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

export interface StreamBlock {
  kind: 'text' | 'reasoning' | 'tool-call';
  index: number;
  text: string;
  id?: string;
  name?: string;
}

export interface StreamSummary {
  readonly messageStarts: number;
  readonly blocks: StreamBlock[];
  readonly finish?: Extract<StreamPart, { type: 'finish' }>;
  readonly errors: Extract<StreamPart, { type: 'error' }>['error'][];
}

/**
 * Folds parts into blocks, failing on any part out of place: a delta or end for a block
 * that is not open, a block opened twice or never closed, anything after finish or error.
 */
export function summarizeParts(parts: readonly StreamPart[]): StreamSummary {
  const summary: { messageStarts: number; blocks: StreamBlock[]; finish?: StreamSummary['finish']; errors: StreamSummary['errors'] } = { messageStarts: 0, blocks: [], errors: [] };
  const open = new Map<number, StreamBlock>();
  const openBlock = (block: StreamBlock) => {
    if (open.has(block.index) || summary.blocks.some((seen) => seen.index === block.index)) throw new Error(`block ${block.index} opened twice`);
    // The canonical stream has one block open at a time (Anthropic's and the Responses API's streams need it).
    if (open.size) throw new Error(`block ${block.index} opened while block ${[...open.keys()].join(', ')} is open`);
    open.set(block.index, block);
    summary.blocks.push(block);
  };
  const blockAt = (index: number) => {
    const block = open.get(index);
    if (!block) throw new Error(`part for block ${index} that is not open`);
    return block;
  };
  for (const part of parts) {
    if (summary.finish || summary.errors.length) throw new Error(`${part.type} after the end of the stream`);
    switch (part.type) {
      case 'message-start': summary.messageStarts += 1; break;
      case 'text-start': openBlock({ kind: 'text', index: part.index, text: '' }); break;
      case 'reasoning-start': openBlock({ kind: 'reasoning', index: part.index, text: '' }); break;
      case 'tool-call-start': openBlock({ kind: 'tool-call', index: part.index, text: '', id: part.id, name: part.name }); break;
      case 'text-delta': case 'reasoning-delta': blockAt(part.index).text += part.text; break;
      case 'tool-input-delta': blockAt(part.index).text += part.json; break;
      case 'text-end': case 'reasoning-end': case 'tool-call-end': blockAt(part.index); open.delete(part.index); break;
      case 'finish': summary.finish = part; break;
      case 'error': summary.errors.push(part.error); break;
      default: break;
    }
  }
  if (summary.finish && open.size) throw new Error(`finished with blocks still open: ${[...open.keys()].join(', ')}`);
  return summary;
}
