import type { Modality, ModelInfo } from '../../../kernel/canonical/model';
import type { ImageModelOptions, ImageResponseFormat, VideoVariant } from '../../../kernel/canonical/modality-providers';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';

/** A catalog entry of a non-chat model, with what its endpoint needs to check requests. */
export interface ModalityModelEntry extends ModelCatalogEntry {
  readonly modality: Exclude<Modality, 'chat'>;
  /** Images and videos: `WIDTHxHEIGHT` values (and `auto`) the model accepts; the first is the default. */
  readonly sizes?: readonly string[];
  /** Videos: lengths in seconds the model accepts; the first is the default. */
  readonly durations?: readonly number[];
  /** Videos: what a finished job downloads as besides the MP4 (`thumbnail`, `spritesheet`). */
  readonly variants?: readonly VideoVariant[];
  /** Images: whether the model edits images too. */
  readonly edits?: boolean;
  /** Images: `quality` values, the default first; absent, the model takes none. */
  readonly qualities?: readonly string[];
  /** Images: the most one request may ask for; 10 when absent. */
  readonly maxImages?: number;
  /** Images: `response_format` values the model takes; both when absent, none when empty. */
  readonly responseFormats?: readonly ImageResponseFormat[];
  /** Images: the answer's format when the client does not say; `url` when absent. */
  readonly defaultResponseFormat?: ImageResponseFormat;
  /** Images: model-specific options the model takes (ImageModelOptions.parameters). */
  readonly parameters?: ImageModelOptions['parameters'];
}

/** ModelInfo of one modality, and the entry's extras by gateway id. */
export interface ModalityCatalog {
  readonly models: readonly ModelInfo[];
  entry(model: ModelInfo): ModalityModelEntry | undefined;
}

/** OpenAI's Images API limit on `n`. */
const DEFAULT_MAX_IMAGES = 10;

export function buildModalityCatalog(provider: string, modality: ModalityModelEntry['modality'], entries: readonly ModalityModelEntry[]): ModalityCatalog {
  const selected = entries.filter((entry) => entry.modality === modality);
  const models = buildModelCatalog(provider, selected).map((model) => ({ ...model, modality }));
  const byId = new Map(selected.map((entry) => [`${provider}/${entry.id}`, entry]));
  return { models, entry: (model) => byId.get(model.id) };
}

/** An image model's options from its catalog entry, with the Images API's defaults filled in. */
export function imageOptionsOf(catalog: ModalityCatalog, model: ModelInfo): ImageModelOptions {
  const entry = catalog.entry(model);
  return {
    sizes: entry?.sizes ?? [],
    qualities: entry?.qualities ?? [],
    maxImages: entry?.maxImages ?? DEFAULT_MAX_IMAGES,
    responseFormats: entry?.responseFormats ?? ['url', 'b64_json'],
    defaultResponseFormat: entry?.defaultResponseFormat ?? 'url',
    parameters: entry?.parameters ?? {},
    edits: entry?.edits === true,
  };
}

/** A video model's downloadable variants: the MP4, and the previews its catalog entry lists. */
export function videoVariantsOf(catalog: ModalityCatalog, model: ModelInfo): readonly VideoVariant[] {
  return ['video', ...(catalog.entry(model)?.variants ?? [])];
}
