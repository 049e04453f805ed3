import type { ModelInfo } from '../../kernel/canonical/model';
import { elapsedMs } from '../../kernel/elapsed-ms';
import type { EmbeddingProvider, ImageProvider, RerankProvider, VideoProvider } from '../../kernel/canonical/modality-providers';
import type { CallContext } from '../../kernel/canonical/provider';
import type { BillableUsage } from '../../kernel/canonical/usage';
import type { CostBounds, MediaShape } from '../billing/pricing';
import type { FeatureFlags } from './chat-middleware';
import type { ModelCatalog } from './model-catalog';
import type { CallerKey, CreditMeter, KeyGate, Pricing, RequestFlagSources } from './ports';
import { recordFailedRun } from './failed-runs';
import { type RequestFlagDeps, resolveAttemptFeatures, runAttempt } from './request-flags';
import { resolveModalityModel } from './resolve-modality-model';

/** The provider contract of each metered modality other than chat. */
export interface ModalityProviderMap {
  readonly embeddings: EmbeddingProvider;
  readonly rerank: RerankProvider;
  readonly images: ImageProvider;
  readonly videos: VideoProvider;
}

export type UnitModality = keyof ModalityProviderMap;

export interface UnitStartInput<Key extends CallerKey, Modality extends UnitModality> {
  readonly key: Key;
  readonly requestId: string;
  readonly modality: Modality;
  /** The model name as the client sent it. */
  readonly model: string;
  /** For error messages: `embeddings`, `image generation`… */
  readonly endpoint: string;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
  /** The client's call context: its signal aborts when the client goes away, and is the request's own (its failure record is kept by it, failed-runs.ts). */
  readonly call: CallContext;
  /** The request's feature flags (`x-bytespike-flags`, the `bytespike` body field). */
  readonly flags: RequestFlagSources;
  /** Checks the request against the resolved model (sizes, durations) before anything is held. */
  check?(provider: ModalityProviderMap[Modality], model: ModelInfo): void;
  /** The most this request can use; the hold is its price. */
  bounds(model: ModelInfo): CostBounds;
  /** Images and videos: the quality and size asked for, which set the unit price (read after `check`). */
  shape?(): MediaShape;
}

export interface UnitHold<Modality extends UnitModality> {
  readonly model: ModelInfo;
  readonly provider: ModalityProviderMap[Modality];
  readonly reservedCredits: number;
  /** Milliseconds spent in the gateway before the upstream call. */
  readonly overheadMs: number;
  /** The flags in force: those this endpoint serves (`timeout_ms`, `retry`). */
  readonly flags: FeatureFlags;
  /** Makes the upstream call through the features the flags switch on, handing `work` each attempt's context. */
  attempt<Value>(work: (call: CallContext) => Promise<Value>): Promise<{ value: Value; notes: Readonly<Record<string, unknown>> }>;
  /**
   * The request failed after its hold (its upstream call, or keeping what it made): releases the
   * hold, nothing billed, and records the model for its error answer (failed-runs.ts). The caller
   * rethrows `error`.
   */
  fail(reason: string, error: unknown): Promise<void>;
}

export interface UnitSettleInput {
  readonly model: ModelInfo;
  readonly usage: BillableUsage;
  /** The quality and size made, as the upstream reports them (or as asked). */
  readonly shape?: MediaShape;
  readonly latencyMs: number;
  /** The flags in force and what the features did, recorded with the request. */
  readonly flags?: Readonly<Record<string, unknown>>;
}

/** A run's hold is settled: nothing is left to fail. */
export interface UnitRun<Modality extends UnitModality, Result> extends Omit<UnitHold<Modality>, 'fail'> {
  readonly result: Result;
  /** Credits billed. */
  readonly credits: number;
}

export interface UnitPipeline<Key extends CallerKey = CallerKey> {
  /** Resolve, admit with the modality's scope, and hold the most the request can cost. */
  start<Modality extends UnitModality>(input: UnitStartInput<Key, Modality>): Promise<UnitHold<Modality>>;
  /** Bills what was used; for requests that finish later (video jobs), possibly after a restart. */
  settle(requestId: string, input: UnitSettleInput): Promise<number>;
  release(requestId: string, reason: string): Promise<void>;
  /** start, call the provider, then settle — or release and rethrow when the call fails. */
  run<Modality extends UnitModality, Result>(
    input: UnitStartInput<Key, Modality>,
    call: (provider: ModalityProviderMap[Modality], model: ModelInfo, context: CallContext) => Promise<{ result: Result; usage: BillableUsage; shape?: MediaShape }>,
  ): Promise<UnitRun<Modality, Result>>;
}

