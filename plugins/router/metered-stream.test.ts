import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../kernel/canonical/stream';
import { makeUsage } from '../../kernel/canonical/usage';
import { meterStream, type StreamOutcome } from './metered-stream';

const usage = makeUsage({ inputTokens: 10, outputTokens: 3 });

async function* partsOf(parts: StreamPart[], failAfter?: number): AsyncGenerator<StreamPart> {
  for (const [index, part] of parts.entries()) {
    if (index === failAfter) throw new Error('socket hang up');
    yield part;
  }
}

const textStream: StreamPart[] = [
  { type: 'message-start', id: 'm1', model: 'x', usage: { inputTokens: 10 } },
  { type: 'text-start', index: 0 },
  { type: 'text-delta', index: 0, text: 'Hello' },
  { type: 'text-end', index: 0 },
  { type: 'finish', reason: 'stop', usage },
];

async function run(parts: AsyncIterable<StreamPart>, options: { stopAfter?: number; clientAborted?: boolean } = {}) {
  const outcomes: StreamOutcome[] = [];
  const clientGone = new AbortController();
  if (options.clientAborted) clientGone.abort();
  const seen: StreamPart[] = [];
  try {
    for await (const part of meterStream(parts, { startedAt: performance.now(), clientSignal: clientGone.signal }, async (outcome) => void outcomes.push(outcome))) {
      seen.push(part);
      if (seen.length === options.stopAfter) break;
    }
  } catch {
    // the wrapper rethrows upstream failures; the outcome is what matters here
  }
  return { outcomes, seen };
}

describe('meterStream', () => {
  it('passes parts through unchanged and reports a finished stream once, with its usage', async () => {
    const { outcomes, seen } = await run(partsOf(textStream));
    expect(seen).toEqual(textStream);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'finished', usage, deliveredTokens: 2 });
  });

  it('treats an error part as a failure (nothing billed)', async () => {
    const { outcomes } = await run(partsOf([...textStream.slice(0, 3), { type: 'error', error: { kind: 'overloaded', message: 'busy' } }]));
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'failed', error: { kind: 'overloaded', message: 'busy' } })]);
  });

  it('treats a stream that ends without finish, or throws, as a failure', async () => {
    expect((await run(partsOf(textStream.slice(0, 3)))).outcomes[0]!.kind).toBe('failed');
    expect((await run(partsOf(textStream, 3))).outcomes[0]!.kind).toBe('failed');
  });

  it('reports the model the upstream says answered: the latest a usage, finish or message-start part named', async () => {
    const named = (at: number, upstreamModel: string) => textStream.map((part, index) => (index === at ? { ...part, upstreamModel } : part)) as StreamPart[];
    expect((await run(partsOf(named(4, 'flash-2')))).outcomes[0]).toMatchObject({ kind: 'finished', upstreamModel: 'flash-2' });
    // Anthropic names it in message_start only: a client that leaves before the usage still has it.
    expect((await run(partsOf(named(0, 'claude-x')), { stopAfter: 3 })).outcomes[0]).toMatchObject({ kind: 'cancelled', upstreamModel: 'claude-x' });
    expect((await run(partsOf(named(0, 'claude-x')))).outcomes[0]).toMatchObject({ kind: 'finished', upstreamModel: 'claude-x' });
    expect((await run(partsOf(textStream))).outcomes[0]).toMatchObject({ kind: 'finished', upstreamModel: undefined });
  });

  it('bills what was delivered when the consumer stops early', async () => {
    const { outcomes } = await run(partsOf(textStream), { stopAfter: 3 });
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'cancelled', deliveredTokens: 2, usage: makeUsage({ inputTokens: 10 }) })]);
  });

  it('counts an upstream failure caused by the client leaving as a cancellation', async () => {
    const { outcomes } = await run(partsOf(textStream, 3), { clientAborted: true });
    expect(outcomes[0]!.kind).toBe('cancelled');
  });
});
