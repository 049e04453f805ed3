import type { SkillRepository, SkillVersionRow, SkillVisibility } from '../skill-repository';
import type { SqlRunner } from './console-repository';
import type { Synchronous } from './synchronous';

type Row = Record<string, unknown>;
type SyncSkillRepository = Synchronous<SkillRepository>;

/** The columns of a version without its archive; the same statements run on PostgreSQL with numbered placeholders. */
export const SKILL_VERSION_COLUMNS = 'name, version, org_id, visibility, description, author, tags, sha256, published_at';

export function toSkillVersion(row: Row): SkillVersionRow {
  return {
    name: row.name as string, version: row.version as string, orgId: row.org_id as string, visibility: row.visibility as SkillVisibility,
    description: row.description as string, author: (row.author as string | null) ?? null, tags: JSON.parse(row.tags as string) as string[],
    sha256: row.sha256 as string, publishedAt: row.published_at as string,
  };
}

export function skillVersionValues(row: SkillVersionRow, archive: Buffer): unknown[] {
  return [row.name, row.version, row.orgId, row.visibility, row.description, row.author, JSON.stringify(row.tags), row.sha256, row.publishedAt, archive];
}

export function createSqliteSkillRepository(sql: SqlRunner): SyncSkillRepository {
  const { one, all, run } = sql;
  return {
    claimSkillName(name, orgId) {
      run('INSERT INTO skill_names (name, org_id) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', name, orgId);
      return one('SELECT org_id FROM skill_names WHERE name = ?', name)!.org_id as string;
    },
    insertSkillVersion: (row, archive) =>
      run(`INSERT INTO skill_versions (${SKILL_VERSION_COLUMNS}, archive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO NOTHING`, ...skillVersionValues(row, archive)).changes === 1,
    listVisibleSkillVersions: (orgId) =>
      all(`SELECT ${SKILL_VERSION_COLUMNS} FROM skill_versions WHERE visibility = 'public' OR org_id = ? ORDER BY name, published_at`, orgId ?? '').map(toSkillVersion),
    getSkillVersion(name, version) {
      const row = one(`SELECT ${SKILL_VERSION_COLUMNS} FROM skill_versions WHERE name = ? AND version = ?`, name, version);
      return row ? toSkillVersion(row) : null;
    },
    getSkillArchive: (name, version) => (one('SELECT archive FROM skill_versions WHERE name = ? AND version = ?', name, version)?.archive as Buffer | undefined) ?? null,
  };
}
