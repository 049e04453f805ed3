import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store';
import { orgRow, topUpEntry, useTempDatabaseFiles } from '../__fixtures__/store-rows';

const tempFile = useTempDatabaseFiles();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The balance as another connection (another process) sees it. */
function balanceElsewhere(file: string, orgId: string): number {
  const other = new BetterSqlite3(file, { readonly: true });
  try {
    return (other.prepare('SELECT balance FROM orgs WHERE id = ?').get(orgId) as { balance: number }).balance;
  } finally {
    other.close();
  }
}

/** A store on a fresh file with one org, its lazy transactions committed `groupCommitMs` after a group began. */
async function storeWithOrg(groupCommitMs: number) {
  const file = tempFile();
  const store = openSqliteStore({ file, groupCommitMs });
  await store.insertOrg(orgRow('org_a'));
  return { file, store };
}

describe('SQLite group commit', () => {
  it('shows a lazy transaction to this process at once and commits it within the window', async () => {
    const { file, store } = await storeWithOrg(50);
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 5)), { lazyCommit: true });
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 7)), { lazyCommit: true });
    expect((await store.getOrg('org_a'))!.balance).toBe(12);
    await store.close();
    expect(balanceElsewhere(file, 'org_a')).toBe(12);
  });

  it('keeps other processes on the state before the group until its COMMIT', async () => {
    const { file, store } = await storeWithOrg(200);
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 5)), { lazyCommit: true });
    expect(balanceElsewhere(file, 'org_a')).toBe(0);
    await sleep(400);
    expect(balanceElsewhere(file, 'org_a')).toBe(5);
    await store.close();
  });

  it('undoes a failed lazy transaction alone, and still ends the group it opened', async () => {
    const { file, store } = await storeWithOrg(20);
    const failing = (amount: number) => store.transaction(async (tx) => {
      await tx.appendLedger(topUpEntry('org_a', amount));
      throw new Error('refused');
    }, { lazyCommit: true });
    // Alone: the group it opened must still end and give the write lock back.
    await expect(failing(100)).rejects.toThrow('refused');
    await sleep(100);
    const other = new BetterSqlite3(file, { timeout: 50 });
    other.prepare("UPDATE orgs SET name = 'renamed' WHERE id = 'org_a'").run();
    other.close();
    // Among others: only its own changes go.
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 3)), { lazyCommit: true });
    await expect(failing(50)).rejects.toThrow('refused');
    await sleep(100);
    expect(balanceElsewhere(file, 'org_a')).toBe(3);
    await store.close();
  });

  it('commits the open group before a transaction that must be durable resolves', async () => {
    const { file, store } = await storeWithOrg(10_000);
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 5)), { lazyCommit: true });
    await store.transaction((tx) => tx.appendLedger(topUpEntry('org_a', 1)));
    expect(balanceElsewhere(file, 'org_a')).toBe(6);
    await store.close();
  });
});
