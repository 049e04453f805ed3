import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { LedgerEntryInput, OrgRow } from '../store';

const AT = '2025-01-01T00:00:00.000Z';

/** An org row with no limits. */
export const orgRow = (id: string): Omit<OrgRow, 'balance'> => ({ id, name: id, dailyLimit: null, monthlyLimit: null, createdAt: AT });

/** A top-up ledger entry for `orgId`. */
export const topUpEntry = (orgId: string, amount: number): LedgerEntryInput => ({ orgId, kind: 'top-up', amount, requestId: null, memberId: null, keyId: null, note: null, createdAt: AT });

/** Database file paths in fresh temporary folders, removed after each test. */
export function useTempDatabaseFiles(): (relativePath?: string) => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return (relativePath = 'bytespike.db') => {
    const folder = mkdtempSync(join(tmpdir(), 'bsk-sqlite-'));
    folders.push(folder);
    return join(folder, relativePath);
  };
}
