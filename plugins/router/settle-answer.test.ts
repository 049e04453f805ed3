import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { PassthroughResponse } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { makeUsage } from '../../kernel/canonical/usage';
import { hostErrors } from '../http/host-errors';
import type { ChatAnswer } from './chat-middleware';
import type { ChatRunInput } from './chat-pipeline';
import type { CallerKey, SettleInput } from './ports';
import { createSettlement } from './settle-answer';

const model = { id: 'p/m', provider: 'p', upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], maxOutputTokens: 8000, pricing: { inputPerMTok: 0, outputPerMTok: 1_000_000 } } as ModelInfo;

function settleCancelledPassthrough(maxTokens: number | undefined, deliveredTokens: number, signal = AbortSignal.abort(new Error('client closed the connection'))): Promise<SettleInput> {
  let settled!: SettleInput;
  const request = { model: 'p/m', system: [], messages: [], tools: [], stop: [], metadata: {}, stream: true, ...(maxTokens === undefined ? {} : { maxTokens }) } as CanonicalRequest;
  const input = { requestId: 'r1', request, receivedAt: performance.now(), signal } as unknown as ChatRunInput<CallerKey>;
  const answer = { mode: 'passthrough', model, notes: {}, headers: {}, response: { status: 200 } as PassthroughResponse } as unknown as ChatAnswer;
  const settlement = createSettlement({
    meter: { reserve: async () => undefined, release: async () => undefined, settle: async (_id, outcome) => ((settled = outcome), outcome.credits) },
    pricing: { computeCredits: (_pricing, usage) => usage.outputTokens ?? 0, estimateMaxCredits: () => 0 },
  }, input, answer, {}, new Date());
  // Anthropic's message_start says one output token; the client left before message_delta.
  return settlement.finishPassthrough({ usage: makeUsage({ inputTokens: 10, outputTokens: 1 }), finishReason: null, error: null, deliveredTokens }, true).then(() => settled);
}

describe('a cancelled stream\'s bill', () => {
  it('counts what was delivered, but never more output than max_tokens or the model allows', async () => {
    expect((await settleCancelledPassthrough(2000, 1500)).usage.outputTokens).toBe(1500);
    expect((await settleCancelledPassthrough(2000, 3100)).usage.outputTokens).toBe(2000);
    expect((await settleCancelledPassthrough(undefined, 9500)).usage.outputTokens).toBe(8000);
  });

  it('is recorded as the client leaving (499), or with the status of the gateway\'s own stop that cut it (the drain deadline\'s 503)', async () => {
    expect(await settleCancelledPassthrough(2000, 1500)).toMatchObject({ status: 499, credits: 1500 });
    const drainStop = AbortSignal.abort(hostErrors.create('BSK_HTTP_SHUTTING_DOWN', {}));
    expect(await settleCancelledPassthrough(2000, 1500, drainStop)).toMatchObject({ status: 503, credits: 1500 });
  });
});
