import type { FlagSettingsRepository } from '../flag-settings-repository';
import { toFlagSettings } from '../sqlite/flag-settings-repository';
import type { Queryable } from './postgres-repository';

export function createPostgresFlagSettingsRepository(db: Queryable): FlagSettingsRepository {
  return {
    putFlagSettings: async (row) =>
      void (await db.query('INSERT INTO flag_settings (subject, settings, updated_at) VALUES ($1, $2, $3) ON CONFLICT (subject) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at',
        [row.subject, JSON.stringify(row.settings), row.updatedAt])),
    listFlagSettings: async (subjects) =>
      subjects.length ? (await db.query('SELECT * FROM flag_settings WHERE subject = ANY($1::text[])', [[...subjects]])).rows.map(toFlagSettings) : [],
  };
}
