import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

export type Visibility = 'public' | 'org';

export interface PublishedVersion {
  readonly name: string;
  readonly version: string;
  readonly orgId: string;
  readonly visibility: Visibility;
  readonly description: string;
  readonly author: string | null;
  readonly tags: readonly string[];
  readonly sha256: string;
  readonly publishedAt: string;
}

export interface MarketplaceStore {
  /** The org that first published `name`, or null for a free name. */
  ownerOf(name: string): string | null;
  /** Stores a version (and claims the name for the org on its first version); false when it exists. */
  publish(entry: PublishedVersion, archive: Buffer): boolean;
  /** Versions visible to `orgId` (public ones, plus that org's private ones); null orgId: public only. */
  visibleVersions(orgId: string | null): PublishedVersion[];
  archive(name: string, version: string): Buffer | null;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS skill_names (name TEXT PRIMARY KEY, org_id TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS skill_versions (
    name TEXT NOT NULL REFERENCES skill_names(name), version TEXT NOT NULL, org_id TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'org')), description TEXT NOT NULL,
    author TEXT, tags TEXT NOT NULL, sha256 TEXT NOT NULL, archive BLOB NOT NULL, published_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
  );`;

interface VersionRow {
  name: string; version: string; org_id: string; visibility: Visibility; description: string; author: string | null; tags: string; sha256: string; published_at: string;
}

function toVersion(row: VersionRow): PublishedVersion {
  return { name: row.name, version: row.version, orgId: row.org_id, visibility: row.visibility, description: row.description, author: row.author, tags: JSON.parse(row.tags) as string[], sha256: row.sha256, publishedAt: row.published_at };
}

/**
 * The marketplace keeps its own SQLite file (`<dataDir>/marketplace/marketplace.db`) because
 * the shared store has no skill tables yet; archives are stored as blobs so a version and its
 * bytes are written in one transaction.
 */
export function openMarketplaceStore(file: string): MarketplaceStore {
  mkdirSync(dirname(file), { recursive: true });
  const db: Database = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const columns = 'name, version, org_id, visibility, description, author, tags, sha256, published_at';
  const visible = db.prepare(`SELECT ${columns} FROM skill_versions WHERE visibility = 'public' OR org_id = ? ORDER BY name, published_at`);
  const publish = db.transaction((entry: PublishedVersion, archive: Buffer) => {
    if (db.prepare('SELECT 1 FROM skill_versions WHERE name = ? AND version = ?').get(entry.name, entry.version)) return false;
    db.prepare('INSERT OR IGNORE INTO skill_names (name, org_id) VALUES (?, ?)').run(entry.name, entry.orgId);
    db.prepare(`INSERT INTO skill_versions (${columns}, archive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(entry.name, entry.version, entry.orgId, entry.visibility, entry.description, entry.author, JSON.stringify(entry.tags), entry.sha256, entry.publishedAt, archive);
    return true;
  });
  return {
    ownerOf: (name) => (db.prepare('SELECT org_id FROM skill_names WHERE name = ?').get(name) as { org_id: string } | undefined)?.org_id ?? null,
    publish: (entry, archive) => publish.immediate(entry, archive),
    visibleVersions: (orgId) => (visible.all(orgId ?? '') as VersionRow[]).map(toVersion),
    archive: (name, version) => (db.prepare('SELECT archive FROM skill_versions WHERE name = ? AND version = ?').get(name, version) as { archive: Buffer } | undefined)?.archive ?? null,
    close: () => db.close(),
  };
}
