import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { StreamPart } from '../../kernel/canonical/stream';
import { createUpstreamError } from '../../kernel/canonical/upstream-error';
import { makeUsage } from '../../kernel/canonical/usage';
import type { ChatMiddleware } from './chat-middleware';
import { createChatPipeline } from './chat-pipeline';
import { failedRunOf } from './failed-runs';
import { ModelCatalog } from './model-catalog';
import type { CallerKey, SettleInput } from './ports';

function modelOf(provider: string, inputPerMTok: number): ModelInfo {
  return { id: `${provider}/m`, provider, upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], pricing: { inputPerMTok, outputPerMTok: inputPerMTok } };
}

/** A provider whose stream fails before the first part `failures` times, or starts with an error part. */
function providerOf(name: string, price: number, behaviour: { failures?: number; errorFirst?: boolean } = {}): ChatProvider {
  let failures = behaviour.failures ?? 0;
  const model = modelOf(name, price);
  return {
    name, protocol: 'gemini', enabled: true, models: () => [model],
    generate: async () => { throw new Error('not used'); },
    async stream() {
      if (failures-- > 0) throw createUpstreamError(name, { kind: 'overloaded', message: 'busy', status: 529 });
      const parts: StreamPart[] = behaviour.errorFirst
        ? [{ type: 'error', error: { kind: 'overloaded', message: 'busy in stream' } }]
        : [{ type: 'message-start', id: 'x', model: model.id }, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'hi' }, { type: 'text-end', index: 0 }, { type: 'finish', reason: 'stop', usage: makeUsage({ inputTokens: 10, outputTokens: 2 }) }];
      return (async function* () { yield* parts; })();
    },
  };
}

const fallback: ChatMiddleware = {
  name: 'fallback', flag: 'fallback', order: 200,
  alsoCalls: (flags) => (flags.fallback || []),
  async handle(call, next) {
    try {
      return await next(call);
    } catch {
      const target = call.resolve((call.flags.fallback || [])[0]!);
      return next({ ...call, ...target });
    }
  },
};

function setup(providers: ChatProvider[], gate: { admit?: () => Promise<void> } = {}) {
  const ledger: { kind: string; requestId: string; credits?: number; model?: string }[] = [];
  const key: CallerKey = { keyId: 'k', orgId: 'o', memberId: 'm' };
  const pipeline = createChatPipeline<CallerKey>({
    catalog: new ModelCatalog(() => providers),
    keys: { authenticate: async () => key, admit: gate.admit ?? (async () => undefined), authorize: () => undefined },
    meter: {
      reserve: async (input) => void ledger.push({ kind: 'hold', requestId: input.requestId, credits: input.maxCredits, model: input.model }),
      settle: async (requestId, input: SettleInput) => (ledger.push({ kind: 'settle', requestId, credits: input.credits, model: input.model }), input.credits),
      release: async (requestId) => void ledger.push({ kind: 'release', requestId }),
    },
    pricing: { computeCredits: (pricing, usage) => (pricing.inputPerMTok ?? 0) * ((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0)), estimateMaxCredits: (pricing) => pricing.inputPerMTok ?? 0 },
    flags: { resolve: async (_key, sources) => JSON.parse(sources.header ?? '{}'), requested: (sources) => JSON.parse(sources.header ?? '{}') },
    middlewares: () => [fallback],
  });
  const request = (model: string) => ({ model, system: [], messages: [], tools: [], stop: [], metadata: {}, stream: true }) as unknown as CanonicalRequest;
  const run = (flags: unknown, model = 'first/m', signal = new AbortController().signal) => pipeline.run({ key, requestId: 'r1', protocol: 'anthropic-messages', request: request(model), rawBody: {}, forwardHeaders: {}, flagsHeader: JSON.stringify(flags), signal, receivedAt: performance.now() });
  return { ledger, run };
}

async function drain(parts: AsyncIterable<StreamPart>): Promise<void> {
  for await (const _part of parts) { /* consume */ }
}

