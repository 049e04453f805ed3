import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { openSqliteStore } from './sqlite-store';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bsk-sqlite-'));
  folders.push(folder);
  return join(folder, 'nested', 'bytespike.db');
}

const org = (id: string) => ({ id, name: id, dailyLimit: null, monthlyLimit: null, createdAt: '2025-01-01T00:00:00.000Z' });
const topUp = (orgId: string, amount: number) => ({ orgId, kind: 'top-up' as const, amount, requestId: null, memberId: null, keyId: null, note: null, createdAt: '2025-01-01T00:00:00.000Z' });

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
    await store.insertOrg(org('org_a'));
    const failure = store.transaction(async (tx) => {
      await tx.appendLedger(topUp('org_a', 100));
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect((await store.getOrg('org_a'))!.balance).toBe(0);
    expect(await store.listLedger('org_a')).toEqual([]);
    await store.close();
  });

  it('runs concurrent async transactions one after another (read-modify-write stays exact)', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.insertOrg(org('org_a'));
    const settingsSeen: string[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.transaction(async (tx) => {
          const before = (await tx.getOrg('org_a'))!.balance;
          await new Promise((resolve) => setImmediate(resolve));
          // Only a serialised transaction sees its own read unchanged here.
          if ((await tx.getOrg('org_a'))!.balance === before) await tx.appendLedger(topUp('org_a', 1));
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
    const measure = async (checkpointIntervalMs: number) => {
      const store = openSqliteStore({ file: `${file}-${checkpointIntervalMs}`, checkpointIntervalMs });
      await store.insertOrg(org('org_a'));
      const before = statSync(`${file}-${checkpointIntervalMs}`).size;
      // A few hundred pages of WAL: far below the backstop, so only the worker copies them into the database file.
      for (let index = 0; index < 100; index++) await store.appendLedger({ ...topUp('org_a', 1), note: 'x'.repeat(3000) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const grown = statSync(`${file}-${checkpointIntervalMs}`).size - before;
      expect((await store.getOrg('org_a'))!.balance).toBe(100);
      await store.close();
      return grown;
    };
    expect(await measure(0)).toBe(0);
    expect(await measure(20)).toBeGreaterThan(100 * 3000);
  });
});
