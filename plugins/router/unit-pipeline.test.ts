import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { EmbeddingProvider, ImageProvider } from '../../kernel/canonical/modality-providers';
import type { ChatProvider } from '../../kernel/canonical/provider';
import { createUpstreamError } from '../../kernel/canonical/upstream-error';
import { billingErrors } from '../billing/errors';
import { computeCredits, estimateMaxCredits, estimateMaxTokens, priceForShape } from '../billing/pricing';
import { createCacheMiddleware } from '../features/cache/cache-middleware';
import { createMemoryCacheStore } from '../features/cache/memory-cache-store';
import { createRetryMiddleware } from '../features/retry/retry-middleware';
import { timeoutMiddleware } from '../features/timeout/timeout-middleware';
import { createLogger } from '../../kernel/logger';
import type { ChatMiddleware, FeatureFlags } from './chat-middleware';
import { ModelCatalog } from './model-catalog';
import type { CallerKey, CreditMeter, FlagResolver, KeyGate, RequestFlagSources } from './ports';
import { failedRunOf } from './failed-runs';
import { createUnitPipeline, type ModalityProviderMap, type UnitModality } from './unit-pipeline';

const imageModel: ModelInfo = { id: 'pictures/painter', provider: 'pictures', upstreamId: 'painter-1', aliases: ['painter'], displayName: 'Painter', modality: 'images', capabilities: [], pricing: { perImage: 40_000 } };
const embeddingModel: ModelInfo = { id: 'vectors/embedder', provider: 'vectors', upstreamId: 'embedder', aliases: [], displayName: 'Embedder', modality: 'embeddings', capabilities: [], pricing: { inputPerMTok: 20_000 } };
const chatModel: ModelInfo = { id: 'talk/chatter', provider: 'talk', upstreamId: 'chatter', aliases: ['chatter'], displayName: 'Chatter', modality: 'chat', capabilities: [], pricing: { inputPerMTok: 1_000_000, outputPerMTok: 1_000_000 } };

interface Key extends CallerKey { readonly scopes: readonly string[] }

function imageProvider(generate: ImageProvider['generateImages'], model: ModelInfo = imageModel): ImageProvider {
  const options = { sizes: ['1024x1024'], qualities: [], maxImages: 10, responseFormats: ['url', 'b64_json'] as const, defaultResponseFormat: 'url' as const, parameters: {}, edits: false };
  return { name: 'pictures', enabled: true, models: () => [model], options: () => options, generateImages: generate };
}

const embeddingProvider: EmbeddingProvider = { name: 'vectors', enabled: true, models: () => [embeddingModel], embed: async () => ({ vectors: [[1]], inputTokens: 1 }) };
const chatProvider = { name: 'talk', protocol: 'openai-chat', enabled: true, models: () => [chatModel] } as unknown as ChatProvider;

/** The pipeline over fakes: a key gate that checks scopes, and a meter that writes down every hold, settlement and release. */
function setup(images: ImageProvider, features: { middlewares?: readonly ChatMiddleware[]; defaults?: FeatureFlags; faults?: { reserve?: Error; settle?: Error } } = {}) {
  const ledger: { kind: 'reserve' | 'settle' | 'release'; requestId: string; credits?: number; reason?: string }[] = [];
  /** The tokens each hold counts against tokens-per-minute limits. */
  const heldTokens: Record<string, number | undefined> = {};
  const keys: KeyGate<Key> = {
    authenticate: async () => { throw new Error('not used'); },
    admit: async (key, need) => {
      if (!key.scopes.includes(need.scope)) throw billingErrors.create('BSK_AUTH_SCOPE_DENIED', { scope: need.scope });
    },
    authorize: () => undefined,
  };
  const meter: CreditMeter<Key> = {
    reserve: async (input) => {
      if (features.faults?.reserve) throw features.faults.reserve;
      heldTokens[input.requestId] = input.tokens;
      ledger.push({ kind: 'reserve', requestId: input.requestId, credits: input.maxCredits });
    },
    settle: async (requestId, input) => {
      if (features.faults?.settle) throw features.faults.settle;
      ledger.push({ kind: 'settle', requestId, credits: input.credits });
      return input.credits;
    },
    release: async (requestId, reason) => void ledger.push({ kind: 'release', requestId, reason }),
  };
  const byModality: { [Modality in UnitModality]: readonly ModalityProviderMap[Modality][] } = { images: [images], embeddings: [embeddingProvider], rerank: [], videos: [] };
  const providers = <Modality extends UnitModality>(modality: Modality) => byModality[modality] as readonly ModalityProviderMap[Modality][];
  const catalog = new ModelCatalog(() => [chatProvider], () => [images, embeddingProvider]);
  // The request's header over the defaults, as the feature-flags plugin resolves them (without policy).
  const requested = (sources: RequestFlagSources): FeatureFlags => JSON.parse(sources.header ?? '{}');
  const flags: FlagResolver<Key> = { resolve: async (_key, sources) => ({ ...features.defaults, ...requested(sources) }), requested };
  const units = createUnitPipeline<Key>({ catalog, providers, keys, meter, pricing: { computeCredits, estimateMaxCredits, estimateMaxTokens, priceForShape }, flags, middlewares: () => features.middlewares ?? [] });
  return { units, ledger, heldTokens };
}

