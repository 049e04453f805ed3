import type { FlagSettingsRepository, FlagSettingsRow } from '../flag-settings-repository';
import type { SqlRunner } from './console-repository';
import type { Synchronous } from './synchronous';

type SyncFlagSettingsRepository = Synchronous<FlagSettingsRepository>;

export function toFlagSettings(row: Record<string, unknown>): FlagSettingsRow {
  return { subject: row.subject as string, settings: JSON.parse(row.settings as string) as Record<string, unknown>, updatedAt: row.updated_at as string };
}

export function createSqliteFlagSettingsRepository(sql: SqlRunner): SyncFlagSettingsRepository {
  return {
    putFlagSettings: (row) =>
      void sql.run('INSERT INTO flag_settings (subject, settings, updated_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at',
        row.subject, JSON.stringify(row.settings), row.updatedAt),
    listFlagSettings: (subjects) =>
      subjects.length ? sql.all(`SELECT * FROM flag_settings WHERE subject IN (${subjects.map(() => '?').join(', ')})`, ...subjects).map(toFlagSettings) : [],
  };
}
