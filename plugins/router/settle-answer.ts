import type { ModelInfo } from '../../kernel/canonical/model';
import type { TapResult } from '../../kernel/canonical/provider';
import type { CanonicalResponse } from '../../kernel/canonical/response';
import type { StreamPart } from '../../kernel/canonical/stream';
import { estimateContentTokens, estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import { isBskError } from '../../kernel/errors';
import { type Usage, makeUsage } from '../../kernel/canonical/usage';
import { billedModel } from './billed-model';
import type { ChatAnswer, FeatureFlags } from './chat-middleware';
import type { ChatRunInput } from './chat-pipeline';
import { meterStream, type StreamOutcome } from './metered-stream';
import type { ModelCatalog } from './model-catalog';
import type { CallerKey, CreditMeter, Pricing } from './ports';

/**
 * Usage when the upstream reported none (or only part): our estimate fills the gaps. A stream
 * the client cancelled bills at least what it was sent: the upstream's last count then is a
 * placeholder (Anthropic's `message_start` says 1 output token), not what was delivered.
 */
function usageOrEstimate(usage: Usage | null, input: ChatRunInput, model: ModelInfo, delivered: { tokens: () => number; cancelled: boolean }): Usage {
  const reported = usage?.outputTokens ?? 0;
  // Asked for only when needed: a passthrough tap counts the delivered content when read. An
  // estimate (four characters a token) can run past what the model may write; it never bills more.
  const estimated = () => Math.min(delivered.tokens(), input.request.maxTokens ?? Number.POSITIVE_INFINITY, model.maxOutputTokens ?? Number.POSITIVE_INFINITY);
  return makeUsage({
    ...usage,
    inputTokens: usage?.inputTokens || estimateRequestTokens(input.request),
    outputTokens: delivered.cancelled ? Math.max(reported, estimated()) : reported || estimated(),
  });
}

/**
 * The status recorded for a stream cut short: 499 when its client left; when the gateway
 * stopped it (the drain's deadline aborts the request's signal with BSK_HTTP_SHUTTING_DOWN),
 * the status of the error ending its client was sent.
 */
function cutShortStatus(signal: AbortSignal): number {
  return isBskError(signal.reason) ? signal.reason.status : 499;
}

/** The flags in force and what the features did, as recorded with the request. */
function recordedFlags(flags: FeatureFlags, answer: ChatAnswer): Record<string, unknown> {
  return { ...flags, ...answer.notes };
}

/** What a settlement needs besides the request: the meter, the prices, and the catalog an upstream's answering model is looked up in. */
export interface SettlementDeps<Key extends CallerKey> {
  readonly meter: CreditMeter<Key>;
  readonly pricing: Pricing;
  readonly catalog: Pick<ModelCatalog, 'findUpstreamModel'>;
}

/**
 * The one settlement (or release) of an answered request, billed at `admittedAt` (the hold's
 * moment) at the price of the model the upstream says answered when that is another model of the
 * called one's provider (billed-model.ts), otherwise of the model called, scaled by the answer's
 * `creditPercent` (a cache hit) in whole credits. The request log names the model billed; one the
 * upstream routed to another is noted `routed_from` the model called.
 */
export function createSettlement<Key extends CallerKey>(deps: SettlementDeps<Key>, input: ChatRunInput<Key>, answer: ChatAnswer, flags: FeatureFlags, admittedAt: Date) {
  const { model } = answer;
  const notes = recordedFlags(flags, answer);
  /** The usage the settlement billed, once decided; null until then, and after a release. */
  let billed: Usage | null = null;

  async function settleUsage(usage: Usage, upstreamModel: string | undefined, firstTokenMs: number | null, status = 200, onCharged?: (credits: number) => void): Promise<number> {
    billed = usage;
    const priced = billedModel(model, upstreamModel, deps.catalog);
    const fullCredits = deps.pricing.computeCredits(priced.pricing, usage, admittedAt);
    const credits = Math.floor((fullCredits * (answer.creditPercent ?? 100)) / 100);
    const latencyMs = Math.round(performance.now() - input.receivedAt);
    const recorded = priced === model ? notes : { ...notes, routed_from: model.id };
    // `firstTokenMs` always present (undefined when unknown): one object shape for every settlement.
    return deps.meter.settle(input.requestId, { credits, usage, model: priced.id, status, latencyMs, flags: recorded, firstTokenMs: firstTokenMs ?? undefined }, onCharged);
  }

  async function release(reason: string): Promise<number> {
    await deps.meter.release(input.requestId, reason);
    return 0;
  }

  async function finishStream(outcome: StreamOutcome, onCharged: (credits: number) => void): Promise<number> {
    if (outcome.kind === 'failed') return release(`upstream ${outcome.error.kind}: ${outcome.error.message}`);
    const cancelled = outcome.kind === 'cancelled';
    return settleUsage(usageOrEstimate(outcome.usage, input, model, { tokens: () => outcome.deliveredTokens, cancelled }), outcome.upstreamModel, outcome.firstTokenMs, cancelled ? cutShortStatus(input.signal) : 200, onCharged);
  }

  return {
    /** The usage billed (the upstream's, with what it did not report estimated), once decided; null after a release. */
    billedUsage: (): Usage | null => billed,

    /** A whole answer without usage is billed for its content, as a stream is for what it delivered. */
    settleResponse: (response: CanonicalResponse, onCharged?: (credits: number) => void) =>
      settleUsage(usageOrEstimate(response.usage, input, model, { tokens: () => estimateContentTokens(response.content), cancelled: false }), response.upstreamModel, null, 200, onCharged),

    meter(parts: AsyncIterable<StreamPart>): { parts: AsyncIterable<StreamPart>; settled(): Promise<number>; onCharged(listener: (credits: number) => void): void } {
      let settled: Promise<number> = Promise.resolve(0);
      let listener: ((credits: number) => void) | undefined;
      const metered = meterStream(parts, { startedAt: input.receivedAt, clientSignal: input.signal }, async (outcome) => {
        settled = finishStream(outcome, (credits) => listener?.(credits));
        await settled;
      });
      return { parts: metered, settled: () => settled, onCharged: (heard) => void (listener = heard) };
    },

    /**
     * Settles (or releases) a relayed answer; `onCharged` as in CreditMeter.settle, never called on
     * a release. An answer that finished without usage is billed by the estimate, as on the
     * translated path: servers that ignore `stream_options` (Ollama before 0.5.2, TGI) report none.
     */
    async finishPassthrough(result: TapResult, clientCancelled: boolean, onCharged?: (credits: number) => void): Promise<number> {
      if (answer.mode !== 'passthrough') return 0;
      const { status } = answer.response;
      if (status >= 400 || (result.error && !clientCancelled) || (!result.usage && result.finishReason === null && !clientCancelled)) {
        return release(result.error ? `upstream ${result.error.kind}: ${result.error.message}` : `upstream status ${status}`);
      }
      const firstTokenMs = result.firstContentAt === undefined ? null : Math.round(result.firstContentAt - input.receivedAt);
      const usage = usageOrEstimate(result.usage, input, model, { tokens: () => result.deliveredTokens ?? 0, cancelled: clientCancelled });
      return settleUsage(usage, result.upstreamModel, firstTokenMs, clientCancelled ? cutShortStatus(input.signal) : status, onCharged);
    },
  };
}
