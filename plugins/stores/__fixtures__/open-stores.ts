import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../postgres/postgres-store';
import { createTestSchema } from '../postgres/postgres-test-schema';
import { openSqliteStore } from '../sqlite/sqlite-store';
import type { Store } from '../store';

export interface OpenedStore {
  readonly store: Store;
  close(): Promise<void>;
}

/** A migrated SQLite store in a temporary folder, removed on close. */
export async function openTempSqliteStore(): Promise<OpenedStore> {
  const folder = mkdtempSync(join(tmpdir(), 'bsk-store-'));
  const store = openSqliteStore({ file: join(folder, 'gateway.sqlite'), checkpointIntervalMs: 0 });
  return { store, close: async () => { await store.close(); rmSync(folder, { recursive: true, force: true }); } };
}

/** A migrated PostgreSQL store in a schema of its own on the local server, dropped on close. */
export async function openTempPostgresStore(): Promise<OpenedStore> {
  const database = await createTestSchema('store');
  const store = await openPostgresStore({ url: database.url, schema: database.schema });
  await store.migrator.up();
  return { store, close: async () => { await store.close(); await database.drop(); } };
}

/** Both stores, for `describe.each`: the same behaviour is asserted on each. */
export const BOTH_STORES = [['SQLite', openTempSqliteStore], ['PostgreSQL', openTempPostgresStore]] as const;

/** Opens a store before the enclosing block's tests and closes it after them; call the getter inside tests. */
export function useOpenedStore(open: () => Promise<OpenedStore>): () => Store {
  let opened: OpenedStore | undefined;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(() => opened?.close());
  return () => opened!.store;
}