describe('chat pipeline with feature middlewares', () => {
  it('holds once for the dearest model it may use and settles once, at the answering model\'s price', async () => {
    const { ledger, run } = setup([providerOf('first', 1, { failures: 1 }), providerOf('second', 5)]);
    const answer = await run({ fallback: ['second/m'] });
    expect(answer.model.id).toBe('second/m');
    if (answer.mode !== 'stream') throw new Error('stream expected');
    await drain(answer.parts);
    expect(await answer.settled()).toBe(60);
    expect(ledger).toEqual([{ kind: 'hold', requestId: 'r1', credits: 5, model: 'first/m' }, { kind: 'settle', requestId: 'r1', credits: 60, model: 'second/m' }]);
  });

  it('keeps the model asked for beside the one that answered (lifecycle headers are the first\'s)', async () => {
    const { run } = setup([providerOf('first', 1, { failures: 1 }), providerOf('second', 5)]);
    const answer = await run({ fallback: ['second/m'] });
    expect([answer.model.id, answer.requestedModel.id]).toEqual(['second/m', 'first/m']);
    const direct = await setup([providerOf('first', 1)]).run({});
    expect([direct.model.id, direct.requestedModel.id]).toEqual(['first/m', 'first/m']);
  });

  it('treats a stream whose first part is an error as a failure before the first byte', async () => {
    const { ledger, run } = setup([providerOf('first', 1, { errorFirst: true }), providerOf('second', 1)]);
    const answer = await run({ fallback: ['second/m'] });
    expect(answer.model.id).toBe('second/m');
    expect(ledger.map((entry) => entry.kind)).toEqual(['hold']);
  });

  it('refuses a flag no middleware handles, and releases the hold when every model fails', async () => {
    const { run } = setup([providerOf('first', 1, { failures: 1 }), providerOf('second', 1, { failures: 1 })]);
    await expect(run({ cache: { ttl_s: 5 } })).rejects.toMatchObject({ code: 'BSK_GATEWAY_FLAG_UNAVAILABLE', status: 400 });
    const failing = setup([providerOf('first', 1, { failures: 1 }), providerOf('second', 1, { failures: 1 })]);
    await expect(failing.run({ fallback: ['second/m'] })).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
    expect(failing.ledger.map((entry) => entry.kind)).toEqual(['hold', 'release']);
  });

  it('records the model asked for by the request\'s signal when it fails once the model was resolved, and none before', async () => {
    const failing = setup([providerOf('first', 1, { failures: 1 }), providerOf('second', 1, { failures: 1 })]);
    /** The record of a run that must fail, read by its own signal. */
    const recordOf = async (run: (signal: AbortSignal) => Promise<unknown>) => {
      const signal = new AbortController().signal;
      await expect(run(signal)).rejects.toBeDefined();
      return failedRunOf(signal);
    };
    const chainFailure = await recordOf((signal) => failing.run({ fallback: ['second/m'] }, 'first/m', signal));
    expect([chainFailure?.requestedModel.id, typeof chainFailure?.overheadMs]).toEqual(['first/m', 'number']);
    expect(failing.ledger.map((entry) => entry.kind)).toEqual(['hold', 'release']);
    expect(await recordOf((signal) => failing.run({ fallback: ['nowhere/m'] }, 'first/m', signal))).toEqual({ requestedModel: expect.objectContaining({ id: 'first/m' }), overheadMs: undefined });
    const limited = setup([providerOf('first', 1)], { admit: async () => { throw new Error('rate limited'); } });
    expect((await recordOf((signal) => limited.run({}, 'first/m', signal)))?.requestedModel.id).toBe('first/m');
    expect(await recordOf((signal) => failing.run({}, 'nowhere/m', signal))).toBeUndefined();
  });

  it('keeps each request its own record when requests fail with one error object, as the drain\'s deadline aborts them all', async () => {
    // A provider that throws its signal's reason as it is, as `signal.throwIfAborted()` does.
    const throwingReason = (name: string): ChatProvider => ({ ...providerOf(name, 1), async stream(_request, _model, call) { call.signal.throwIfAborted(); throw new Error('not aborted'); } });
    const { run } = setup([throwingReason('first'), throwingReason('second')]);
    const stop = new Error('shutting down');
    const requests = ['first/m', 'second/m'].map((model) => ({ model, controller: new AbortController() }));
    for (const { controller } of requests) controller.abort(stop);
    const failures = await Promise.all(requests.map(({ model, controller }) => run({}, model, controller.signal).catch((error: unknown) => error)));
    expect(failures).toEqual([stop, stop]);
    expect(requests.map(({ controller }) => failedRunOf(controller.signal)?.requestedModel.id)).toEqual(['first/m', 'second/m']);
  });

  it('refuses a fallback model that does not exist, naming the flag, before holding anything', async () => {
    const { ledger, run } = setup([providerOf('first', 1)]);
    await expect(run({ fallback: ['nowhere/m'] })).rejects.toMatchObject({ code: 'BSK_GATEWAY_FLAG_MODEL', status: 400, details: { flag: 'fallback' } });
    expect(ledger).toEqual([]);
  });
});
