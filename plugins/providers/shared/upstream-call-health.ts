import type { EmbeddingProvider, RerankProvider } from '../../../kernel/canonical/modality-providers';
import { COOLING_STATUSES, statusOf, type UpstreamHealthSource } from './upstream-pool';
import { describeTarget } from './upstream-targets';

/** A single upstream's health, and the wrapper its calls go through to be counted. */
export interface UpstreamCallHealth extends UpstreamHealthSource {
  track<Result>(call: () => Promise<Result>): Promise<Result>;
}

export interface UpstreamCallHealthOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly enabled: boolean;
  readonly now?: () => number;
}

/**
 * The `/health` entry of a provider with one upstream and no pool (Cohere, Voyage, an
 * openai-compatible instance with only embeddings or rerank models), in the
 * shape a pool of one reports: its calls counted, the last answer that blamed the key
 * (401, 429) kept. One upstream never cools: there is nothing to balance to.
 */
export function createUpstreamCallHealth(options: UpstreamCallHealthOptions): UpstreamCallHealth {
  const now = options.now ?? Date.now;
  const label = describeTarget(0, options.baseUrl);
  let requests = 0;
  let lastFailure: { status: number; at: number } | undefined;
  return {
    async track(call) {
      requests++;
      try {
        return await call();
      } catch (error) {
        const status = statusOf(error);
        if (status !== undefined && COOLING_STATUSES.has(status)) lastFailure = { status, at: now() };
        throw error;
      }
    },
    health: () => ({
      provider: options.name,
      members: [{
        label, weight: 1, state: options.enabled ? 'ok' : 'disabled', requests,
        ...(lastFailure ? { lastFailure: { status: lastFailure.status, at: new Date(lastFailure.at).toISOString() } } : {}),
      }],
    }),
  };
}

/** An embeddings provider whose calls `health` counts. */
export function trackEmbeddings(health: UpstreamCallHealth, provider: EmbeddingProvider): EmbeddingProvider {
  return { ...provider, embed: (request, model, call) => health.track(() => provider.embed(request, model, call)) };
}

/** A rerank provider whose calls `health` counts. */
export function trackRerank(health: UpstreamCallHealth, provider: RerankProvider): RerankProvider {
  return { ...provider, rerank: (request, model, call) => health.track(() => provider.rerank(request, model, call)) };
}
