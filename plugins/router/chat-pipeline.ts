import type { ModelInfo } from '../../kernel/canonical/model';
import type { WholeBody } from '../../kernel/canonical/passthrough-body';
import type { PassthroughResponse, TapResult, UsageTap, WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { CanonicalResponse } from '../../kernel/canonical/response';
import type { StreamPart } from '../../kernel/canonical/stream';
import type { Usage } from '../../kernel/canonical/usage';
import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import { elapsedMs } from '../../kernel/elapsed-ms';
import { markRequestPhase } from '../../kernel/request-phases';
import { callProvider } from './call-provider';
import { type ChatAnswer, type ChatCall, type ChatMiddleware, composeMiddlewares, type FeatureFlags } from './chat-middleware';
import { refuseUnreadableContent } from './content-capabilities';
import { recordFailedRun } from './failed-runs';
import { refuseModelConflicts } from './refuse-model-conflicts';
import { gatewayErrors } from './gateway-errors';
import { type ModelCatalog, type ResolvedModel, resolveChatModel } from './model-catalog';
import type { CallerKey, CreditMeter, KeyGate, Pricing } from './ports';
import { chatMiddlewaresFor, type RequestFlagDeps, resolveRequestFlags } from './request-flags';
import { createSettlement, type SettlementDeps } from './settle-answer';
import { explainUnaffordableOutput } from './unaffordable-output';

export interface ChatRunInput<Key extends CallerKey = CallerKey> {
  readonly key: Key;
  readonly requestId: string;
  /** The front-end's wire protocol; equal to the provider's, the body passes through. */
  readonly protocol: WireProtocol;
  readonly request: CanonicalRequest;
  readonly rawBody: Readonly<Record<string, unknown>>;
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** The raw `x-bytespike-flags` header, when the client sent one. */
  readonly flagsHeader?: string | undefined;
  /** Aborted when the client goes away; the request's own, which its failure record is kept by (failed-runs.ts). */
  readonly signal: AbortSignal;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
}

interface ChatRunCommon {
  /** The model that answered (after any fallback). */
  readonly model: ModelInfo;
  /** The model the client asked for (its `model` field, resolved), whichever answered: the one its code names. */
  readonly requestedModel: ModelInfo;
  /** The hold placed for this request: the most it can cost. */
  readonly reservedCredits: number;
  /** Milliseconds spent in the gateway before the upstream call started. */
  readonly overheadMs: number;
  /** Headers features add to the response (`bytespike-cache`). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The usage the settlement billed, once decided (when `onCharged` is heard): the upstream's,
   * with what it did not report estimated. Null after a release.
   */
  billedUsage(): Usage | null;
}

export type ChatRun = ChatRunCommon &
  (
    | {
        readonly mode: 'response';
        readonly response: CanonicalResponse;
        /** Settles the answer and resolves with the credits billed; `onCharged` as in passthrough's `finish`. */
        finish(onCharged?: (credits: number) => void): Promise<number>;
      }
    | {
        readonly mode: 'stream';
        readonly parts: AsyncIterable<StreamPart>;
        /** The credits billed, once the stream ended and was settled or released. */
        settled(): Promise<number>;
        /**
         * Hears a settlement's figure as soon as it is decided, before its writes where the
         * store allows (CreditMeter.settle), once every part was consumed: the place to end the
         * client's stream. Not called on a release (`settled` resolves with 0).
         */
        onCharged(listener: (credits: number) => void): void;
      }
    | {
        readonly mode: 'passthrough';
        readonly response: PassthroughResponse;
        readonly tap: UsageTap;
        /** The final usage event was asked for by the gateway (to bill), not the client: do not forward it. */
        readonly hideFinalUsage: boolean;
        /** A non-streamed answer, already read and tapped; null when the relay reads the body. */
        readonly wholeBody: WholeBody | null;
        /**
         * Settles (or releases) the request and resolves with the credits billed. `onCharged`
         * hears a settlement's figure as soon as it is decided, before its writes where the
         * store allows (CreditMeter.settle): the place to answer the client.
         */
        finish(result: TapResult, clientCancelled: boolean, onCharged?: (credits: number) => void): Promise<number>;
      }
  );

export interface ChatPipelineDeps<Key extends CallerKey> extends RequestFlagDeps<Key> {
  readonly catalog: ModelCatalog;
  readonly keys: KeyGate<Key>;
  readonly meter: CreditMeter<Key>;
  readonly pricing: Pricing;
  /**
   * The wall clock, read once a request, as it enters the pipeline: the moment its prices are
   * those of, and the moment a model's retirement is judged at (default: the system's).
   */
  readonly now?: () => Date;
}


/** Default output allowance for the hold when neither the request nor the catalog bounds it. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
/**
 * The most a hold allows for a model whose output limit the catalog does not know: more than any
 * model writes, and small enough that a client's max_tokens of 1e308 makes a 402 that names the
 * max_tokens the wallet covers, not a hold of Infinity credits.
 */
const MAX_OUTPUT_ALLOWANCE = 1_000_000;

/** What each protocol calls the output limit, for the 402 that says how large a one the wallet covers. */
const OUTPUT_LIMIT_FIELDS: Record<WireProtocol, string> = { 'anthropic-messages': 'max_tokens', 'openai-chat': 'max_tokens', 'openai-responses': 'max_output_tokens', gemini: 'maxOutputTokens' };

/**
 * One chat request's life: resolve the model, admit the key, resolve the feature flags,
 * reserve the most any model it may use can cost (one hold, whatever fallback does), run the
 * provider call through the feature middlewares, then settle what the answering model cost
 * or release the hold. Failures before the first byte release and rethrow.
 */
export function createChatPipeline<Key extends CallerKey>(deps: ChatPipelineDeps<Key>): ChatPipeline<Key> {
  const resolveChat = (name: string, atMs: number) => resolveChatModel(deps.catalog, name, atMs);
  const settlementDeps: SettlementDeps<Key> = { meter: deps.meter, pricing: deps.pricing, catalog: deps.catalog };

  /** Every model the request may end up using, each checked against the key before anything is held. */
  function authorizeModels(key: Key, primary: ResolvedModel, middlewares: readonly ChatMiddleware[], flags: FeatureFlags, atMs: number): Map<string, ResolvedModel> {
    const allowed = new Map([[primary.model.id, primary]]);
    for (const middleware of middlewares) {
      for (const name of middleware.alsoCalls?.(flags) ?? []) {
        let resolved: ResolvedModel;
        try {
          resolved = resolveChat(name, atMs);
          deps.keys.authorize(key, { scope: 'chat', model: resolved.model.id });
        } catch (error) {
          throw gatewayErrors.create('BSK_GATEWAY_FLAG_MODEL', { flag: middleware.flag, param: middleware.flag, reason: (error as Error).message }, { cause: error });
        }
        allowed.set(resolved.model.id, resolved);
      }
    }
    return allowed;
  }

  /**
   * The output tokens a hold covers: the request's max_tokens, never more than the model can
   * write (translated calls are capped there too, see call-provider.ts; Claude Code asks 32,000
   * of every model); the model's limit when the request sets none.
   */
  const outputAllowance = (input: ChatRunInput<Key>, model: ModelInfo) =>
    Math.min(input.request.maxTokens ?? model.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, model.maxOutputTokens ?? MAX_OUTPUT_ALLOWANCE);

  function holdFor(input: ChatRunInput<Key>, inputTokens: number, models: Iterable<ResolvedModel>, at: Date): number {
    const costs = [...models].map(({ model }) => deps.pricing.estimateMaxCredits(model.pricing, { inputTokens, maxOutputTokens: outputAllowance(input, model) }, at));
    return Math.max(...costs);
  }

  function firstCall(input: ChatRunInput<Key>, primary: ResolvedModel, flags: FeatureFlags, allowed: Map<string, ResolvedModel>): ChatCall {
    return {
      key: input.key, requestId: input.requestId, protocol: input.protocol, request: input.request, rawBody: input.rawBody,
      forwardHeaders: input.forwardHeaders, receivedAt: input.receivedAt, flags, model: primary.model, provider: primary.provider,
      signal: input.signal, clientSignal: input.signal, passthrough: true,
      resolve(name) {
        const found = allowed.get(name) ?? allowed.get(deps.catalog.resolve(name).model.id);
        if (!found) throw gatewayErrors.create('BSK_GATEWAY_FLAG_MODEL', { flag: 'fallback', reason: `model "${name}" was not checked for this request` });
        return found;
      },
    };
  }

  async function run(input: ChatRunInput<Key>): Promise<ChatRun> {
    // One moment prices the hold and the bill alike, so the hold covers the bill even when the
    // answer ends past a change of price (off-peak hours); the client pays the price it was quoted
    // when it asked. The same moment decides whether a model is retired, before anything is held.
    const admittedAt = deps.now?.() ?? new Date();
    const admittedMs = admittedAt.getTime();
    const primary = resolveChat(input.request.model, admittedMs);
    // A try around the rest costs nothing while nothing throws: the model is recorded on failure only.
    let overheadOfFailedCall: number | undefined;
    try {
      await deps.keys.admit(input.key, { scope: 'chat', model: primary.model.id });
      const flags = await resolveRequestFlags(deps, input.key, { header: input.flagsHeader, body: input.rawBody.bytespike });
      const middlewares = chatMiddlewaresFor(deps, flags);
      const allowed = authorizeModels(input.key, primary, middlewares, flags, admittedMs);
      refuseUnreadableContent(input.request, allowed.values());
      refuseModelConflicts(input.request, input.protocol, allowed.values());
      const inputTokens = estimateRequestTokens(input.request);
      const reservedCredits = holdFor(input, inputTokens, allowed.values(), admittedAt);
      const tokens = inputTokens + outputAllowance(input, primary.model);
      markRequestPhase(input.requestId, 'reserving');
      await deps.meter.reserve({ requestId: input.requestId, key: input.key, model: primary.model.id, maxCredits: reservedCredits, modality: 'chat', tokens }).catch((error: unknown) => {
        const models = [...allowed.values()].map(({ model }) => model);
        throw explainUnaffordableOutput(error, { pricing: deps.pricing, models, inputTokens, allowance: Math.max(...models.map((model) => outputAllowance(input, model))), maxTokensSent: input.request.maxTokens !== undefined, field: OUTPUT_LIMIT_FIELDS[input.protocol], at: admittedAt });
      });
      markRequestPhase(input.requestId, 'reserved');
      const overheadMs = elapsedMs(input.receivedAt);
      let answer: ChatAnswer;
      try {
        answer = await composeMiddlewares(middlewares, callProvider)(firstCall(input, primary, flags, allowed));
      } catch (error) {
        overheadOfFailedCall = overheadMs;
        await deps.meter.release(input.requestId, `failed before the first byte: ${(error as Error).message}`);
        throw error;
      }
      return toChatRun(input, answer, { requestedModel: primary.model, reservedCredits, overheadMs, flags, admittedAt });
    } catch (error) {
      recordFailedRun(input.signal, { requestedModel: primary.model, overheadMs: overheadOfFailedCall });
      throw error;
    }
  }

  // Not async: returning a promise from `run` would cost its caller more ticks.
  function toChatRun(input: ChatRunInput<Key>, answer: ChatAnswer, facts: { requestedModel: ModelInfo; reservedCredits: number; overheadMs: number; flags: FeatureFlags; admittedAt: Date }): ChatRun {
    const settlement = createSettlement(settlementDeps, input, answer, facts.flags, facts.admittedAt);
    const { model, headers } = answer;
    const { requestedModel, reservedCredits, overheadMs } = facts;
    const { billedUsage } = settlement;
    // One literal per mode (no spread of a shared part): V8 builds each on its fast path.
    if (answer.mode === 'passthrough') return { model, requestedModel, reservedCredits, overheadMs, headers, billedUsage, mode: 'passthrough', response: answer.response, tap: answer.tap, hideFinalUsage: answer.hideFinalUsage, wholeBody: answer.wholeBody, finish: settlement.finishPassthrough };
    if (answer.mode === 'stream') return { model, requestedModel, reservedCredits, overheadMs, headers, billedUsage, mode: 'stream', ...settlement.meter(answer.parts) };
    return { model, requestedModel, reservedCredits, overheadMs, headers, billedUsage, mode: 'response', response: answer.response, finish: (onCharged) => settlement.settleResponse(answer.response, onCharged) };
  }

  return { run };
}

export interface ChatPipeline<Key extends CallerKey = CallerKey> {
  run(input: ChatRunInput<Key>): Promise<ChatRun>;
}