export interface UnitPipelineDeps<Key extends CallerKey> extends RequestFlagDeps<Key> {
  readonly catalog: ModelCatalog;
  readonly providers: <Modality extends UnitModality>(modality: Modality) => readonly ModalityProviderMap[Modality][];
  readonly keys: KeyGate<Key>;
  readonly meter: CreditMeter<Key>;
  readonly pricing: Pick<Pricing, 'computeCredits'> & {
    estimateMaxCredits(pricing: ModelInfo['pricing'], bounds: CostBounds): number;
    estimateMaxTokens(pricing: ModelInfo['pricing'], bounds: CostBounds): number;
    priceForShape(pricing: ModelInfo['pricing'], shape: MediaShape): ModelInfo['pricing'];
  };
}

/**
 * The metered life of one embeddings, rerank, image or video request: the same hold /
 * settle / release rules as chat, priced per unit (token, search, image, video second).
 */
export function createUnitPipeline<Key extends CallerKey>(deps: UnitPipelineDeps<Key>): UnitPipeline<Key> {
  const pipeline: UnitPipeline<Key> = {
    async start(input) {
      const { model, provider } = resolveModalityModel(deps.providers(input.modality), deps.catalog, { modality: input.modality, name: input.model, endpoint: input.endpoint });
      const { signal } = input.call;
      try {
        input.check?.(provider, model);
        await deps.keys.admit(input.key, { scope: input.modality, model: model.id });
        const { flags, middlewares } = await resolveAttemptFeatures(deps, input.key, input.flags, input.endpoint);
        const bounds = input.bounds(model);
        const pricing = deps.pricing.priceForShape(model.pricing, input.shape?.() ?? {});
        const reservedCredits = deps.pricing.estimateMaxCredits(pricing, bounds);
        await deps.meter.reserve({ requestId: input.requestId, key: input.key, model: model.id, maxCredits: reservedCredits, modality: input.modality, tokens: deps.pricing.estimateMaxTokens(pricing, bounds) });
        const overheadMs = elapsedMs(input.receivedAt);
        const attemptFacts = { receivedAt: input.receivedAt, flags, signal, clientSignal: signal };
        return {
          model, provider, reservedCredits, overheadMs, flags,
          attempt: (work) => runAttempt(middlewares, attemptFacts, (attemptSignal) => work({ ...input.call, signal: attemptSignal })),
          async fail(reason, error) {
            recordFailedRun(signal, { requestedModel: model, overheadMs });
            await deps.meter.release(input.requestId, `${reason}: ${(error as Error).message}`);
          },
        };
      } catch (error) {
        recordFailedRun(signal, { requestedModel: model, overheadMs: undefined });
        throw error;
      }
    },

    settle(requestId, input) {
      const credits = deps.pricing.computeCredits(deps.pricing.priceForShape(input.model.pricing, input.shape ?? {}), input.usage);
      return deps.meter.settle(requestId, { credits, usage: input.usage, model: input.model.id, status: 200, latencyMs: Math.round(input.latencyMs), ...(input.flags ? { flags: input.flags } : {}) });
    },

    release: (requestId, reason) => deps.meter.release(requestId, reason),

    async run(input, call) {
      const hold = await pipeline.start(input);
      let outcome: Awaited<ReturnType<typeof call>>;
      let notes: Readonly<Record<string, unknown>>;
      try {
        ({ value: outcome, notes } = await hold.attempt((context) => call(hold.provider, hold.model, context)));
      } catch (error) {
        await hold.fail('upstream call failed', error);
        throw error;
      }
      const shape = outcome.shape ?? input.shape?.();
      const credits = await pipeline.settle(input.requestId, { model: hold.model, usage: outcome.usage, latencyMs: performance.now() - input.receivedAt, flags: { ...hold.flags, ...notes }, ...(shape ? { shape } : {}) }).catch((error: unknown) => {
        recordFailedRun(input.call.signal, { requestedModel: hold.model, overheadMs: hold.overheadMs });
        throw error;
      });
      return { ...hold, result: outcome.result, credits };
    },
  };
  return pipeline;
}
