import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from '../stores/postgres/postgres-store';
import { createTestSchema } from '../stores/postgres/postgres-test-schema';
import { openSqliteStore } from '../stores/sqlite/sqlite-store';
import type { Store } from '../stores/store';
import { type AccountsService, createAccountsService } from './accounts-service';
import { type BillingOptions, type BillingService, createBillingService } from './billing-service';
import { createMemoryRateLimiter } from './rate-limiter';

/**
 * A fresh store with accounts and billing on top, and a movable clock. The store is a
 * SQLite file in a temp folder, or with E2E_STORE=postgres a schema of its own on the
 * test PostgreSQL, so the same billing tests prove both stores.
 */
export interface BillingFixture {
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  readonly clock: { now: Date };
  /** Opens a second store on the same data, as a restarted process would. */
  reopenStore(): Promise<Store>;
  /** Runs SQL behind the store's back (`?` placeholders), to set up states the API cannot reach. */
  runSql(text: string, values: unknown[]): Promise<void>;
  dispose(): Promise<void>;
}

interface FixtureDatabase {
  readonly store: Store;
  reopenStore(): Promise<Store>;
  runSql(text: string, values: unknown[]): Promise<void>;
  drop(): Promise<void>;
}

export const TEST_STORE = process.env.E2E_STORE === 'postgres' ? 'postgres' : 'sqlite';

async function openSqliteDatabase(): Promise<FixtureDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'bsk-billing-'));
  const file = join(folder, 'bytespike.db');
  return {
    store: openSqliteStore({ file }),
    reopenStore: async () => openSqliteStore({ file }),
    async runSql(text, values) {
      const direct = new BetterSqlite3(file);
      direct.prepare(text).run(...values);
      direct.close();
    },
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function openPostgresDatabase(): Promise<FixtureDatabase> {
  const database = await createTestSchema('billing');
  const open = async () => {
    const store = await openPostgresStore({ url: database.url, schema: database.schema });
    await store.migrator.up();
    return store;
  };
  return {
    store: await open(),
    reopenStore: open,
    async runSql(text, values) {
      const client = new pg.Client({ connectionString: database.url, options: `-c search_path=${database.schema}` });
      await client.connect();
      let index = 0;
      await client.query(text.replace(/\?/g, () => `$${++index}`), values);
      await client.end();
    },
    drop: () => database.drop(),
  };
}

export async function createBillingFixture(options: Partial<BillingOptions> = {}): Promise<BillingFixture> {
  const database = TEST_STORE === 'postgres' ? await openPostgresDatabase() : await openSqliteDatabase();
  const { store } = database;
  const clock = { now: new Date('2025-03-15T12:00:00.000Z') };
  const now = () => clock.now;
  const accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter(() => clock.now.getTime()), now });
  const billing = createBillingService({ store, now, ...options });
  return {
    store, accounts, billing, clock,
    reopenStore: database.reopenStore,
    runSql: database.runSql,
    async dispose() {
      accounts.dispose();
      // A test that simulates a crash has closed the store already.
      await store.close().catch(() => undefined);
      await database.drop();
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
