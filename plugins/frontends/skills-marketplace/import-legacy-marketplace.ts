import { existsSync, renameSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../../../kernel/logger';
import { toSkillVersion } from '../../stores/sqlite/skill-repository';
import type { Store } from '../../stores/store';

/**
 * Earlier builds kept the marketplace in its own SQLite file (`<dataDir>/marketplace/marketplace.db`).
 * At boot its names and versions move into the shared store, in one transaction (a version the
 * store already has is left as it is), and the file is renamed `marketplace.db.imported`, so
 * the import runs once and nothing is lost if it fails halfway.
 */
export async function importLegacyMarketplace(file: string, store: Store, logger: Logger): Promise<void> {
  if (!existsSync(file)) return;
  const legacy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  let names: { name: string; org_id: string }[];
  let versions: (Record<string, unknown> & { archive: Buffer })[];
  try {
    names = legacy.prepare('SELECT name, org_id FROM skill_names').all() as typeof names;
    versions = legacy.prepare('SELECT * FROM skill_versions ORDER BY published_at').all() as typeof versions;
  } finally {
    legacy.close();
  }
  let imported = 0;
  await store.transaction(async (tx) => {
    for (const { name, org_id: orgId } of names) await tx.claimSkillName(name, orgId);
    for (const row of versions) if (await tx.insertSkillVersion(toSkillVersion(row), row.archive)) imported++;
  });
  renameSync(file, `${file}.imported`);
  logger.info({ file, names: names.length, versions: imported }, 'imported the marketplace file into the shared store');
}
