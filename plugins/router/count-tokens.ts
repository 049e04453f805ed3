import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { isUpstreamError } from '../../kernel/canonical/upstream-error';
import { isBskError } from '../../kernel/errors';
import { refuseUncarriedRequest } from './call-provider';
import { refuseUnreadableContent } from './content-capabilities';
import { gatewayErrors } from './gateway-errors';
import { type ModelCatalog, resolveChatModel } from './model-catalog';
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
 * and `retry` apply to that call.
 */
export async function countRequestTokens<Key extends CallerKey>(deps: CountTokensDeps<Key>, key: Key, request: CanonicalRequest, input: CountTokensInput): Promise<TokenCount> {
  // A count for a retired model is refused as its create call would be; nothing is priced here, so the clock is read for that alone.
  const resolved = resolveChatModel(deps.catalog, request.model, Date.now());
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
