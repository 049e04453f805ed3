import pg from 'pg';
import type { Logger } from '../../../kernel/logger';
import { storeErrors } from '../errors';
import type { SchemaMigrator } from '../schema-migrator';
import { readSchemaState } from '../schema-versions';
import type { Store, StoreRepository } from '../store';
import type { Migration } from '../sqlite/migrations';
import { isConnectionError, isNulCharacterRefusal, isRetryableConflict } from './connection-errors';
import { postgresMigrations } from './postgres-migrations';
import { createPostgresRepository, type Queryable } from './postgres-repository';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** Schema the tables live in (its own `search_path`); created when missing. Default: the server's default. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** How long a request waits for a connection before it is refused with 503. */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
  /** Defaults to every known migration; tests pass their own list. */
  readonly migrations?: readonly Migration[];
}

export type PostgresStore = Store & { readonly migrator: SchemaMigrator };

/** Fixed key of the advisory lock that serialises migrations across every instance booting at once. */
const MIGRATION_LOCK = 470_725_110;
const CONFLICT_RETRIES = 3;

/** The URL with its password masked, safe for logs and `/health`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw storeErrors.create('BSK_STORE_CONFIG_INVALID', { field: 'schema', reason: `"${name}" must be letters, digits and _ (at most 63)` });
  return `"${name}"`;
}

/** BIGINT arrives as a string by default; credits and counts fit exactly in a number up to 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/**
 * Turns "PostgreSQL is down" into a 503, and a NUL character it cannot store into a 400, both
 * typed so the front-ends render them in their own shape; other SQL errors pass unchanged.
 */
function translate(error: unknown, location: string): unknown {
  if (isConnectionError(error)) return storeErrors.create('BSK_STORE_UNAVAILABLE', { store: 'PostgreSQL', reason: (error as Error).message, location }, { cause: error });
  if (isNulCharacterRefusal(error)) return storeErrors.create('BSK_STORE_NUL_CHARACTER', { store: 'PostgreSQL' }, { cause: error });
  return error;
}

function guarded(repository: StoreRepository, location: string): StoreRepository {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = (...args: unknown[]) => method(...args).catch((error: unknown) => Promise.reject(translate(error, location)));
  }
  return wrapped as unknown as StoreRepository;
}

async function runInTransaction<T>(pool: pg.Pool, fn: (tx: StoreRepository) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(createPostgresRepository(client as unknown as Queryable));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The scale-out store: a `pg` pool shared by the gateway's requests. `transaction(fn)` runs
 * `fn` on one client in READ COMMITTED, and wallet writers serialise on the org row
 * (`lockOrg` = `SELECT … FOR UPDATE`): one org's reservations queue, other orgs run in
 * parallel, and no caller has to retry, unlike SERIALIZABLE where every contended wallet
 * would abort and re-run transactions. Deadlocks and serialisation failures (neither is
 * expected with a fixed lock order) re-run `fn` a few times.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const location = redactUrl(options.url) + (options.schema ? ` (schema ${options.schema})` : '');
  const known = options.migrations ?? postgresMigrations();
  const openPool = (max: number) => {
    const opened = new pg.Pool({
      connectionString: options.url, max, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, types,
      ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
    });
    // An idle client whose server went away emits here; without a listener the process would crash.
    opened.on('error', (error) => options.logger?.warn({ err: error }, 'idle PostgreSQL connection lost; the pool reconnects on next use'));
    return opened;
  };
  const pool = openPool(options.poolSize ?? 10);
  // The heartbeat has a connection of its own. Taken from the shared pool, it queued behind the
  // requests it vouches for: with every pooled connection waiting on one busy org's row lock,
  // it came seconds late, and the other instances released this live instance's holds as stale.
  const livenessPool = openPool(1);
  const repository = guarded(createPostgresRepository(pool as unknown as Queryable), location);
  const liveness = guarded(createPostgresRepository(livenessPool as unknown as Queryable), location);

  const transaction = async <T>(fn: (tx: StoreRepository) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runInTransaction(pool, fn);
      } catch (error) {
        if (attempt < CONFLICT_RETRIES && isRetryableConflict(error)) continue;
        throw translate(error, location);
      }
    }
  };

  /** Creating the bookkeeping table happens only under the migration lock; a plain read of a fresh database sees no versions. */
  const readApplied = async (db: Queryable, create = false) => {
    if (create) await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    else if ((await db.query("SELECT to_regclass('schema_migrations') AS found")).rows[0]!.found === null) return [];
    return (await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows.map((row) => ({ version: Number(row.version), name: String(row.name), appliedAt: String(row.applied_at) }));
  };

  const migrator: SchemaMigrator = {
    kind: 'postgres',
    location,
    async status() {
      const applied = await readApplied(pool as unknown as Queryable).catch((error: unknown) => Promise.reject(translate(error, location)));
      readSchemaState('PostgreSQL', applied.map((row) => row.version), known);
      return known.map((migration) => ({ version: migration.version, name: migration.name, appliedAt: applied.find((row) => row.version === migration.version)?.appliedAt ?? null }));
    },
    // One transaction under an advisory lock: instances booting together apply each version once, and DDL rolls back whole.
    async up() {
      const client = await pool.connect().catch((error: unknown) => Promise.reject(translate(error, location)));
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const { pending } = readSchemaState('PostgreSQL', (await readApplied(client as unknown as Queryable, true)).map((row) => row.version), known);
        for (const migration of pending) {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
        }
        await client.query('COMMIT');
        return pending;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw translate(error, location);
      } finally {
        client.release();
      }
    },
  };

  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`).catch((error: unknown) => Promise.reject(translate(error, location)));

  return {
    ...repository,
    heartbeatInstance: liveness.heartbeatInstance,
    kind: 'postgres',
    location,
    migrator,
    transaction,
    migrations: async () => (await migrator.status()).filter((row) => row.appliedAt !== null).map((row) => ({ version: row.version, name: row.name, appliedAt: row.appliedAt! })),
    async close() {
      await Promise.all([pool.end(), livenessPool.end()]);
    },
  };
}
