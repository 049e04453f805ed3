import { storeErrors } from './errors';
import type { Migration } from './sqlite/migrations';

/** Where a database stands against the migrations this build knows. */
export interface SchemaState {
  readonly applied: readonly number[];
  readonly pending: readonly Migration[];
}

/**
 * Refuses a database migrated by a newer gateway: its schema may carry columns or meanings
 * this build would silently ignore or break (a rolling upgrade runs the new version's
 * `migrate up` first, then replaces instances; an old instance must not keep writing).
 */
export function readSchemaState(store: string, applied: readonly number[], known: readonly Migration[]): SchemaState {
  const knownVersions = new Set(known.map((migration) => migration.version));
  const unknown = applied.filter((version) => !knownVersions.has(version));
  if (unknown.length) throw storeErrors.create('BSK_STORE_SCHEMA_UNKNOWN', { store, found: Math.max(...unknown), known: Math.max(0, ...knownVersions) });
  const done = new Set(applied);
  return { applied, pending: known.filter((migration) => !done.has(migration.version)) };
}
