import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { isUpstreamError } from '../../kernel/canonical/upstream-error';
import { isBskError } from '../../kernel/errors';
import { refuseUncarriedRequest } from './call-provider';
import { refuseUnreadableContent } from './content-capabilities';
import { recordFailedRun } from './failed-runs';
import { gatewayErrors } from './gateway-errors';
import { type ModelCatalog, type ResolvedModel, resolveChatModel } from './model-catalog';
import type { CallerKey, KeyGate, RequestFlagSources } from './ports';
import { type RequestFlagDeps, resolveAttemptFeatures, runAttempt } from './request-flags';

export interface TokenCount {
  readonly inputTokens: number;
  /** `upstream` when the provider counted, `estimate` when it has no count endpoint. */
  readonly source: 'upstream' | 'estimate';
  readonly model: ModelInfo;
}

export interface CountTokensInput {
  /** The front-end's wire protocol, as for the create call the count stands for. */
  readonly protocol: WireProtocol;
  /** The request's own: its failure record is kept by it (failed-runs.ts). */
  readonly signal: AbortSignal;
  readonly requestId: string;
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
  readonly flags: RequestFlagSources;
}

export interface CountTokensDeps<Key extends CallerKey> extends RequestFlagDeps<Key> {
  readonly catalog: ModelCatalog;
  readonly keys: KeyGate<Key>;
}

/**
 * Counts a request's input tokens: the provider's own count where it has an endpoint,
 * otherwise our estimate (labelled as such). A request the create call would refuse (content
 * the model cannot read, what only passthrough serves on a translated call, a bad flag) is
 * refused the same, and so is one the provider's own conversion refuses (a typed 4xx, such as
 * a tool result Gemini cannot name): that is the request's fault, not a missing count. An
 * upstream that has an endpoint but fails is an error, never a made-up number; `timeout_ms`
 * and `retry` apply to that call. A failure once the model is resolved is recorded for the
 * error answer, which warns of the model's retirement as the count would (failed-runs.ts).
 */
export async function countRequestTokens<Key extends CallerKey>(deps: CountTokensDeps<Key>, key: Key, request: CanonicalRequest, input: CountTokensInput): Promise<TokenCount> {
  // A count for a retired model is refused as its create call would be; nothing is priced here, so the clock is read for that alone.
  const resolved = resolveChatModel(deps.catalog, request.model, Date.now());
  try {
    return await countFor(deps, key, request, input, resolved);
  } catch (error) {
    // Its overhead is the whole wait, as a count's success reports it.
    recordFailedRun(input.signal, { requestedModel: resolved.model, overheadMs: undefined });
    throw error;
  }
}

async function countFor<Key extends CallerKey>(deps: CountTokensDeps<Key>, key: Key, request: CanonicalRequest, input: CountTokensInput, resolved: ResolvedModel): Promise<TokenCount> {
  const { model, provider } = resolved;
  await deps.keys.admit(key, { scope: 'chat', model: model.id });
  const { flags, middlewares } = await resolveAttemptFeatures(deps, key, input.flags, 'count_tokens');
  refuseUnreadableContent(request, [resolved]);
  refuseUncarriedRequest({ request, protocol: input.protocol, provider, model, passthrough: true });
  if (!provider.countTokens) return { inputTokens: estimateRequestTokens(request), source: 'estimate', model };
  const context = { signal: input.signal, requestId: input.requestId, forwardHeaders: input.forwardHeaders };
  try {
    const { value } = await runAttempt(middlewares, { receivedAt: input.receivedAt, flags, signal: input.signal, clientSignal: input.signal }, (signal) => provider.countTokens!(request, model, { ...context, signal }));
    return { inputTokens: value, source: 'upstream', model };
  } catch (error) {
    if (isUpstreamError(error) || (isBskError(error) && error.status < 500)) throw error;
    throw gatewayErrors.create('BSK_GATEWAY_COUNT_UNAVAILABLE', { model: model.id, reason: (error as Error).message }, { cause: error });
  }
}
