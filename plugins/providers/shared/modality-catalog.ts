import type { Modality, ModelInfo } from '../../../kernel/canonical/model';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';

/** A catalog entry of a non-chat model, with what its endpoint needs to check requests. */
export interface ModalityModelEntry extends ModelCatalogEntry {
  readonly modality: Exclude<Modality, 'chat'>;
  /** Images and videos: `WIDTHxHEIGHT` values (and `auto`) the model accepts; the first is the default. */
  readonly sizes?: readonly string[];
  /** Videos: lengths in seconds the model accepts; the first is the default. */
  readonly durations?: readonly number[];
  /** Images: whether the model edits images too. */
  readonly edits?: boolean;
}

/** ModelInfo of one modality, and the entry's extras by gateway id. */
export interface ModalityCatalog {
  readonly models: readonly ModelInfo[];
  entry(model: ModelInfo): ModalityModelEntry | undefined;
}

export function buildModalityCatalog(provider: string, modality: ModalityModelEntry['modality'], entries: readonly ModalityModelEntry[]): ModalityCatalog {
  const selected = entries.filter((entry) => entry.modality === modality);
  const models = buildModelCatalog(provider, selected).map((model) => ({ ...model, modality }));
  const byId = new Map(selected.map((entry) => [`${provider}/${entry.id}`, entry]));
  return { models, entry: (model) => byId.get(model.id) };
}
