import type { ModelInfo } from '../../kernel/canonical/model';
import type { ModalityProvider } from '../../kernel/canonical/modality-providers';
import { gatewayErrors } from './gateway-errors';
import { type ModelCatalog, modelGoesBy, refuseRetiredModel } from './model-catalog';

/**
 * Finds `name` among the providers of one modality. A model that exists but serves another
 * modality (a chat model sent to /v1/embeddings) is a 400 that says so, not a 404.
 */
export function resolveModalityModel<Provider extends ModalityProvider>(
  providers: readonly Provider[],
  catalog: ModelCatalog,
  request: { modality: ModelInfo['modality']; name: string; endpoint: string },
): { model: ModelInfo; provider: Provider } {
  const candidates = providers.flatMap((provider) => provider.models().filter((model) => modelGoesBy(model, request.name)).map((model) => ({ model, provider })));
  const found = candidates.find((candidate) => candidate.provider.enabled) ?? candidates[0];
  if (found && !found.provider.enabled) throw gatewayErrors.create('BSK_GATEWAY_PROVIDER_DISABLED', { provider: found.provider.name });
  if (found) {
    refuseRetiredModel(found.model, Date.now());
    return found;
  }
  const other = catalog.list().find((model) => modelGoesBy(model, request.name));
  if (other) throw gatewayErrors.create('BSK_GATEWAY_MODEL_WRONG_MODALITY', { model: other.id, modality: other.modality, endpoint: request.endpoint });
  throw gatewayErrors.create('BSK_GATEWAY_MODEL_NOT_FOUND', { model: request.name });
}
