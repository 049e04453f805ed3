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

/**
 * Like forEachChunk, but hands over what arrived together as one chunk. Node's HTTP parser
 * emits each piece of a chunked body as its own 'data' event (a short streamed answer read
 * in one socket read is 13 of them); what is done per hand-over (decode, split into events,
 * tap, one socket write of chunked framing) is then done once per read, not once per piece.
 * Pieces seen in one turn are joined in a microtask, which runs as soon as the read's
 * callback returns. A failing `onRead` ends the read and rejects with its error.
 */
export async function forEachRead(body: AsyncIterable<Uint8Array> | null, onRead: (chunk: Uint8Array) => void): Promise<void> {
  let pending: Uint8Array[] = [];
  let scheduled = false;
  let failure: { error: unknown } | null = null;
  const flush = () => {
    scheduled = false;
    if (!pending.length || failure) return;
    const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    try {
      onRead(joined);
    } catch (error) {
      failure = { error };
      if (body && isNodeReadable(body)) body.destroy(error as Error);
    }
  };
  try {
    await forEachChunk(body, (chunk) => {
      pending.push(chunk);
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(flush);
    });
  } finally {
    // What arrived before the end (or before the body failed) is handed over first.
    flush();
  }
  if (failure) throw (failure as { error: unknown }).error;
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
