/**
 * The skill marketplace's names and versions, in the shared store so that every gateway
 * instance serves what any of them published. An archive is stored with its version (BLOB on
 * SQLite, BYTEA on PostgreSQL), written in one transaction; versions never change.
 */

export type SkillVisibility = 'public' | 'org';

export interface SkillVersionRow {
  readonly name: string;
  readonly version: string;
  readonly orgId: string;
  readonly visibility: SkillVisibility;
  readonly description: string;
  readonly author: string | null;
  readonly tags: readonly string[];
  readonly sha256: string;
  readonly publishedAt: string;
}

export interface SkillRepository {
  /** Claims `name` for `orgId` when nobody owns it; returns the owner after the claim (the first org to publish a name keeps it). */
  claimSkillName(name: string, orgId: string): Promise<string>;
  /** Stores a version with its archive; false when that version exists (nothing is changed). */
  insertSkillVersion(row: SkillVersionRow, archive: Buffer): Promise<boolean>;
  /** Public versions, and `orgId`'s private ones (none when null), by name then publication. */
  listVisibleSkillVersions(orgId: string | null): Promise<SkillVersionRow[]>;
  getSkillVersion(name: string, version: string): Promise<SkillVersionRow | null>;
  getSkillArchive(name: string, version: string): Promise<Buffer | null>;
}
