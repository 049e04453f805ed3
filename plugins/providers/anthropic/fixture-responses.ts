import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamPart } from '../../../kernel/canonical/stream';

/** Test support: the recordings in `__fixtures__/` as upstream HTTP responses, and a summary of stream parts. */

const FIXTURES = join(import.meta.dirname, '__fixtures__');

export function readFixture(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8');
}

/** A recorded `*.chunks.txt` as the SSE bytes Anthropic sent (`event:` equals the payload's `type`). */
export function sseBytesOf(file: string): string {
  return readFixture(file)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('');
}

export function sseResponse(file: string, init: ResponseInit = {}): Response {
  return new Response(sseBytesOf(file), { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

export interface StreamSummary {
  readonly messageStarts: number;
  readonly blocks: { kind: string; id?: string; name?: string; text: string; signature?: string; redactedData?: string }[];
  readonly finish?: Extract<StreamPart, { type: 'finish' }>;
  readonly errors: Extract<StreamPart, { type: 'error' }>['error'][];
  readonly lastUsage?: Extract<StreamPart, { type: 'usage' }>['usage'];
}

/** Folds parts by block index, checking as it goes that every delta belongs to an open block. */
export function summarizeParts(parts: readonly StreamPart[]): StreamSummary {
  const summary: { -readonly [K in keyof StreamSummary]: StreamSummary[K] } = { messageStarts: 0, blocks: [], errors: [] };
  const open = new Map<number, StreamSummary['blocks'][number]>();
  const blockAt = (index: number) => {
    const block = open.get(index);
    if (!block) throw new Error(`part for block ${index} that is not open`);
    return block;
  };
  for (const part of parts) {
    switch (part.type) {
      case 'message-start': summary.messageStarts += 1; break;
      case 'text-start': open.set(part.index, { kind: 'text', text: '' }); summary.blocks.push(open.get(part.index)!); break;
      case 'reasoning-start': open.set(part.index, { kind: 'reasoning', text: '', ...(part.redactedData === undefined ? {} : { redactedData: part.redactedData }) }); summary.blocks.push(open.get(part.index)!); break;
      case 'tool-call-start': open.set(part.index, { kind: 'tool-call', id: part.id, name: part.name, text: '' }); summary.blocks.push(open.get(part.index)!); break;
      case 'text-delta': case 'reasoning-delta': blockAt(part.index).text += part.text; break;
      case 'tool-input-delta': blockAt(part.index).text += part.json; break;
      case 'reasoning-signature': blockAt(part.index).signature = part.signature; break;
      case 'text-end': case 'reasoning-end': case 'tool-call-end': blockAt(part.index); open.delete(part.index); break;
      case 'usage': summary.lastUsage = part.usage; break;
      case 'finish': summary.finish = part; break;
      case 'error': summary.errors.push(part.error); break;
    }
  }
  if (open.size) throw new Error(`blocks left open: ${[...open.keys()].join(', ')}`);
  return summary;
}
