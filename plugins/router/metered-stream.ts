import type { StreamPart, UpstreamErrorInfo } from '../../kernel/canonical/stream';
import { TextTokenCounter } from '../../kernel/canonical/estimate-tokens';
import { type Usage, makeUsage } from '../../kernel/canonical/usage';

/** How a metered stream ended, which decides what is billed. */
export type StreamOutcome =
  | { readonly kind: 'finished'; readonly usage: Usage | null; readonly upstreamModel: string | undefined; readonly deliveredTokens: number; readonly firstTokenMs: number | null }
  | { readonly kind: 'failed'; readonly error: UpstreamErrorInfo; readonly firstTokenMs: number | null }
  /** The client stopped reading: bill what was delivered. */
  | { readonly kind: 'cancelled'; readonly usage: Usage | null; readonly upstreamModel: string | undefined; readonly deliveredTokens: number; readonly firstTokenMs: number | null };

const CONTENT_PARTS = new Set<StreamPart['type']>(['text-delta', 'reasoning-delta', 'tool-input-delta']);

/**
 * Wraps a provider stream without changing it, watching usage, delivered content and how it
 * ended; `onDone` runs exactly once (settle or release) before the wrapper completes, so a
 * consumer that finished iterating can read the settled figure straight away.
 */
export async function* meterStream(parts: AsyncIterable<StreamPart>, options: { startedAt: number; clientSignal: AbortSignal }, onDone: (outcome: StreamOutcome) => Promise<void>): AsyncGenerator<StreamPart> {
  const { startedAt, clientSignal } = options;
  let usage: Usage | null = null;
  let startUsage: Partial<Usage> | null = null;
  /** The model the upstream says answered, from the parts that carry usage (the latest that names one). */
  let upstreamModel: string | undefined;
  const delivered = new TextTokenCounter();
  let firstTokenMs: number | null = null;
  let outcome: StreamOutcome | null = null;
  let finished = false;
  try {
    for await (const part of parts) {
      if (CONTENT_PARTS.has(part.type) && firstTokenMs === null) firstTokenMs = Math.round(performance.now() - startedAt);
      delivered.addPart(part);
      if (part.type === 'message-start') {
        if (part.usage) startUsage = part.usage;
        upstreamModel = part.upstreamModel ?? upstreamModel;
      }
      if (part.type === 'usage' || part.type === 'finish') {
        usage = part.usage;
        upstreamModel = part.upstreamModel ?? upstreamModel;
      }
      if (part.type === 'finish') finished = true;
      if (part.type === 'error') outcome = { kind: 'failed', error: part.error, firstTokenMs };
      yield part;
      if (part.type === 'error') return;
    }
    // A stream that ends without `finish` died halfway (e.g. a dropped connection): a failure.
    outcome ??= finished
      ? { kind: 'finished', usage, upstreamModel, deliveredTokens: delivered.tokens, firstTokenMs }
      : { kind: 'failed', error: { kind: 'connection', message: 'the upstream stream ended before it finished' }, firstTokenMs };
  } catch (error) {
    outcome = { kind: 'failed', error: { kind: 'upstream', message: (error as Error).message }, firstTokenMs };
    throw error;
  } finally {
    // No outcome: the consumer stopped early (generator return). A failure caused by the
    // client going away (its abort reached the upstream) is a cancellation too, not an
    // upstream fault: the client is billed for what it was sent.
    if (!outcome || (outcome.kind === 'failed' && clientSignal.aborted)) {
      outcome = { kind: 'cancelled', usage: usage ?? (startUsage ? makeUsage(startUsage) : null), upstreamModel, deliveredTokens: delivered.tokens, firstTokenMs };
    }
    await onDone(outcome);
  }
}
