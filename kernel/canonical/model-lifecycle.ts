import type { ModelInfo } from './model';

/** What a catalog entry's `retiresAt` comes to, worked out once per entry rather than per request. */
export interface ModelRetirement {
  /** `retiresAt` as epoch milliseconds: the first moment the model is refused. */
  readonly atMs: number;
  /**
   * What every response for the model carries while it is still served: `sunset` (RFC 8594, the
   * HTTP-date of retiresAt) and, only when the provider's deprecation date is known,
   * `deprecation` (RFC 9745, `@<unix seconds>`). That field's value must be the date the resource
   * was deprecated; a guessed one would tell clients something false, so it is left out instead.
   */
  readonly headers: Readonly<Record<string, string>>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const retirements = new WeakMap<ModelInfo, ModelRetirement>();

/** A YYYY-MM-DD date as the epoch milliseconds of its first moment, UTC; NaN unless it is a real calendar date. */
export function parseIsoDate(date: string): number {
  if (!ISO_DATE.test(date)) return Number.NaN;
  const ms = Date.parse(date);
  // Date.parse rolls 2026-02-30 over to March; a date that does not come back as written is not one.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? Number.NaN : ms;
}

function computeRetirement(model: ModelInfo, retiresAt: string): ModelRetirement {
  const atMs = parseIsoDate(retiresAt);
  const headers: Record<string, string> = { sunset: new Date(atMs).toUTCString() };
  if (model.deprecatedAt !== undefined) headers.deprecation = `@${Math.floor(parseIsoDate(model.deprecatedAt) / 1000)}`;
  return { atMs, headers };
}

/**
 * The retirement of a model whose provider has set one; undefined for the others. Kept per entry
 * object (catalog entries are built once, at boot, where checkModelLifecycles reads each), so a
 * request pays a property test, and a map lookup only for a deprecated model.
 */
export function retirementOf(model: ModelInfo): ModelRetirement | undefined {
  if (model.retiresAt === undefined) return undefined;
  let retirement = retirements.get(model);
  if (!retirement) {
    retirement = computeRetirement(model, model.retiresAt);
    retirements.set(model, retirement);
  }
  return retirement;
}

/** Whether the provider refuses the model at `atMs` (epoch milliseconds). */
export function isRetired(model: ModelInfo, atMs: number): boolean {
  return model.retiresAt !== undefined && atMs >= retirementOf(model)!.atMs;
}
