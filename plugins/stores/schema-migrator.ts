import type { Migration } from './sqlite/migrations';

/** One row of `bytespike migrate status`. */
export interface SchemaVersionStatus {
  readonly version: number;
  readonly name: string;
  /** When it was applied; null while pending. */
  readonly appliedAt: string | null;
}

/** What `bytespike migrate` drives; each store implements it over its own database. */
export interface SchemaMigrator {
  /** `sqlite` or `postgres`, and the redacted location, for messages. */
  readonly kind: string;
  readonly location: string;
  status(): Promise<SchemaVersionStatus[]>;
  /** Applies every pending migration (once, even with several processes racing); returns what this call applied. */
  up(): Promise<readonly Migration[]>;
}
