import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { createFolder } from '../../../kernel/create-folder';
import type { SchemaMigrator } from '../schema-migrator';
import { readSchemaState } from '../schema-versions';
import type { Store, StoreRepository } from '../store';
import { MIGRATIONS, type Migration } from './migrations';
import { createCommitGroup } from './commit-group';
import { createSqliteRepository, type SyncRepository } from './sqlite-repository';
import { startWalCheckpointer } from './wal-checkpointer';

export interface SqliteStoreOptions {
  /** Database file; its folder is created when missing. */
  readonly file: string;
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
  /**
   * How often a worker thread checkpoints the WAL (default 1000 ms); 0 leaves checkpoints to
   * SQLite, inside whichever COMMIT crosses its 1,000-page threshold.
   */
  readonly checkpointIntervalMs?: number;
  /** How long lazily committed transactions gather before their shared COMMIT (default 25 ms). */
  readonly groupCommitMs?: number;
  /** Told when a lazily committed transaction (acknowledged already) could not be committed after all. */
  readonly onLostCommit?: (error: unknown) => void;
}

/**
 * At 200 requests a second, a 5 ms window held one or two transactions: each wrote its own
 * WAL frames for the pages it shares with the others (the org's row, the right edges of the
 * ledger and the reservations). 25 ms holds ten or so: a billing-bench run (2,000 round trips
 * flat out, then 2,000 paced at 200/s) made 41 % fewer pwrite calls and 69 % fewer lock
 * calls. The price: a crash loses up to 25 ms of acknowledged holds and settlements (billed
 * to nobody), and another process waits up to 25 ms for the write lock.
 */
const DEFAULT_GROUP_COMMIT_MS = 25;

/** The automatic checkpoint stays as a backstop (about 40 MB of WAL) should the worker fall behind. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

export type SqliteStore = Store & {
  readonly migrator: SchemaMigrator;
  /** Migrations this open applied (the store migrates itself when opened). */
  readonly appliedAtOpen: readonly Migration[];
};

function readApplied(db: Database): { version: number; name: string; appliedAt: string }[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  return (db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; name: string; applied_at: string }[]).map((row) => ({ version: row.version, name: row.name, appliedAt: row.applied_at }));
}

/** Applies what is pending, refusing a database a newer gateway migrated; returns what it applied. */
function applyMigrations(db: Database, migrations: readonly Migration[]): Migration[] {
  const applied: Migration[] = [];
  for (const migration of readSchemaState('SQLite', readApplied(db).map((row) => row.version), migrations).pending) {
    // IMMEDIATE: two processes booting at once apply each version exactly once.
    db.transaction(() => {
      const raced = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (raced) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration);
    }).immediate();
  }
  return applied;
}

/** Lifts the synchronous repository into the async contract, each call queued behind `exclusive`. */
function liftRepository(sync: SyncRepository, exclusive: <T>(work: () => T | Promise<T>) => Promise<T>, direct: boolean): StoreRepository {
  const lifted: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(sync) as [string, (...args: unknown[]) => unknown][]) {
    lifted[name] = direct ? async (...args: unknown[]) => method(...args) : (...args: unknown[]) => exclusive(() => method(...args));
  }
  return lifted as unknown as StoreRepository;
}

/**
 * The embedded store: one better-sqlite3 connection in WAL mode. better-sqlite3 is
 * synchronous, but `transaction(fn)` takes an async `fn`, so every unit of work (a whole
 * transaction, or one call made outside any) runs one after another through a promise
 * queue; otherwise an `await` inside one transaction would let another caller's statements
 * into it. Across processes, BEGIN IMMEDIATE and the busy timeout serialise writers.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  createFolder(dirname(options.file));
  const db = new BetterSqlite3(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A savepoint that changes a page its group transaction changed before keeps the page's
  // earlier content in a sub-journal: a temporary file by default (this build's TEMP_STORE=1),
  // one more write per such page per billing transaction. In memory: billing-bench flat out
  // did 10-45 % more reserve+settle round trips a second, with 27 % fewer pwrite calls.
  db.pragma('temp_store = MEMORY');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  let appliedAtOpen: Migration[];
  try {
    appliedAtOpen = applyMigrations(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }

  const checkpointIntervalMs = options.checkpointIntervalMs ?? 1000;
  const checkpointer = checkpointIntervalMs > 0 ? startWalCheckpointer(options.file, checkpointIntervalMs) : null;
  if (checkpointer) db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);

  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => T | Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const group = createCommitGroup(db, { exclusive, windowMs: options.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS, onLost: (error) => options.onLostCommit?.(error) });
  // Work that must be durable when it resolves commits any open group before and after it.
  const durable = <T>(work: () => T | Promise<T>): Promise<T> =>
    exclusive(async () => {
      group.flush();
      const result = await work();
      group.flush();
      return result;
    });
  const sync = createSqliteRepository(db);
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const insideTransaction = liftRepository(sync, exclusive, true);

  return {
    ...liftRepository(sync, durable, false),
    kind: 'sqlite',
    location: options.file,
    runsInCallOrder: true,
    transaction: (fn, options) => exclusive(() => group.transaction(() => fn(insideTransaction), options?.lazyCommit === true)),
    // A read of the connection's counter, not a statement on the data: no need to queue it.
    dataVersion: () => dataVersion.get() as number,
    migrations: () => durable(() => readApplied(db)),
    appliedAtOpen,
    migrator: {
      kind: 'sqlite',
      location: options.file,
      status: () =>
        durable(() => {
          const applied = readApplied(db);
          readSchemaState('SQLite', applied.map((row) => row.version), MIGRATIONS);
          return MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name, appliedAt: applied.find((row) => row.version === migration.version)?.appliedAt ?? null }));
        }),
      up: () => durable(() => applyMigrations(db, MIGRATIONS)),
    },
    close: () =>
      durable(async () => {
        await checkpointer?.stop();
        db.close();
      }),
  };
}
