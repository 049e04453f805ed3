import { createHash } from 'node:crypto';

/**
 * Everything the simulator invents (ids, signatures, vectors, scores) derives from a hash of
 * the request, so the same request always gets the same answer, byte for byte.
 */

/** `created` timestamp of every scripted answer (2026-01-01T00:00:00Z): a clock would break determinism. */
export const SIMULATED_CREATED_AT = 1_767_225_600;

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable id of `length` alphanumeric characters derived from `seed`. */
export function deterministicId(seed: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = createHash('sha512').update(seed).digest();
  let id = '';
  for (let index = 0; index < length; index += 1) id += alphabet[bytes[index % bytes.length]! % alphabet.length];
  return id;
}

/** An opaque base64 signature, shaped like the providers' thinking / thought signatures. */
export function deterministicSignature(seed: string): string {
  return createHash('sha512').update(`signature:${seed}`).digest('base64');
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  let state = Number.parseInt(hashText(seed).slice(0, 8), 16);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The simulator's tokenizer: about four characters a token, like the providers' rule of thumb. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/** The part of a request that decides its answer: streamed or not, the content is the same. */
export function answerKey(body: Record<string, unknown>): string {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body;
  return JSON.stringify(rest);
}
