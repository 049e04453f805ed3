import type { ModelInfo } from '../../kernel/canonical/model';
import type { CallContext, PassthroughResponse, TapResult, UsageTap, WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { CanonicalResponse } from '../../kernel/canonical/response';
import type { StreamPart } from '../../kernel/canonical/stream';
import { estimateRequestTokens, estimateTextTokens } from '../../kernel/canonical/estimate-tokens';
import { type Usage, makeUsage } from '../../kernel/canonical/usage';
import { gatewayErrors } from './gateway-errors';
import { meterStream, type StreamOutcome } from './metered-stream';
import type { ModelCatalog } from './model-catalog';
import type { CallerKey, CreditMeter, KeyGate, Pricing } from './ports';

export interface ChatRunInput<Key extends CallerKey = CallerKey> {
  readonly key: Key;
  readonly requestId: string;
  /** The front-end's wire protocol; equal to the provider's, the body passes through. */
  readonly protocol: WireProtocol;
  readonly request: CanonicalRequest;
  readonly rawBody: Readonly<Record<string, unknown>>;
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
}

interface ChatRunCommon {
  readonly model: ModelInfo;
  /** The hold placed for this request: the most it can cost. */
  readonly reservedCredits: number;
  /** Milliseconds spent in the gateway before the upstream call started. */
  readonly overheadMs: number;
}

export type ChatRun = ChatRunCommon &
  (
    | { readonly mode: 'response'; readonly response: CanonicalResponse; readonly credits: number }
    | { readonly mode: 'stream'; readonly parts: AsyncIterable<StreamPart>; settled(): Promise<number> }
    | {
        readonly mode: 'passthrough';
        readonly response: PassthroughResponse;
        readonly tap: UsageTap;
        /** The final usage event was asked for by the gateway (to bill), not the client: do not forward it. */
        readonly hideFinalUsage: boolean;
        finish(result: TapResult, clientCancelled: boolean): Promise<number>;
      }
  );

export interface ChatPipelineDeps<Key extends CallerKey> {
  readonly catalog: ModelCatalog;
  readonly keys: KeyGate<Key>;
  readonly meter: CreditMeter<Key>;
  readonly pricing: Pricing;
}

/** Fields of ours a client may put in a body; never sent upstream. */
const GATEWAY_BODY_FIELDS = ['bytespike'];

/**
 * The client's body, unchanged but for the upstream model id and our own fields. An OpenAI
 * stream only reports usage when `stream_options.include_usage` is set, and a stream we
 * cannot bill is not an option: we ask for it, and hide that chunk from a client that did not.
 */
function preparePassthroughBody(input: ChatRunInput<CallerKey>, model: ModelInfo): { body: Record<string, unknown>; hideFinalUsage: boolean } {
  const body = Object.fromEntries(Object.entries({ ...input.rawBody, model: model.upstreamId }).filter(([name]) => !GATEWAY_BODY_FIELDS.includes(name)));
  if (input.protocol !== 'openai-chat' || !input.request.stream) return { body, hideFinalUsage: false };
  const streamOptions = (body.stream_options ?? {}) as Record<string, unknown>;
  if (streamOptions.include_usage === true) return { body, hideFinalUsage: false };
  return { body: { ...body, stream_options: { ...streamOptions, include_usage: true } }, hideFinalUsage: true };
}

/** Default output allowance for the hold when neither the request nor the catalog bounds it. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/**
 * One chat request's life: resolve the model, admit the key, reserve the most it can cost,
 * call the provider (natively when protocols match), then settle the real cost or release
 * the hold. Failures before the first byte release and rethrow, so callers (fallback, retry)
 * can try again with nothing billed.
 */
export function createChatPipeline<Key extends CallerKey>(deps: ChatPipelineDeps<Key>): ChatPipeline<Key> {
  async function settleUsage(input: ChatRunInput<Key>, model: ModelInfo, usage: Usage, firstTokenMs: number | null, status = 200): Promise<number> {
    const credits = deps.pricing.computeCredits(model.pricing, usage);
    return deps.meter.settle(input.requestId, { credits, usage, model: model.id, status, latencyMs: Math.round(performance.now() - input.receivedAt), ...(firstTokenMs === null ? {} : { firstTokenMs }) });
  }

  /** Usage when the upstream reported none (or only part): our estimate fills the gaps. */
  function usageOrEstimate(usage: Usage | null, input: ChatRunInput<Key>, deliveredText: string): Usage {
    const estimatedInput = estimateRequestTokens(input.request);
    return makeUsage({
      ...usage,
      inputTokens: usage?.inputTokens || estimatedInput,
      outputTokens: usage?.outputTokens || estimateTextTokens(deliveredText),
    });
  }

  async function finishStream(input: ChatRunInput<Key>, model: ModelInfo, outcome: StreamOutcome): Promise<number> {
    if (outcome.kind === 'failed') {
      await deps.meter.release(input.requestId, `upstream ${outcome.error.kind}: ${outcome.error.message}`);
      return 0;
    }
    return settleUsage(input, model, usageOrEstimate(outcome.usage, input, outcome.deliveredText), outcome.firstTokenMs, outcome.kind === 'cancelled' ? 499 : 200);
  }

  async function run(input: ChatRunInput<Key>): Promise<ChatRun> {
    const { model, provider } = deps.catalog.resolve(input.request.model);
    if (model.modality !== 'chat') throw gatewayErrors.create('BSK_GATEWAY_MODEL_WRONG_MODALITY', { model: model.id, modality: model.modality, endpoint: 'chat requests' });
    await deps.keys.admit(input.key, { scope: 'chat', model: model.id });
    const reservedCredits = deps.pricing.estimateMaxCredits(model.pricing, {
      inputTokens: estimateRequestTokens(input.request),
      maxOutputTokens: input.request.maxTokens ?? model.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    });
    await deps.meter.reserve({ requestId: input.requestId, key: input.key, model: model.id, maxCredits: reservedCredits, modality: 'chat' });
    const call: CallContext = { signal: input.signal, requestId: input.requestId, forwardHeaders: input.forwardHeaders };
    const common = { model, reservedCredits, overheadMs: Math.round((performance.now() - input.receivedAt) * 100) / 100 };
    try {
      if (provider.protocol === input.protocol && provider.passthrough && provider.createUsageTap) {
        const { body, hideFinalUsage } = preparePassthroughBody(input, model);
        const response = await provider.passthrough(body, model, call);
        const finish = async (result: TapResult, clientCancelled: boolean) => {
          if (response.status >= 400 || (result.error && !clientCancelled) || (!result.usage && !clientCancelled)) {
            await deps.meter.release(input.requestId, result.error ? `upstream ${result.error.kind}: ${result.error.message}` : `upstream status ${response.status}`);
            return 0;
          }
          return settleUsage(input, model, usageOrEstimate(result.usage, input, ''), null, clientCancelled ? 499 : response.status);
        };
        return { ...common, mode: 'passthrough', response, tap: provider.createUsageTap(input.request.stream), hideFinalUsage, finish };
      }
      if (input.request.stream) {
        const parts = await provider.stream(input.request, model, call);
        let settled: Promise<number> = Promise.resolve(0);
        const metered = meterStream(parts, { startedAt: input.receivedAt, clientSignal: input.signal }, async (outcome) => {
          settled = finishStream(input, model, outcome);
          await settled;
        });
        return { ...common, mode: 'stream', parts: metered, settled: () => settled };
      }
      const response = await provider.generate(input.request, model, call);
      const credits = await settleUsage(input, model, usageOrEstimate(response.usage, input, ''), null);
      return { ...common, mode: 'response', response, credits };
    } catch (error) {
      await deps.meter.release(input.requestId, `failed before the first byte: ${(error as Error).message}`);
      throw error;
    }
  }

  return { run };
}

export interface ChatPipeline<Key extends CallerKey = CallerKey> {
  run(input: ChatRunInput<Key>): Promise<ChatRun>;
}
