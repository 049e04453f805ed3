import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../stores/sqlite/sqlite-store';
import type { Store } from '../stores/store';
import { type AccountsService, createAccountsService } from './accounts-service';
import { type BillingOptions, type BillingService, createBillingService } from './billing-service';
import { createMemoryRateLimiter } from './rate-limiter';

/** A fresh SQLite file in a temp folder, with accounts and billing on top, and a movable clock. */
export interface BillingFixture {
  readonly folder: string;
  readonly file: string;
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  readonly clock: { now: Date };
  dispose(): Promise<void>;
}

export async function createBillingFixture(options: Partial<BillingOptions> & { folder?: string } = {}): Promise<BillingFixture> {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'bsk-billing-'));
  const file = join(folder, 'bytespike.db');
  const store = openSqliteStore({ file });
  const clock = { now: new Date('2025-03-15T12:00:00.000Z') };
  const now = () => clock.now;
  const accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter(() => clock.now.getTime()), now });
  const billing = createBillingService({ store, now, ...options });
  return {
    folder, file, store, accounts, billing, clock,
    async dispose() {
      await store.close();
      if (!options.folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** An org with one owner and one all-scope root key (already authenticated). */
export async function createFundedOrg(fixture: BillingFixture, credits: number) {
  const org = await fixture.accounts.createOrg({ name: 'Acme' });
  const member = await fixture.accounts.addMember(org.id, { email: 'owner@acme.test', role: 'owner' });
  const created = await fixture.accounts.createKey(member.id, { name: 'root' });
  if (credits > 0) await fixture.billing.topUp(org.id, credits, 'initial');
  const key = await fixture.accounts.authenticate(created.key);
  return { org, member, created, key };
}

/** The invariant the ledger promises: the stored balance is exactly the sum of the entries. */
export async function ledgerSum(store: Store, orgId: string): Promise<{ balance: number; sum: number }> {
  const org = await store.getOrg(orgId);
  const entries = await store.listLedger(orgId);
  return { balance: org!.balance, sum: entries.reduce((total, entry) => total + entry.amount, 0) };
}
