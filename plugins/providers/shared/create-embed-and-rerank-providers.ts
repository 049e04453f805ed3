import type { ModelInfo } from '../../../kernel/canonical/model';
import type { EmbeddingProvider, EmbeddingRequest, EmbeddingResult, RerankProvider, RerankRequest, RerankResult } from '../../../kernel/canonical/modality-providers';
import { createUpstreamCallHealth, trackEmbeddings, trackRerank, type UpstreamCallHealth } from './upstream-call-health';
import { buildModalityCatalog, type ModalityModelEntry } from './modality-catalog';
import { fetchUpstreamJson, requireApiKey, requireTextInputs } from './read-upstream-json';
import { type ErrorBodyReader, joinUrl, type FetchFunction } from './upstream-fetch';

/** Cohere answers errors as `{ message }`, Voyage as `{ detail }`: either is the message; the status gives the kind. */
const readMessageError: ErrorBodyReader = (_status, body) => {
  if (typeof body === 'string') return body ? { message: body.slice(0, 200) } : {};
  const fields = (body ?? {}) as { message?: unknown; detail?: unknown };
  const message = typeof fields.message === 'string' ? fields.message : typeof fields.detail === 'string' ? fields.detail : undefined;
  return message ? { message } : {};
};

export interface KeyedUpstreamOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly fetch: FetchFunction;
}

export interface KeyedUpstreamSpec {
  readonly name: string;
  /** The environment variable named when the key is missing. */
  readonly keyVariable: string;
  readonly defaultBaseUrl: string;
  readonly entries: readonly ModalityModelEntry[];
}

/** Posts JSON with the bearer key and reads the JSON answer, within one call. */
export type KeyedPost = <Body>(path: string, body: unknown) => Promise<Body>;

/** The upstream-specific part: request bodies and answer shapes. */
export interface EmbedAndRerankAdapter {
  /** Texts only: these upstreams refuse token ids. */
  embed(texts: readonly string[], request: EmbeddingRequest, model: ModelInfo, post: KeyedPost): Promise<EmbeddingResult>;
  rerank(request: RerankRequest, model: ModelInfo, post: KeyedPost): Promise<RerankResult>;
}

export interface EmbedAndRerankProviders {
  readonly embeddings: EmbeddingProvider;
  readonly rerank: RerankProvider;
  /** Both providers' calls, for `/health`. */
  readonly health: UpstreamCallHealth;
}

/**
 * The providers of an embeddings-and-rerank upstream (Cohere, Voyage): one bearer key that
 * enables both, errors as `{ message }` or `{ detail }`, a catalog of both modalities.
 */
export function createEmbedAndRerankProviders(spec: KeyedUpstreamSpec, options: KeyedUpstreamOptions, adapter: EmbedAndRerankAdapter): EmbedAndRerankProviders {
  const baseUrl = options.baseUrl ?? spec.defaultBaseUrl;
  const health = createUpstreamCallHealth({ name: spec.name, baseUrl, enabled: Boolean(options.apiKey) });
  const poster = (signal: AbortSignal): KeyedPost => (path, body) => fetchUpstreamJson({
    provider: spec.name, url: joinUrl(baseUrl, path), headers: { authorization: `Bearer ${requireApiKey(spec.name, options.apiKey, spec.keyVariable)}` }, body, signal, fetch: options.fetch,
  }, readMessageError);
  const describe = (modality: ModalityModelEntry['modality']) => {
    const models = buildModalityCatalog(spec.name, modality, spec.entries).models;
    return { name: spec.name, enabled: Boolean(options.apiKey), models: () => models };
  };
  return {
    embeddings: trackEmbeddings(health, { ...describe('embeddings'), embed: async (request, model, call) => adapter.embed(requireTextInputs(spec.name, request.inputs), request, model, poster(call.signal)) }),
    rerank: trackRerank(health, { ...describe('rerank'), rerank: async (request, model, call) => adapter.rerank(request, model, poster(call.signal)) }),
    health,
  };
}
