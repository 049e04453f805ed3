import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider, PassthroughResponse } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { CanonicalResponse } from '../../kernel/canonical/response';
import type { StreamPart } from '../../kernel/canonical/stream';
import { makeUsage } from '../../kernel/canonical/usage';
import { computeCredits, estimateMaxCredits } from '../billing/pricing';
import { hostErrors } from '../http/host-errors';
import type { ChatAnswer } from './chat-middleware';
import type { ChatRunInput } from './chat-pipeline';
import { ModelCatalog } from './model-catalog';
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
    catalog: new ModelCatalog(() => []),
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

describe('the model a request is billed at', () => {
  const chatModel = (provider: string, name: string, upstreamId: string, aliases: string[], pricing: ModelInfo['pricing'], extra: Partial<ModelInfo> = {}) =>
    ({ id: `${provider}/${name}`, provider, upstreamId, aliases, displayName: name, modality: 'chat', capabilities: [], maxOutputTokens: 8000, pricing, ...extra }) as ModelInfo;
  const pro = chatModel('g', 'pro', 'pro-1', ['pro'], { inputPerMTok: 1_250_000, outputPerMTok: 10_000_000 });
  // A cheaper model whose prices double on a date, as Gemini 3.8 Flash's do.
  const flash = chatModel('g', 'flash', 'flash-2', ['flash', 'flash-latest'], { inputPerMTok: 750_000, outputPerMTok: 3_750_000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 }] });
  // Its own gateway id for the called upstream model in one thinking mode (as deepseek-reasoner is).
  const proThinking = chatModel('g', 'pro-thinking', 'pro-1', ['pro-thinking'], { inputPerMTok: 9_000_000, outputPerMTok: 9_000_000 }, { thinking: 'enabled' });
  // Another provider instance's catalog, with a model of the same upstream id: never looked at.
  const elsewhere = chatModel('h', 'flash', 'flash-2', ['other-only'], { inputPerMTok: 50_000_000, outputPerMTok: 50_000_000 });
  // An upstream id with a slash (vLLM's, OpenRouter's) is one name, not a provider and a model.
  const hosted = chatModel('g', 'hosted', 'vendor/hosted-model', [], { inputPerMTok: 100_000, outputPerMTok: 200_000 });
  const provider = (name: string, models: ModelInfo[]) => ({ name, protocol: 'gemini', enabled: true, models: () => models }) as unknown as ChatProvider;
  const catalog = new ModelCatalog(() => [provider('g', [pro, flash, proThinking, hosted]), provider('h', [elsewhere])]);
  const usage = makeUsage({ inputTokens: 12_000, outputTokens: 3_000 });

  function settlementFor(answer: Partial<ChatAnswer>, admittedAt = new Date('2026-11-28T12:00:00Z')) {
    const settled: SettleInput[] = [];
    const request = { model: 'g/pro', system: [], messages: [], tools: [], stop: [], metadata: {}, stream: true } as unknown as CanonicalRequest;
    const input = { requestId: 'r1', request, receivedAt: performance.now(), signal: new AbortController().signal } as unknown as ChatRunInput<CallerKey>;
    const settlement = createSettlement({
      meter: { reserve: async () => undefined, release: async () => undefined, settle: async (_id, outcome) => (settled.push(outcome), outcome.credits) },
      pricing: { computeCredits, estimateMaxCredits },
      catalog,
    }, input, { model: pro, notes: { fallback_from: [] }, headers: {}, ...answer } as ChatAnswer, {}, admittedAt);
    return { settlement, settled };
  }

  const response = (upstreamModel?: string): CanonicalResponse => ({ id: 'a', model: pro.id, content: [{ type: 'text', text: 'hi' }], finishReason: 'stop', usage, ...(upstreamModel === undefined ? {} : { upstreamModel }) });

  async function billOfResponse(upstreamModel: string | undefined, options: { admittedAt?: Date; creditPercent?: number } = {}): Promise<SettleInput> {
    const answered = response(upstreamModel);
    const { settlement, settled } = settlementFor({ mode: 'response', response: answered, ...(options.creditPercent === undefined ? {} : { creditPercent: options.creditPercent }) }, options.admittedAt);
    await settlement.settleResponse(answered);
    return settled[0]!;
  }

  it('is the model the upstream says answered when it is another of the same provider\'s catalog, by upstream id or alias, noted as routed from the one called', async () => {
    for (const reported of ['flash-2', 'flash-latest']) {
      const bill = await billOfResponse(reported);
      expect(bill).toMatchObject({ model: 'g/flash', credits: computeCredits(flash.pricing, usage), flags: { fallback_from: [], routed_from: 'g/pro' } });
      expect(bill.credits).toBeLessThan(computeCredits(pro.pricing, usage));
    }
    expect(await billOfResponse('vendor/hosted-model')).toMatchObject({ model: 'g/hosted', credits: computeCredits(hosted.pricing, usage) });
  });

  it('prices the routed model at the moment the request was admitted, with its own price changes', async () => {
    const before = await billOfResponse('flash-2', { admittedAt: new Date('2026-12-31T23:59:59Z') });
    const after = await billOfResponse('flash-2', { admittedAt: new Date('2027-01-01T00:00:00Z') });
    expect(before.credits).toBe(Math.ceil((12_000 * 750_000 + 3_000 * 3_750_000) / 1e6));
    expect(after.credits).toBe(Math.ceil((12_000 * 1_500_000 + 3_000 * 7_500_000) / 1e6));
  });

  it('is the model called when the upstream names it, names a model of the same upstream id, names one its catalog does not know, or names none', async () => {
    // The id sent, an alias of it, a dated snapshot the catalog lacks, a fixed thinking mode's entry, and another instance's alias.
    for (const reported of ['pro-1', 'pro', 'pro-1-2026-05-01', 'pro-thinking', 'other-only', undefined]) {
      const bill = await billOfResponse(reported);
      expect(bill).toMatchObject({ model: 'g/pro', credits: computeCredits(pro.pricing, usage) });
      expect(bill.flags).not.toHaveProperty('routed_from');
    }
  });

  it('scales a routed model\'s price by the answer\'s credit percent (a cache hit)', async () => {
    expect((await billOfResponse('flash-2', { creditPercent: 50 })).credits).toBe(Math.floor(computeCredits(flash.pricing, usage) / 2));
  });

  it('reads the model from a stream\'s usage, and from its message-start when the client left before the usage came', async () => {
    const parts = (tail: StreamPart[]): AsyncIterable<StreamPart> => (async function* () {
      yield { type: 'message-start', id: 'a', model: pro.id, usage: { inputTokens: 12_000, outputTokens: 1 }, upstreamModel: 'flash-2' } as StreamPart;
      yield { type: 'text-start', index: 0 };
      yield { type: 'text-delta', index: 0, text: 'word '.repeat(40) };
      yield* tail;
    })();
    const finished = settlementFor({ mode: 'stream' });
    const metered = finished.settlement.meter(parts([{ type: 'text-end', index: 0 }, { type: 'usage', usage, upstreamModel: 'flash-latest' }, { type: 'finish', reason: 'stop', usage }]));
    for await (const _part of metered.parts) { /* consume */ }
    expect(finished.settled[0]).toMatchObject({ model: 'g/flash', credits: computeCredits(flash.pricing, usage), flags: { routed_from: 'g/pro' } });

    const cancelled = settlementFor({ mode: 'stream' });
    const cut = cancelled.settlement.meter(parts([]));
    for await (const part of cut.parts) if (part.type === 'text-delta') break;
    await cut.settled();
    expect(cancelled.settled[0]).toMatchObject({ model: 'g/flash', status: 499, flags: { routed_from: 'g/pro' } });
    expect(cancelled.settled[0]!.credits).toBe(computeCredits(flash.pricing, cancelled.settled[0]!.usage));
  });

  it('reads the model from a passthrough tap\'s result', async () => {
    const { settlement, settled } = settlementFor({ mode: 'passthrough', response: { status: 200 } as PassthroughResponse });
    await settlement.finishPassthrough({ usage, upstreamModel: 'flash-2', finishReason: 'stop', error: null }, false);
    expect(settled[0]).toMatchObject({ model: 'g/flash', status: 200, credits: computeCredits(flash.pricing, usage), flags: { routed_from: 'g/pro' } });
  });
});
