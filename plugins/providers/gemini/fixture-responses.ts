import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Test support: the recordings in `__fixtures__/` as upstream HTTP responses. */

const FIXTURES = join(import.meta.dirname, '__fixtures__');

export function readFixture(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8');
}

/** A recorded `*.chunks.txt` as the SSE bytes Gemini sent: one `data:` event per line. */
export function sseBytesOf(file: string): string {
  return readFixture(file).split('\n').filter((line) => line.trim() !== '').map((line) => `data: ${line}\r\n\r\n`).join('');
}

export function sseResponse(file: string): Response {
  return new Response(sseBytesOf(file), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}
