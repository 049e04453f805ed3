import type { Database } from 'better-sqlite3';

/**
 * Group commit for the one SQLite connection. A BEGIN IMMEDIATE and a COMMIT cost about 60 µs
 * here, plus a WAL frame written per changed page: most of what billing costs a request. A
 * transaction that may be acknowledged before it is committed (`lazy`: the billing holds and
 * settlements, whose loss in a crash or a failed write bills nothing) runs as a savepoint
 * inside a group transaction that commits `windowMs` after it began: the caller answers its
 * client (or calls the upstream) first, and every lazy transaction of the window shares the
 * one BEGIN, the one COMMIT and the pages it writes (the org's row, the index leaves). Until
 * then other processes wait for the write lock (their busy timeout covers it) and read the
 * state before the group. Everything else commits before it resolves, as before.
 *
 * All of it runs through the store's queue (`exclusive`), so nothing interleaves with a
 * transaction, and a group is committed before any work that must be durable when it resolves.
 */
export interface CommitGroup {
  /** Runs `fn` as one transaction; a lazy one resolves before its COMMIT. */
  transaction<T>(fn: () => Promise<T>, lazy: boolean): Promise<T>;
  /** Commits the open group, if any; a failed COMMIT rolls the group back and reports its loss. */
  flush(): void;
}

export function createCommitGroup(db: Database, options: { exclusive: <T>(work: () => T | Promise<T>) => Promise<T>; windowMs: number; onLost: (error: unknown) => void }): CommitGroup {
  const { exclusive, windowMs, onLost } = options;
  let commitQueued = false;
  /** Lazy transactions in the open group: acknowledged, not yet committed. */
  let acknowledged = 0;

  const lose = (error: unknown) => {
    if (acknowledged) onLost(error);
    acknowledged = 0;
  };

  const flush = () => {
    if (!db.inTransaction) return;
    try {
      db.exec('COMMIT');
      acknowledged = 0;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      lose(error);
      throw error;
    }
  };

  const queueCommit = () => {
    if (commitQueued) return;
    commitQueued = true;
    // A timer: after the microtasks and nextTicks in which the caller writes its answer.
    setTimeout(() => {
      void exclusive(() => {
        commitQueued = false;
        flush();
      }).catch(() => undefined);
    }, windowMs);
  };

  return {
    flush,
    async transaction(fn, lazy) {
      if (!lazy) flush();
      if (!db.inTransaction) db.exec('BEGIN IMMEDIATE');
      db.exec('SAVEPOINT unit');
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn();
        db.exec('RELEASE unit');
      } catch (error) {
        // Some errors (a full disk) end the whole transaction themselves, the group with it;
        // otherwise undo this unit alone.
        if (db.inTransaction) db.exec('ROLLBACK TO unit; RELEASE unit');
        else lose(error);
        if (!lazy && db.inTransaction) db.exec('ROLLBACK');
        // A group this unit opened must still end (and give the write lock back) when nothing else joins it.
        if (lazy && db.inTransaction) queueCommit();
        throw error;
      }
      if (lazy) {
        acknowledged++;
        queueCommit();
      } else flush();
      return result;
    },
  };
}