const key: Key = { keyId: 'k', orgId: 'o', memberId: 'm', scopes: ['images', 'embeddings'] };
const imageRequest = (overrides: { model?: string; key?: Key; count?: number; flagsHeader?: string } = {}) => ({
  key: overrides.key ?? key, requestId: 'req_1', modality: 'images' as const, model: overrides.model ?? 'painter', endpoint: 'image generation', receivedAt: performance.now(),
  call: { signal: new AbortController().signal, requestId: 'req_1', forwardHeaders: {} }, flags: { header: overrides.flagsHeader },
  bounds: () => ({ inputTokens: 0, maxOutputTokens: 0, images: overrides.count ?? 2 }),
});
const painted = (count: number) => Array.from({ length: count }, () => ({ bytes: new Uint8Array([1]), mimeType: 'image/png' }));

describe('unit pipeline', () => {
  it('holds the most the request can cost, then settles the exact credits of what came back', async () => {
    const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) })));
    const run = await units.run(imageRequest({ count: 2 }), async (provider, model) => {
      const { images } = await provider.generateImages({ prompt: 'p', count: 2 }, model, { signal: new AbortController().signal, requestId: 'req_1', forwardHeaders: {} });
      return { result: images, usage: { images: images.length } };
    });
    expect(ledger).toEqual([{ kind: 'reserve', requestId: 'req_1', credits: 80_000 }, { kind: 'settle', requestId: 'req_1', credits: 40_000 }]);
    expect(run).toMatchObject({ credits: 40_000, reservedCredits: 80_000, model: { id: 'pictures/painter' } });
    expect(run.result).toHaveLength(1);
  });

  it('holds the price of the quality and size asked for, and settles at what the upstream says it made', async () => {
    const priced = { ...imageModel, pricing: { perImage: 40_000, perImageByQuality: { low: { '1024x1024': 11_000 }, high: { '1024x1024': 167_000, '1536x1024': 250_000 } } } };
    const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) }), priced));
    await units.run({ ...imageRequest({ count: 2 }), shape: () => ({ quality: 'high', size: '1536x1024' }) }, async () => ({ result: painted(2), usage: { images: 2 } }));
    await units.run({ ...imageRequest({ count: 1 }), requestId: 'req_2', shape: () => ({ quality: 'auto', size: 'auto' }) }, async () => ({ result: painted(1), usage: { images: 1 }, shape: { quality: 'low', size: '1024x1024' } }));
    expect(ledger).toEqual([
      { kind: 'reserve', requestId: 'req_1', credits: 500_000 }, { kind: 'settle', requestId: 'req_1', credits: 500_000 },
      { kind: 'reserve', requestId: 'req_2', credits: 250_000 }, { kind: 'settle', requestId: 'req_2', credits: 11_000 },
    ]);
  });

  it('holds, against tokens-per-minute limits, the prompt and the output tokens of the images of the quality and size asked', async () => {
    // gpt-image-1's output tokens an image (OpenAI pricing, catalog outputTokensPerImageByQuality): low 272, high 4,160 at 1024x1024.
    const tokensPerImage = { low: { '1024x1024': 272 }, high: { '1024x1024': 4160 } };
    const gptImage = { ...imageModel, pricing: { inputPerMTok: 5_000_000, outputPerMTok: 40_000_000, perImage: 167_000, outputTokensPerImageByQuality: tokensPerImage } };
    const { units, heldTokens } = setup(imageProvider(async () => ({ images: painted(1) }), gptImage));
    const bounds = () => ({ inputTokens: 12, maxOutputTokens: 0, images: 2 });
    await units.start({ ...imageRequest(), bounds, shape: () => ({ quality: 'high', size: '1024x1024' }) });
    await units.start({ ...imageRequest(), requestId: 'req_2', bounds, shape: () => ({ quality: 'auto', size: 'auto' }) });
    await units.start({ ...imageRequest(), requestId: 'req_3', bounds, shape: () => ({ quality: 'low', size: '1024x1024' }) });
    // An image priced per image makes no output tokens: its prompt alone is held.
    const perImage = setup(imageProvider(async () => ({ images: painted(1) })));
    await perImage.units.start({ ...imageRequest(), bounds });
    expect({ ...heldTokens, perImage: perImage.heldTokens.req_1 }).toEqual({ req_1: 12 + 2 * 4160, req_2: 12 + 2 * 4160, req_3: 12 + 2 * 272, perImage: 12 });
  });

  it('releases the whole hold when the upstream call fails, bills nothing, and rethrows the failure', async () => {
    const failure = createUpstreamError('pictures', { kind: 'overloaded', message: 'busy', status: 529 });
    const { units, ledger } = setup(imageProvider(async () => { throw failure; }));
    const run = units.run(imageRequest(), async (provider, model) => ({ result: (await provider.generateImages({ prompt: 'p', count: 1 }, model, { signal: new AbortController().signal, requestId: 'req_1', forwardHeaders: {} })).images, usage: { images: 1 } }));
    await expect(run).rejects.toBe(failure);
    expect(ledger.map((entry) => entry.kind)).toEqual(['reserve', 'release']);
    expect(ledger[1]).toMatchObject({ requestId: 'req_1', reason: expect.stringContaining('busy') });
  });

  it('refuses a model of another modality with a 400 that names it, before holding anything', async () => {
    const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) })));
    await expect(units.start(imageRequest({ model: 'chatter' }))).rejects.toMatchObject({ code: 'BSK_GATEWAY_MODEL_WRONG_MODALITY', status: 400, details: { model: 'talk/chatter', modality: 'chat', endpoint: 'image generation' } });
    await expect(units.start({ ...imageRequest(), modality: 'embeddings', model: 'pictures/painter', endpoint: 'embeddings' })).rejects.toMatchObject({ code: 'BSK_GATEWAY_MODEL_WRONG_MODALITY', status: 400 });
    await expect(units.start(imageRequest({ model: 'nope' }))).rejects.toMatchObject({ code: 'BSK_GATEWAY_MODEL_NOT_FOUND', status: 404 });
    expect(ledger).toEqual([]);
  });

  it('admits with the modality as the scope: a key without it gets 403 and nothing is held or called', async () => {
    let called = false;
    const { units, ledger } = setup(imageProvider(async () => { called = true; return { images: painted(1) }; }));
    const run = units.run(imageRequest({ key: { ...key, scopes: ['embeddings'] } }), async () => ({ result: null, usage: {} }));
    await expect(run).rejects.toMatchObject({ code: 'BSK_AUTH_SCOPE_DENIED', status: 403, details: { scope: 'images' } });
    expect(ledger).toEqual([]);
    expect(called).toBe(false);
  });

  it('runs the request check against the resolved model before admitting or holding', async () => {
    const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) })));
    const refused = units.start({ ...imageRequest(), check: (provider, model) => { if (!provider.options(model).sizes.includes('4096x4096')) throw new Error('unsupported size'); } });
    await expect(refused).rejects.toThrow('unsupported size');
    expect(ledger).toEqual([]);
  });

  it('settles a job later by request id at the model price of what was used', async () => {
    const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) })));
    const hold = await units.start({ ...imageRequest(), modality: 'embeddings', model: 'vectors/embedder', endpoint: 'embeddings', bounds: () => ({ inputTokens: 3_000, maxOutputTokens: 0 }) });
    expect(hold.reservedCredits).toBe(60);
    await expect(units.settle('req_1', { model: hold.model, usage: { inputTokens: 1_000 }, latencyMs: 12.4 })).resolves.toBe(20);
    expect(ledger.at(-1)).toEqual({ kind: 'settle', requestId: 'req_1', credits: 20 });
  });

  describe('feature flags', () => {
    const features = { middlewares: [timeoutMiddleware, createRetryMiddleware(), createCacheMiddleware({ store: createMemoryCacheStore({ maxEntries: 10 }), hitCreditPercent: 0, logger: createLogger({ level: 'silent' }) })] };
    /** An image provider that hangs until its attempt is aborted, `hangs` times, then paints. */
    const hangingProvider = (hangs: number) => {
      let calls = 0;
      return imageProvider(async (_request, _model, call) => {
        calls += 1;
        if (calls > hangs) return { images: painted(1) };
        return new Promise((_resolve, reject) => call.signal.addEventListener('abort', () => reject(createUpstreamError('pictures', { kind: 'timeout', message: 'deadline passed' }))));
      });
    };
    const paint = (provider: ImageProvider, model: ModelInfo, call: Parameters<ImageProvider['generateImages']>[2]) => provider.generateImages({ prompt: 'p', count: 1 }, model, call).then(({ images }) => ({ result: images, usage: { images: images.length } }));

    it('puts timeout_ms on the upstream call: a hung call fails at the deadline and its hold is released', async () => {
      const { units, ledger } = setup(hangingProvider(1), features);
      const started = performance.now();
      await expect(units.run(imageRequest({ flagsHeader: '{"timeout_ms": 50}' }), paint)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_TIMEOUT' });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(ledger.map((entry) => entry.kind)).toEqual(['reserve', 'release']);
    });

    it('retries a timed-out call with retry, settling once and recording the flags and retries', async () => {
      const { units, ledger } = setup(hangingProvider(1), features);
      const run = await units.run(imageRequest({ flagsHeader: '{"timeout_ms": 50, "retry": {"attempts": 1, "budget_ms": 5000}}' }), paint);
      expect(run.result).toHaveLength(1);
      expect(ledger.map((entry) => entry.kind)).toEqual(['reserve', 'settle']);
    });

    it('refuses a flag the endpoint cannot serve when the request asks for it, before holding; leaves it out when it is a default', async () => {
      const asked = setup(imageProvider(async () => ({ images: painted(1) })), features);
      await expect(asked.units.start(imageRequest({ flagsHeader: '{"cache": {"ttl_s": 60}}' }))).rejects.toMatchObject({ code: 'BSK_GATEWAY_FLAG_UNAVAILABLE', status: 400, message: 'flag "cache" is not available on image generation (it serves retry and timeout_ms)' });
      expect(asked.ledger).toEqual([]);
      const defaulted = setup(imageProvider(async () => ({ images: painted(1) })), { ...features, defaults: { cache: { ttl_s: 60 }, timeout_ms: 1_000 } });
      expect((await defaulted.units.start(imageRequest())).flags).toEqual({ timeout_ms: 1_000 });
    });

    it('refuses any flag when no feature plugin handles it', async () => {
      const { units, ledger } = setup(imageProvider(async () => ({ images: painted(1) })));
      await expect(units.start(imageRequest({ flagsHeader: '{"timeout_ms": 50}' }))).rejects.toMatchObject({ code: 'BSK_GATEWAY_FLAG_UNAVAILABLE', message: 'flag "timeout_ms" is not available on this gateway (no feature plugin handles it)' });
      expect(ledger).toEqual([]);
    });
  });

  describe('the record an error answer reads (failed-runs.ts)', () => {
    /** The record of a request that must fail, read by its own signal. */
    const recordOf = async (failing: (signal: AbortSignal) => Promise<unknown>) => {
      const signal = new AbortController().signal;
      await expect(failing(signal)).rejects.toBeDefined();
      return failedRunOf(signal);
    };
    const requestWith = (signal: AbortSignal, overrides: Parameters<typeof imageRequest>[0] = {}) => ({ ...imageRequest(overrides), call: { signal, requestId: 'req_1', forwardHeaders: {} } });
    const paints = imageProvider(async () => ({ images: painted(1) }));
    const paint = async () => ({ result: painted(1), usage: { images: 1 } });
    const painter = { requestedModel: expect.objectContaining({ id: 'pictures/painter' }), overheadMs: undefined };

    it('records the model asked for, with no overhead of its own, when a request is refused once its model is resolved: a check, the scope, a flag, the hold', async () => {
      const { units } = setup(paints);
      expect(await recordOf((signal) => units.start({ ...requestWith(signal), check: () => { throw new Error('unsupported size'); } }))).toEqual(painter);
      expect(await recordOf((signal) => units.run(requestWith(signal, { key: { ...key, scopes: ['embeddings'] } }), paint))).toEqual(painter);
      expect(await recordOf((signal) => units.start(requestWith(signal, { flagsHeader: '{"timeout_ms": 50}' })))).toEqual(painter);
      const broke = setup(paints, { faults: { reserve: billingErrors.create('BSK_BILLING_INSUFFICIENT_CREDITS', { orgId: 'o', available: 0, needed: 40_000 }) } });
      expect(await recordOf((signal) => broke.units.run(requestWith(signal), paint))).toEqual(painter);
    });

    it('records nothing for a model it could not resolve: the 404 tells of no model', async () => {
      const { units } = setup(paints);
      expect(await recordOf((signal) => units.start(requestWith(signal, { model: 'nope' })))).toBeUndefined();
      expect(await recordOf((signal) => units.start({ ...requestWith(signal), model: 'chatter' }))).toBeUndefined();
    });

    it('records the hold\'s overhead, the upstream\'s wait left out, when the upstream call or the settlement fails, or a held request fails later', async () => {
      const slowFailure = async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw createUpstreamError('pictures', { kind: 'overloaded', message: 'busy', status: 529 });
      };
      const { units, ledger } = setup(paints);
      const failing = requestWith(new AbortController().signal);
      await expect(units.run(failing, slowFailure)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
      expect(failedRunOf(failing.call.signal)).toEqual({ requestedModel: expect.objectContaining({ id: 'pictures/painter' }), overheadMs: expect.any(Number) });
      expect(failedRunOf(failing.call.signal)!.overheadMs).toBeLessThanOrEqual(performance.now() - failing.receivedAt - 30);
      expect(ledger.map((entry) => entry.kind)).toEqual(['reserve', 'release']);
      const unsettled = setup(paints, { faults: { settle: new Error('settlement store away') } });
      expect(await recordOf((signal) => unsettled.units.run(requestWith(signal), paint))).toEqual({ requestedModel: expect.objectContaining({ id: 'pictures/painter' }), overheadMs: expect.any(Number) });
      // A video job the store could not keep: its front-end fails the hold it started.
      const signal = new AbortController().signal;
      const hold = await units.start(requestWith(signal));
      await hold.fail('video job not kept', new Error('store away'));
      expect(failedRunOf(signal)).toEqual({ requestedModel: hold.model, overheadMs: hold.overheadMs });
      expect(ledger.at(-1)).toEqual({ kind: 'release', requestId: 'req_1', reason: 'video job not kept: store away' });
    });

    it('keeps each request its own record when their calls fail with one error object, as the drain\'s deadline aborts them all', async () => {
      const { units } = setup(paints);
      const stop = new Error('shutting down');
      const controllers = [new AbortController(), new AbortController()];
      for (const controller of controllers) controller.abort(stop);
      // Calls that throw their signal's reason as it is, as `signal.throwIfAborted()` does.
      const throwReason = async (_provider: unknown, _model: unknown, call: { signal: AbortSignal }) => {
        call.signal.throwIfAborted();
        return { result: null, usage: {} };
      };
      const failures = await Promise.all([
        units.run(requestWith(controllers[0]!.signal), throwReason).catch((error: unknown) => error),
        units.run({ ...requestWith(controllers[1]!.signal), modality: 'embeddings', model: 'vectors/embedder', endpoint: 'embeddings' }, throwReason).catch((error: unknown) => error),
      ]);
      expect(failures).toEqual([stop, stop]);
      expect(controllers.map((controller) => failedRunOf(controller.signal)?.requestedModel.id)).toEqual(['pictures/painter', 'vectors/embedder']);
    });
  });
});
