import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program (CommonJS, evaluated): its own connection to the same file, and
 * a PASSIVE checkpoint every interval. PASSIVE never waits for (or blocks) the gateway's
 * writers; it copies what it can and the next one continues.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const timer = setInterval(() => {
  try {
    // Frames written while it ran are left over; a few quick passes catch up so the next writer can restart the log.
    for (let pass = 0, result = checkpoint(); pass < 4 && result.checkpointed < result.log; pass++) result = checkpoint();
  } catch { /* busy with another checkpoint: the next tick retries */ }
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the
 * COMMIT that crosses the threshold, on the committing thread: it copies pages into the
 * database file and fsyncs it (milliseconds on a slow disk), which is the event loop's time
 * and every in-flight request's p99. A worker thread with its own connection checkpoints on a
 * timer instead; the caller keeps a high automatic threshold as a backstop should the worker
 * fall behind.
 */
export function startWalCheckpointer(file: string, intervalMs: number): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  // The gateway must not stay alive for its checkpointer, nor crash because of it.
  worker.unref();
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Referenced again: a closing process must wait for the worker's own close, not end under it.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
