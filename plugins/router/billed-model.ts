import type { ModelInfo } from '../../kernel/canonical/model';
import type { ModelCatalog } from './model-catalog';

/**
 * The model a chat request is billed at: the one its upstream says answered, when that is another
 * model of the called model's own provider instance. Upstreams route retired and aliased ids to
 * other models and bill at those models' rates (Google routes gemini-3.7-flash to
 * gemini-3.8-flash). An id the catalog does not know (OpenAI's dated snapshots), one naming the
 * same upstream model (a dated Claude id, a fixed thinking mode's entry), or none at all bills the
 * model called.
 */
export function billedModel(called: ModelInfo, upstreamModel: string | undefined, catalog: Pick<ModelCatalog, 'findUpstreamModel'>): ModelInfo {
  // The upstream naming the id it was sent (the usual answer) costs one comparison.
  if (upstreamModel === undefined || upstreamModel === called.upstreamId) return called;
  const routed = catalog.findUpstreamModel(called.provider, upstreamModel);
  return routed === undefined || routed.upstreamId === called.upstreamId ? called : routed;
}
