import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBskError } from '../../../kernel/errors';
import { MIGRATIONS } from '../sqlite/migrations';
import { openPostgresStore, type PostgresStore, redactUrl } from './postgres-store';
import { postgresMigrations, toPostgresSql } from './postgres-migrations';
import { createTestSchema, type TestSchema } from './postgres-test-schema';
import { orgRow, topUpEntry } from '../__fixtures__/store-rows';

const at = '2025-01-01T00:00:00.000Z';

let database: TestSchema;
let store: PostgresStore;
beforeAll(async () => {
  database = await createTestSchema('store');
  store = await openPostgresStore({ url: database.url, schema: database.schema });
  await store.migrator.up();
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('toPostgresSql', () => {
  it('widens SQLite integers to 64 bits and turns the autoincrement id into a BIGSERIAL', () => {
    expect(toPostgresSql('id INTEGER PRIMARY KEY AUTOINCREMENT, amount INTEGER NOT NULL, ratio REAL, data BLOB')).toBe('id BIGSERIAL PRIMARY KEY, amount BIGINT NOT NULL, ratio DOUBLE PRECISION, data BYTEA');
  });
});

describe('openPostgresStore', () => {
  it('applies every known migration once, even with instances racing, and reports them', async () => {
    const racers = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: database.url, schema: database.schema })));
    expect((await Promise.all(racers.map((racer) => racer.migrator.up()))).flat()).toEqual([]);
    await Promise.all(racers.map((racer) => racer.close()));
    expect((await store.migrations()).map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect((await store.migrator.status()).every((row) => row.appliedAt !== null)).toBe(true);
  });

  it('applies migrations on a fresh schema under concurrent boots exactly once', async () => {
    const fresh = await createTestSchema('race');
    try {
      const racers = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: fresh.url, schema: fresh.schema })));
      const applied = await Promise.all(racers.map((racer) => racer.migrator.up()));
      expect(applied.map((list) => list.length).sort()).toEqual([0, 0, postgresMigrations().length]);
      await Promise.all(racers.map((racer) => racer.close()));
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a schema version it does not know', async () => {
    const future = await createTestSchema('future');
    try {
      const newer = await openPostgresStore({ url: future.url, schema: future.schema, migrations: [...postgresMigrations(), { version: 999, name: 'from the future', sql: 'CREATE TABLE future (id TEXT)' }] });
      await newer.migrator.up();
      await newer.close();
      const older = await openPostgresStore({ url: future.url, schema: future.schema });
      const failure = await older.migrator.up().catch((error: unknown) => error);
      await older.close();
      expect(isBskError(failure) && failure.code).toBe('BSK_STORE_SCHEMA_UNKNOWN');
      expect((failure as Error).message).toContain('999');
    } finally {
      await future.drop();
    }
  });

  it('keeps BIGINT credits exact beyond 32 bits and the balance equal to the ledger', async () => {
    await store.insertOrg(orgRow('org_big'));
    await store.appendLedger(topUpEntry('org_big', 5_000_000_000_000));
    await store.appendLedger({ ...topUpEntry('org_big', -1), kind: 'hold', requestId: 'req_1' });
    expect((await store.getOrg('org_big'))!.balance).toBe(4_999_999_999_999);
    expect((await store.listLedger('org_big')).map((entry) => entry.amount)).toEqual([5_000_000_000_000, -1]);
  });

  it('appends entries of several orgs in one statement, each balance moved by its own sum', async () => {
    await store.insertOrg(orgRow('org_one'));
    await store.insertOrg(orgRow('org_two'));
    await store.appendLedger(topUpEntry('org_one', 100), topUpEntry('org_two', 7), { ...topUpEntry('org_one', -30), kind: 'hold', requestId: 'req_two_orgs' });
    expect([(await store.getOrg('org_one'))!.balance, (await store.getOrg('org_two'))!.balance]).toEqual([70, 7]);
    expect((await store.listLedger('org_one')).map((entry) => entry.amount)).toEqual([100, -30]);
  });

  it('locks an org and reads it as the lock leaves it; an unknown org reads as null', async () => {
    await store.insertOrg(orgRow('org_locked'));
    await store.appendLedger(topUpEntry('org_locked', 42));
    const read = await store.transaction((tx) => Promise.all([tx.lockOrg('org_locked'), tx.lockOrg('org_missing')]));
    expect(read[0]).toMatchObject({ id: 'org_locked', balance: 42 });
    expect(read[1]).toBeNull();
  });

  it('rolls a failed transaction back entirely', async () => {
    await store.insertOrg(orgRow('org_rollback'));
    await expect(store.transaction(async (tx) => {
      await tx.appendLedger(topUpEntry('org_rollback', 100));
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await store.getOrg('org_rollback'))!.balance).toBe(0);
  });

  it('serialises read-modify-write on one org across pools with lockOrg', async () => {
    await store.insertOrg(orgRow('org_race'));
    const others = await Promise.all([1, 2].map(() => openPostgresStore({ url: database.url, schema: database.schema })));
    const stores = [store, ...others];
    // Each transaction notes the balance its lock handed it, then adds 1: lost updates would show as a balance seen twice.
    await Promise.all(Array.from({ length: 60 }, (_, index) => stores[index % 3]!.transaction(async (tx) => {
      const { balance } = (await tx.lockOrg('org_race'))!;
      await tx.appendLedger({ ...topUpEntry('org_race', 1), note: String(balance) });
    })));
    await Promise.all(others.map((other) => other.close()));
    expect((await store.getOrg('org_race'))!.balance).toBe(60);
    // Balances seen were 0..59 exactly once each: no two transactions overlapped.
    const seen = (await store.listLedger('org_race')).map((entry) => Number(entry.note)).sort((left, right) => left - right);
    expect(seen).toEqual(Array.from({ length: 60 }, (_, index) => index));
  });

  it('heartbeats on a connection of its own, so a pool busy with one org\'s queue never makes a live instance look stale', async () => {
    await store.insertOrg(orgRow('org_busy'));
    const busy = await openPostgresStore({ url: database.url, schema: database.schema, poolSize: 1 });
    let unlock!: () => void;
    const locked = new Promise<void>((resolve) => (unlock = resolve));
    // The pool's only connection holds the org's lock until told to let go.
    const holding = busy.transaction(async (tx) => {
      await tx.lockOrg('org_busy');
      await locked;
    });
    const queued = busy.getOrg('org_busy');
    const startedAt = performance.now();
    await busy.heartbeatInstance({ id: 'proc_busy', host: 'gateway-host', pid: 4242 }, '2025-01-01T00:00:01.000Z');
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect((await store.listInstances()).find((instance) => instance.id === 'proc_busy')).toEqual({ id: 'proc_busy', heartbeatAt: '2025-01-01T00:00:01.000Z', host: 'gateway-host', pid: 4242 });
    unlock();
    await Promise.all([holding, queued]);
    await busy.close();
  });

  it('answers with 503 BSK_STORE_UNAVAILABLE when PostgreSQL is unreachable', async () => {
    const unreachable = await openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 500 });
    const failure = await unreachable.getOrg('x').catch((error: unknown) => error);
    const inTransaction = await unreachable.transaction((tx) => tx.getOrg('x')).catch((error: unknown) => error);
    await unreachable.close();
    for (const error of [failure, inTransaction]) {
      expect(isBskError(error) && error.code).toBe('BSK_STORE_UNAVAILABLE');
      expect(isBskError(error) && error.status).toBe(503);
    }
  });

  it('answers a NUL character it cannot store (in a write, a lookup or a transaction) with 400 BSK_STORE_NUL_CHARACTER', async () => {
    const refusals = await Promise.all([
      store.insertOrg({ ...orgRow('org_nul'), name: 'Ac\u0000me' }),
      store.getOrg('org_\u0000'),
      store.transaction((tx) => tx.getOrg('org_\u0000')),
    ].map((attempt) => attempt.then(() => 'stored', (error: unknown) => error)));
    for (const error of refusals) {
      expect(isBskError(error) && [error.code, error.status]).toEqual(['BSK_STORE_NUL_CHARACTER', 400]);
    }
    expect(await store.getOrg('org_nul')).toBeNull();
  });

  it('redacts the password from the location it reports', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/bytespike')).toBe('postgres://app:***@db:5432/bytespike');
  });

  it('sums, key filters and recursive key trees read like SQLite', async () => {
    await store.insertOrg(orgRow('org_keys'));
    await store.insertMember({ id: 'mem_1', orgId: 'org_keys', email: 'a@b.c', role: 'owner', creditsPerDay: null, creditsPerMonth: null, rpm: null, tpm: null, createdAt: at });
    const key = (id: string, parentId: string | null) => ({ id, orgId: 'org_keys', memberId: 'mem_1', parentId, name: id, prefix: id, hash: `hash_${id}`, scopes: ['chat'], models: null, creditLimit: null, rpm: null, tpm: null, expiresAt: null, createdAt: at, revokedAt: null, lastUsedAt: null });
    await store.insertKey(key('key_root', null));
    await store.insertKey(key('key_child', 'key_root'));
    await store.insertKey(key('key_grandchild', 'key_child'));
    expect((await store.listKeyChain('key_grandchild')).map((row) => row.id)).toEqual(['key_grandchild', 'key_child', 'key_root']);
    expect(await store.revokeKeyTree('key_child', at)).toEqual(expect.arrayContaining(['key_child', 'key_grandchild']));
    expect((await store.findKeyByHash('hash_key_root'))!.revokedAt).toBeNull();
    // A hold and its ledger entry are one statement; a settlement closes the hold and adds to the spend totals in one.
    const balanceBefore = (await store.getOrg('org_keys'))!.balance;
    const settle = async (requestId: string, credits: number, scopes: readonly string[]) => {
      const hold = { orgId: 'org_keys', kind: 'hold' as const, amount: -credits, requestId, memberId: 'mem_1', keyId: 'key_root', note: null, createdAt: at };
      await store.insertReservation({ requestId, orgId: 'org_keys', memberId: 'mem_1', keyId: 'key_root', model: 'm/x', modality: 'chat', held: credits, status: 'open', requested: null, charged: null, instanceId: 'inst_1', createdAt: at, expiresAt: at, closedAt: null }, ...(credits > 0 ? [hold] : []));
      const log = { requestId, orgId: 'org_keys', memberId: 'mem_1', keyId: 'key_root', model: 'm/x', modality: 'chat', status: 200, latencyMs: 5, firstTokenMs: null, inputTokens: 1, outputTokens: 1,
        cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, images: 0, videoSeconds: 0, searches: 0, credits, flags: {}, createdAt: at };
      await store.closeReservation(requestId, { status: 'settled', requested: credits, charged: credits, closedAt: at }, log, { buckets: scopes.map((scope) => ({ scope, period: 'life' })), credits });
    };
    await settle('req_1', 7, ['org:org_keys', 'key:key_root']);
    await settle('req_2', 5, ['key:key_root']);
    await settle('req_3', 0, []);
    expect(await store.spendTotal({ scope: 'key:key_root', period: 'life' })).toBe(12);
    expect(await store.spendTotal({ scope: 'org:org_keys', period: 'life' })).toBe(7);
    expect((await store.getReservation('req_2'))).toMatchObject({ status: 'settled', charged: 5 });
    expect((await store.getRequestLog('req_3', 'org_keys'))?.credits).toBe(0);
    expect((await store.getOrg('org_keys'))!.balance).toBe(balanceBefore - 12);
    expect((await store.listLedger('org_keys')).filter((row) => row.kind === 'hold').map((row) => [row.requestId, row.amount])).toEqual([['req_1', -7], ['req_2', -5]]);
    expect(await store.openHolds({ keyIds: ['key_root', 'key_child'] })).toBe(0);
    expect(await store.ensureSetting('secret', 'first')).toBe('first');
    expect(await store.ensureSetting('secret', 'second')).toBe('first');
  });

  it('creates its tables in the configured schema only', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'orgs'", [database.schema]);
    await client.end();
    expect(rows[0].tables).toBe(1);
  });
});
