import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { openSqliteStore } from './sqlite-store';
import { orgRow, topUpEntry, useTempDatabaseFiles } from '../__fixtures__/store-rows';

const databaseFile = useTempDatabaseFiles();
// A folder that does not exist yet: the store creates it.
const tempFile = () => databaseFile(join('nested', 'bytespike.db'));

/** A database file migrated up to (not including) `version`, as an older gateway left it. */
function databaseBefore(version: number): { file: string; before: BetterSqlite3.Database } {
  const file = tempFile();
  mkdirSync(dirname(file), { recursive: true });
  const before = new BetterSqlite3(file);
  before.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((candidate) => candidate.version < version)) {
    before.exec(migration.sql);
    before.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.name, '2025-01-01T00:00:00.000Z');
  }
  return { file, before };
}

describe('openSqliteStore', () => {
  it('creates the folder, uses WAL, and applies each migration once across reopenings', async () => {
    const file = tempFile();
    const store = openSqliteStore({ file });
    const applied = await store.migrations();
    expect(applied.map((migration) => migration.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    await store.close();
    const reopened = openSqliteStore({ file });
    expect(await reopened.migrations()).toEqual(applied);
    await reopened.close();
    const direct = new BetterSqlite3(file, { readonly: true });
    expect(direct.pragma('journal_mode', { simple: true })).toBe('wal');
    direct.close();
  });

  it('rolls a failed transaction back entirely', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.insertOrg(orgRow('org_a'));
    const failure = store.transaction(async (tx) => {
      await tx.appendLedger(topUpEntry('org_a', 100));
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect((await store.getOrg('org_a'))!.balance).toBe(0);
    expect(await store.listLedger('org_a')).toEqual([]);
    await store.close();
  });

  it('runs concurrent async transactions one after another (read-modify-write stays exact)', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.insertOrg(orgRow('org_a'));
    const settingsSeen: string[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.transaction(async (tx) => {
          const before = (await tx.getOrg('org_a'))!.balance;
          await new Promise((resolve) => setImmediate(resolve));
          // Only a serialised transaction sees its own read unchanged here.
          if ((await tx.getOrg('org_a'))!.balance === before) await tx.appendLedger(topUpEntry('org_a', 1));
          settingsSeen.push(await tx.ensureSetting('secret', `value-${index}`));
        }),
      ),
    );
    expect((await store.getOrg('org_a'))!.balance).toBe(50);
    expect(new Set(settingsSeen)).toEqual(new Set(['value-0']));
    await store.close();
  });

  it('checkpoints the WAL from its worker thread, not in the writers\' commits', async () => {
    const file = tempFile();
    /** The store left open (closing checkpoints), and how much its database file has grown since before the writes. */
    const writeWal = async (checkpointIntervalMs: number) => {
      const path = `${file}-${checkpointIntervalMs}`;
      const store = openSqliteStore({ file: path, checkpointIntervalMs });
      await store.insertOrg(orgRow('org_a'));
      const before = statSync(path).size;
      // A few hundred pages of WAL: far below the backstop, so only the worker copies them into the database file.
      for (let index = 0; index < 100; index++) await store.appendLedger({ ...topUpEntry('org_a', 1), note: 'x'.repeat(3000) });
      expect((await store.getOrg('org_a'))!.balance).toBe(100);
      return { store, grown: () => statSync(path).size - before };
    };
    // Without the worker nothing but the commits could have copied pages, and they have all returned.
    const withoutWorker = await writeWal(0);
    expect(withoutWorker.grown()).toBe(0);
    await withoutWorker.store.close();
    // The worker's ticks run on its own thread: on a busy machine the first one that copies can
    // come seconds late, so the file is watched until it has grown (expect.poll's 10 s limit).
    const withWorker = await writeWal(20);
    await expect.poll(withWorker.grown).toBeGreaterThan(100 * 3000);
    await withWorker.store.close();
  });

  it('keeps every row and its meaning through migration 6 (tables rebuilt keyed by request id)', async () => {
    const { file, before } = databaseBefore(6);
    before.exec(`
      INSERT INTO orgs (id, name, balance, created_at) VALUES ('org_a', 'A', 70, '2025-01-01');
      INSERT INTO ledger_entries (org_id, kind, amount, created_at) VALUES ('org_a', 'top-up', 100, '2025-01-01'), ('org_a', 'hold', -30, '2025-01-02');
      INSERT INTO reservations (request_id, org_id, member_id, key_id, model, modality, held, status, instance_id, created_at, expires_at)
        VALUES ('req_open', 'org_a', 'mem_a', 'key_a', 'm', 'chat', 30, 'open', 'proc_a', '2025-01-02', '2025-01-03');
      INSERT INTO request_logs (request_id, org_id, member_id, key_id, model, modality, status, latency_ms, input_tokens, output_tokens, cached_input_tokens,
        cache_write_tokens, reasoning_tokens, images, video_seconds, searches, credits, flags, created_at)
        VALUES ('req_done', 'org_a', 'mem_a', 'key_a', 'm', 'chat', 200, 5, 1, 2, 0, 0, 0, 0, 0, 0, 9, '{}', '2025-01-01');
      INSERT INTO spend_totals (scope, period, credits) VALUES ('org:org_a', '2025-01-01', 9);
    `);
    before.close();
    const store = openSqliteStore({ file });
    expect(store.appliedAtOpen.map((migration) => migration.version)).toEqual(MIGRATIONS.filter((migration) => migration.version >= 6).map((migration) => migration.version));
    expect((await store.listLedger('org_a')).map((entry) => [entry.id, entry.amount])).toEqual([[1, 100], [2, -30]]);
    expect(await store.openHolds({ orgId: 'org_a' })).toBe(30);
    expect((await store.listOpenReservations()).map((row) => row.requestId)).toEqual(['req_open']);
    expect((await store.getRequestLog('req_done', 'org_a'))?.credits).toBe(9);
    expect(await store.spendTotal({ scope: 'org:org_a', period: '2025-01-01' })).toBe(9);
    // New ledger ids continue after the copied ones.
    await store.appendLedger(topUpEntry('org_a', 5));
    expect((await store.listLedger('org_a')).at(-1)?.id).toBe(3);
    await store.close();
  });

  it('keeps every row through migration 9, still refuses unknown statuses and kinds, and writes billing rows without an ephemeral table', async () => {
    const { file, before } = databaseBefore(9);
    before.exec(`
      INSERT INTO orgs (id, name, balance, created_at) VALUES ('org_a', 'A', 70, '2025-01-01');
      INSERT INTO ledger_entries (org_id, kind, amount, created_at) VALUES ('org_a', 'top-up', 100, '2025-01-01'), ('org_a', 'hold', -30, '2025-01-02');
      INSERT INTO reservations (request_id, org_id, member_id, key_id, model, modality, held, status, instance_id, created_at, expires_at)
        VALUES ('req_open', 'org_a', 'mem_a', 'key_a', 'm', 'chat', 30, 'open', 'proc_a', '2025-01-02', '2025-01-03'),
               ('req_done', 'org_a', 'mem_a', 'key_a', 'm', 'chat', 10, 'settled', 'proc_a', '2025-01-01', '2025-01-02');
    `);
    before.close();
    const store = openSqliteStore({ file });
    expect(store.appliedAtOpen.map((migration) => migration.version)).toEqual(MIGRATIONS.filter((migration) => migration.version >= 9).map((migration) => migration.version));
    expect((await store.listLedger('org_a')).map((entry) => [entry.id, entry.kind, entry.amount])).toEqual([[1, 'top-up', 100], [2, 'hold', -30]]);
    expect(await store.openHolds({ orgId: 'org_a' })).toBe(30);
    expect((await store.listOpenReservations()).map((row) => row.requestId)).toEqual(['req_open']);
    await store.appendLedger(topUpEntry('org_a', 5));
    expect((await store.listLedger('org_a')).at(-1)?.id).toBe(3);
    await store.close();

    const after = new BetterSqlite3(file);
    const reservation = "INSERT INTO reservations (request_id, org_id, member_id, key_id, model, modality, held, status, instance_id, created_at, expires_at) VALUES ('req_x', 'org_a', 'mem_a', 'key_a', 'm', 'chat', 1, ?, 'proc_a', '2025-01-02', '2025-01-03')";
    const ledger = "INSERT INTO ledger_entries (org_id, kind, amount, created_at) VALUES ('org_a', ?, 1, '2025-01-01')";
    expect(() => after.prepare(reservation).run('pending')).toThrow(/CHECK constraint failed/);
    expect(() => after.prepare(ledger).run('gift')).toThrow(/CHECK constraint failed/);
    expect(() => after.prepare("UPDATE reservations SET status = 'closed' WHERE request_id = 'req_open'").run()).toThrow(/CHECK constraint failed/);
    for (const sql of [reservation, ledger, 'UPDATE reservations SET status = ?, charged = ? WHERE request_id = ?']) {
      const opcodes = after.prepare(`EXPLAIN ${sql}`).all(...sql.split('?').slice(1).map(() => 'open')) as { opcode: string }[];
      expect(opcodes.map((row) => row.opcode)).not.toContain('OpenEphemeral');
    }
    after.close();
  });

  it('appends several ledger entries with one balance update per org', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.insertOrg(orgRow('org_a'));
    await store.insertOrg(orgRow('org_b'));
    await store.appendLedger(topUpEntry('org_a', 100), topUpEntry('org_b', 7), { ...topUpEntry('org_a', -30), kind: 'hold' });
    expect((await store.getOrg('org_a'))!.balance).toBe(70);
    expect((await store.getOrg('org_b'))!.balance).toBe(7);
    expect((await store.listLedger('org_a')).map((entry) => entry.amount)).toEqual([100, -30]);
    await store.close();
  });
});
