import type { Readable } from 'node:stream';
import type { PassthroughResponse, TapResult, UsageTap } from './provider';
import type { UpstreamErrorInfo } from './stream';

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

/**
 * Why a body stopped before its end. An abort errors the body with the signal's reason: a
 * deadline's is a TimeoutError, reported as a timeout like one that passed before the head.
 */
export function bodyInterruption(error: unknown, status: number): UpstreamErrorInfo {
  if ((error as { name?: unknown } | null)?.name === 'TimeoutError') return { kind: 'timeout', message: (error as Error).message, status };
  return { kind: 'connection', message: 'the upstream closed the connection before the body ended', status };
}

/** A whole (non-streamed) passthrough answer, read as far as it came and tapped. */
export interface WholeBody {
  readonly bytes: Buffer;
  readonly tapped: TapResult;
  /** Why the body stopped before its end; null when it came whole. */
  readonly interrupted: UpstreamErrorInfo | null;
}

/** Reads a passthrough answer to its end through its tap; a body that stops short says why instead of throwing. */
export async function readWholeBody(response: PassthroughResponse, tap: UsageTap): Promise<WholeBody> {
  let interrupted: UpstreamErrorInfo | null = null;
  const bytes = await readPassthroughBody(response.body, (chunk) => tap.write(chunk)).catch((error: unknown) => {
    interrupted = bodyInterruption(error, response.status);
    return Buffer.alloc(0);
  });
  return { bytes, tapped: tap.end(), interrupted };
}
