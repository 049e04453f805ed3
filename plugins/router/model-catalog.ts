import type { ChatProvider } from '../../kernel/canonical/provider';
import { goesByUpstreamId, type Modality, type ModelInfo } from '../../kernel/canonical/model';
import { isRetired } from '../../kernel/canonical/model-lifecycle';
import type { ModalityProvider } from '../../kernel/canonical/modality-providers';
import { gatewayErrors } from './gateway-errors';

/** `provider/model` matches by id or upstream name within that provider; a bare name by alias or upstream name. */
export function modelGoesBy(model: ModelInfo, name: string): boolean {
  if (model.id === name) return true;
  const slash = name.indexOf('/');
  if (slash > 0) return model.provider === name.slice(0, slash) && (goesByUpstreamId(model, name.slice(slash + 1)) || model.aliases.includes(name.slice(slash + 1)));
  return model.aliases.includes(name) || goesByUpstreamId(model, name);
}

export interface ResolvedModel {
  readonly model: ModelInfo;
  readonly provider: ChatProvider;
}

/**
 * Every provider's models, resolvable by gateway id (`provider/model`) or by a bare alias.
 * Read on each call (providers are few, catalogs small) so a provider enabled by config
 * reload shows up without a restart.
 */
export class ModelCatalog {
  constructor(
    private readonly providers: () => readonly ChatProvider[],
    /** Providers of the other modalities (embeddings, rerank, images, videos). */
    private readonly modalityProviders: () => readonly ModalityProvider[] = () => [],
  ) {}

  /** Models of enabled providers that are not retired at `atMs` (epoch milliseconds), every modality or one. */
  list(modality?: Modality, atMs: number = Date.now()): ModelInfo[] {
    return [...this.providers(), ...this.modalityProviders()]
      .filter((provider) => provider.enabled)
      .flatMap((provider) => provider.models())
      .filter((model) => (!modality || model.modality === modality) && !isRetired(model, atMs));
  }

  resolve(name: string): ResolvedModel {
    const providers = this.providers();
    const slash = name.indexOf('/');
    if (slash > 0) {
      const provider = providers.find((candidate) => candidate.name === name.slice(0, slash));
      const bare = name.slice(slash + 1);
      const model = provider?.models().find((candidate) => candidate.id === name || goesByUpstreamId(candidate, bare) || candidate.aliases.includes(bare));
      if (provider && model) return this.enabledOrThrow({ model, provider });
    }
    for (const provider of providers) {
      const model = provider.models().find((candidate) => candidate.aliases.includes(name) || goesByUpstreamId(candidate, name));
      if (model && provider.enabled) return { model, provider };
    }
    const disabled = providers.find((provider) => provider.models().some((candidate) => candidate.aliases.includes(name) || goesByUpstreamId(candidate, name)));
    if (disabled) throw gatewayErrors.create('BSK_GATEWAY_PROVIDER_DISABLED', { provider: disabled.name });
    // A listed model of another modality (an embeddings model sent to a chat endpoint) is a 400 that says so, not a 404.
    const other = this.list().find((model) => modelGoesBy(model, name));
    if (other) throw gatewayErrors.create('BSK_GATEWAY_MODEL_WRONG_MODALITY', { model: other.id, modality: other.modality, endpoint: 'chat requests' });
    throw gatewayErrors.create('BSK_GATEWAY_MODEL_NOT_FOUND', { model: name });
  }

  /**
   * The model of provider instance `provider` an upstream's own name for a model stands for (the
   * id its answer says answered): the entry going by that upstream id, or having it as an alias.
   * Never another instance's, and a name with a slash is taken whole (vLLM's `Qwen/Qwen3-8B`).
   */
  findUpstreamModel(provider: string, upstreamName: string): ModelInfo | undefined {
    const models = this.providers().find((candidate) => candidate.name === provider)?.models();
    return models?.find((model) => goesByUpstreamId(model, upstreamName) || model.aliases.includes(upstreamName));
  }

  private enabledOrThrow(resolved: ResolvedModel): ResolvedModel {
    if (!resolved.provider.enabled) throw gatewayErrors.create('BSK_GATEWAY_PROVIDER_DISABLED', { provider: resolved.provider.name });
    return resolved;
  }
}

/**
 * Refuses a model its provider has retired by `atMs`, as not found here, naming the day and what
 * to use instead: the entry stays in the catalog so the caller learns that rather than a bare 404.
 */
export function refuseRetiredModel(model: ModelInfo, atMs: number): void {
  if (!isRetired(model, atMs)) return;
  const instead = model.replacement === undefined ? 'GET /v1/models lists the models this key may use' : `use "${model.replacement}" instead`;
  throw gatewayErrors.create('BSK_GATEWAY_MODEL_RETIRED', { model: model.id, retiredOn: model.retiresAt, replacement: model.replacement, instead });
}

/** A chat model by id or alias, served at `atMs`; a model of another modality is a 400 that says so. */
export function resolveChatModel(catalog: ModelCatalog, name: string, atMs: number): ResolvedModel {
  const resolved = catalog.resolve(name);
  if (resolved.model.modality !== 'chat') throw gatewayErrors.create('BSK_GATEWAY_MODEL_WRONG_MODALITY', { model: resolved.model.id, modality: resolved.model.modality, endpoint: 'chat requests' });
  refuseRetiredModel(resolved.model, atMs);
  return resolved;
}
