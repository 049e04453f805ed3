import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger';
import { importLegacyMarketplace } from '../frontends/skills-marketplace/import-legacy-marketplace';
import { BOTH_STORES, useOpenedStore } from './__fixtures__/open-stores';
import type { SkillVersionRow } from './skill-repository';
import { MIGRATIONS } from './sqlite/migrations';

const version = (name: string, number: string, orgId = 'org_a', visibility: SkillVersionRow['visibility'] = 'public'): SkillVersionRow => ({
  name, version: number, orgId, visibility, description: `The ${name} skill.`, author: 'Ada', tags: ['demo', 'docs'], sha256: `sha-${name}-${number}`, publishedAt: `2025-01-0${number.split('.')[0]}T00:00:00.000Z`,
});

/** The file the marketplace kept before it moved into the shared store: its tables were the ones migration 7 creates. */
function writeLegacyMarketplace(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(MIGRATIONS.find((migration) => migration.version === 7)!.sql);
  db.prepare('INSERT INTO skill_names VALUES (?, ?)').run('legacy-skill', 'org_old');
  db.prepare('INSERT INTO skill_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('legacy-skill', '1.0.0', 'org_old', 'org', 'Old.', null, '["x"]', 'sha-old', Buffer.from('old archive'), '2024-12-01T00:00:00.000Z');
  db.close();
}

describe.each(BOTH_STORES)('%s skill marketplace tables', (_name, open) => {
  const store = useOpenedStore(open);

  it('gives a name to the first org that claims it, and keeps it', async () => {
    expect(await store().claimSkillName('pdf-tools', 'org_a')).toBe('org_a');
    expect(await store().claimSkillName('pdf-tools', 'org_b')).toBe('org_a');
  });

  it('stores a version and its archive once; the same version again changes nothing', async () => {
    expect(await store().insertSkillVersion(version('pdf-tools', '1.0.0'), Buffer.from('archive one'))).toBe(true);
    expect(await store().insertSkillVersion({ ...version('pdf-tools', '1.0.0'), sha256: 'other' }, Buffer.from('archive two'))).toBe(false);
    expect(await store().getSkillVersion('pdf-tools', '1.0.0')).toEqual(version('pdf-tools', '1.0.0'));
    expect((await store().getSkillArchive('pdf-tools', '1.0.0'))?.toString()).toBe('archive one');
    expect([await store().getSkillVersion('pdf-tools', '9.9.9'), await store().getSkillArchive('nope', '1.0.0')]).toEqual([null, null]);
  });

  it('lists public versions to everyone and private ones to their org only', async () => {
    await store().claimSkillName('secret-sauce', 'org_b');
    await store().insertSkillVersion(version('secret-sauce', '2.0.0', 'org_b', 'org'), Buffer.from('private'));
    const names = async (orgId: string | null) => (await store().listVisibleSkillVersions(orgId)).map((row) => `${row.name}@${row.version}`);
    expect(await names(null)).toEqual(['pdf-tools@1.0.0']);
    expect(await names('org_a')).toEqual(['pdf-tools@1.0.0']);
    expect(await names('org_b')).toEqual(['pdf-tools@1.0.0', 'secret-sauce@2.0.0']);
  });

  it('imports the marketplace file of earlier builds once, then renames it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bsk-legacy-marketplace-'));
    const file = join(folder, 'marketplace.db');
    writeLegacyMarketplace(file);
    await importLegacyMarketplace(file, store(), createLogger({ level: 'silent' }));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.imported`)).toBe(true);
    expect(await store().claimSkillName('legacy-skill', 'org_a')).toBe('org_old');
    expect(await store().getSkillVersion('legacy-skill', '1.0.0')).toEqual({ name: 'legacy-skill', version: '1.0.0', orgId: 'org_old', visibility: 'org', description: 'Old.', author: null, tags: ['x'], sha256: 'sha-old', publishedAt: '2024-12-01T00:00:00.000Z' });
    expect((await store().getSkillArchive('legacy-skill', '1.0.0'))?.toString()).toBe('old archive');
    rmSync(folder, { recursive: true, force: true });
  });
});
