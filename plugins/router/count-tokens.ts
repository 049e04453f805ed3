import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { isUpstreamError } from '../../kernel/canonical/upstream-error';
import { gatewayErrors } from './gateway-errors';
import type { ModelCatalog } from './model-catalog';
import type { CallerKey, KeyGate } from './ports';

export interface TokenCount {
  readonly inputTokens: number;
  /** `upstream` when the provider counted, `estimate` when it has no count endpoint. */
  readonly source: 'upstream' | 'estimate';
  readonly model: string;
}

/**
 * Counts a request's input tokens: the provider's own count where it has an endpoint,
 * otherwise our estimate (labelled as such). An upstream that has an endpoint but fails
 * is an error, never a made-up number.
 */
export async function countRequestTokens<Key extends CallerKey>(deps: { catalog: ModelCatalog; keys: KeyGate<Key> }, key: Key, request: CanonicalRequest, call: { signal: AbortSignal; requestId: string; forwardHeaders: Readonly<Record<string, string>> }): Promise<TokenCount> {
  const { model, provider } = deps.catalog.resolve(request.model);
  await deps.keys.admit(key, { scope: 'chat', model: model.id });
  if (!provider.countTokens) return { inputTokens: estimateRequestTokens(request), source: 'estimate', model: model.id };
  try {
    return { inputTokens: await provider.countTokens(request, model, call), source: 'upstream', model: model.id };
  } catch (error) {
    if (isUpstreamError(error)) throw error;
    throw gatewayErrors.create('BSK_GATEWAY_COUNT_UNAVAILABLE', { model: model.id, reason: (error as Error).message }, { cause: error });
  }
}
