import type { Readable } from 'node:stream';

function isNodeReadable(body: AsyncIterable<Uint8Array>): body is Readable & AsyncIterable<Uint8Array> {
  return typeof (body as Partial<Readable>).on === 'function' && typeof (body as Partial<Readable>).resume === 'function';
}

/**
 * Hands each chunk of a passthrough body to `onChunk` as it arrives, resolving at its end and
 * rejecting when it fails. A Node stream is read through its events: its async iterator
 * costs a promise and a few ticks per chunk, on every request.
 */
export async function forEachChunk(body: AsyncIterable<Uint8Array> | null, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  if (!body) return;
  if (!isNodeReadable(body)) {
    for await (const chunk of body) onChunk(chunk);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    body.on('data', onChunk);
    body.once('end', resolve);
    body.once('error', reject);
    // A stream destroyed without an error (an abort that tore the socket down) never ends.
    body.once('close', () => (body.readableEnded ? resolve() : reject(new Error('the upstream body closed before it ended'))));
  });
}

/** Reads a passthrough body to its end (none reads as empty), showing each chunk to `onChunk` first. */
export async function readPassthroughBody(body: AsyncIterable<Uint8Array> | null, onChunk?: (chunk: Uint8Array) => void): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await forEachChunk(body, (chunk) => {
    onChunk?.(chunk);
    chunks.push(chunk);
  });
  return chunks.length === 1 && Buffer.isBuffer(chunks[0]) ? chunks[0] : Buffer.concat(chunks);
}
