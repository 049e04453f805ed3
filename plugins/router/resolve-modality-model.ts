import type { ModelInfo } from '../../kernel/canonical/model';
import type { ModalityProvider } from '../../kernel/canonical/modality-providers';
import { gatewayErrors } from './gateway-errors';
import type { ModelCatalog } from './model-catalog';

/** `provider/model` matches by id or upstream name within that provider; a bare name by alias or upstream name. */
function matches(model: ModelInfo, name: string): boolean {
  if (model.id === name) return true;
  const slash = name.indexOf('/');
  if (slash > 0) return model.provider === name.slice(0, slash) && (model.upstreamId === name.slice(slash + 1) || model.aliases.includes(name.slice(slash + 1)));
  return model.aliases.includes(name) || model.upstreamId === name;
}

/**
 * Finds `name` among the providers of one modality. A model that exists but serves another
 * modality (a chat model sent to /v1/embeddings) is a 400 that says so, not a 404.
 */
export function resolveModalityModel<Provider extends ModalityProvider>(
  providers: readonly Provider[],
  catalog: ModelCatalog,
  request: { modality: ModelInfo['modality']; name: string; endpoint: string },
): { model: ModelInfo; provider: Provider } {
  const candidates = providers.flatMap((provider) => provider.models().filter((model) => matches(model, request.name)).map((model) => ({ model, provider })));
  const found = candidates.find((candidate) => candidate.provider.enabled) ?? candidates[0];
  if (found && !found.provider.enabled) throw gatewayErrors.create('BSK_GATEWAY_PROVIDER_DISABLED', { provider: found.provider.name });
  if (found) return found;
  const other = catalog.list().find((model) => matches(model, request.name));
  if (other) throw gatewayErrors.create('BSK_GATEWAY_MODEL_WRONG_MODALITY', { model: other.id, modality: other.modality, endpoint: request.endpoint });
  throw gatewayErrors.create('BSK_GATEWAY_MODEL_NOT_FOUND', { model: request.name });
}
