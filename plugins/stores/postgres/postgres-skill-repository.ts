import type { SkillRepository, SkillVersionRow } from '../skill-repository';
import { SKILL_VERSION_COLUMNS, skillVersionValues, toSkillVersion } from '../sqlite/skill-repository';
import type { Queryable } from './postgres-repository';

/** Skill names and versions on PostgreSQL: the SQLite twin's statements with numbered placeholders; BYTEA arrives as a Buffer. */
export function createPostgresSkillRepository(db: Queryable): SkillRepository {
  const rows = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows as Record<string, unknown>[];
  return {
    async claimSkillName(name, orgId) {
      await db.query('INSERT INTO skill_names (name, org_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, orgId]);
      return (await rows('SELECT org_id FROM skill_names WHERE name = $1', [name]))[0]!.org_id as string;
    },
    insertSkillVersion: async (row: SkillVersionRow, archive: Buffer) =>
      ((await db.query(`INSERT INTO skill_versions (${SKILL_VERSION_COLUMNS}, archive) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (name, version) DO NOTHING`, skillVersionValues(row, archive))).rowCount ?? 0) === 1,
    listVisibleSkillVersions: async (orgId) =>
      (await rows(`SELECT ${SKILL_VERSION_COLUMNS} FROM skill_versions WHERE visibility = 'public' OR org_id = $1 ORDER BY name, published_at`, [orgId ?? ''])).map(toSkillVersion),
    getSkillVersion: async (name, version) => (await rows(`SELECT ${SKILL_VERSION_COLUMNS} FROM skill_versions WHERE name = $1 AND version = $2`, [name, version])).map(toSkillVersion)[0] ?? null,
    getSkillArchive: async (name, version) => ((await rows('SELECT archive FROM skill_versions WHERE name = $1 AND version = $2', [name, version]))[0]?.archive as Buffer | undefined) ?? null,
  };
}
