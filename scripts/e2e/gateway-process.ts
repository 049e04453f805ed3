import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type AccountsService, createAccountsService } from '../../plugins/billing/accounts-service';
import { type BillingService, createBillingService } from '../../plugins/billing/billing-service';
import { createMemoryRateLimiter } from '../../plugins/billing/rate-limiter';
import { openPostgresStore } from '../../plugins/stores/postgres/postgres-store';
import { createTestSchema, type TestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { openSqliteStore } from '../../plugins/stores/sqlite/sqlite-store';
import type { Store } from '../../plugins/stores/store';
import { startUpstreamSimulator, type UpstreamSimulator } from '../upstream-sim/index';
import { simulatorEnvironment } from './gateway-harness';
import { requireBuild } from './require-build';

/** How a `bytespike` process ended: its exit code (null when a signal ended it) and everything it wrote. */
export interface ProcessOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One `node dist/bytespike.js …` process, as `npm start` runs it. */
export interface GatewayProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with all it wrote. */
  readonly outcome: Promise<ProcessOutcome>;
  /** stderr so far (the log lines and the CLI's own lines). */
  stderr(): string;
  /** Resolves with the `http://…` address once the process prints that it listens; rejects if it exits first. */
  listening(): Promise<string>;
}

/**
 * `node dist/bytespike.js <argv>` in `cwd` with exactly `env` (plus PATH): no provider key or
 * config of the machine leaks in. `stopWith` kills it (SIGKILL): pass the test's `signal`, which
 * vitest aborts at the test's timeout, so a process never outlives its test.
 */
export function spawnBytespike(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stopWith?: AbortSignal }): GatewayProcess {
  const root = requireBuild('bytespike.js');
  const child = spawn(process.execPath, [join(root, 'dist', 'bytespike.js'), ...argv], { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const outcome = new Promise<ProcessOutcome>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const kill = () => child.kill('SIGKILL');
  options.stopWith?.addEventListener('abort', kill, { once: true });
  void outcome.then(() => options.stopWith?.removeEventListener('abort', kill));
  const listening = () => new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (!match) return false;
      child.stderr!.off('data', check);
      resolve(match[1]!);
      return true;
    };
    if (check()) return;
    child.stderr!.on('data', check);
    void outcome.then((ended) => reject(new Error(`bytespike exited (${ended.code ?? ended.signal}) before listening:\n${ended.stderr}`)));
  });
  return { child, outcome, stderr: () => stderr, listening };
}

/**
 * Runs a `bytespike` command to its end (a boot that must fail, a one-shot command), within
 * its test's time (`stopWith`). No limit of its own: a boot is seconds of CPU, many times that
 * on a busy machine, and a fixed 30 s here killed boots that were still working while their
 * tests had half their time left. A hang never ends, so the test's timeout still reports it.
 */
export function runBytespike(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stopWith: AbortSignal }): Promise<ProcessOutcome> {
  return spawnBytespike(argv, options).outcome;
}

/** A gateway's data seen from the test: accounts and billing on the store a `serve` process uses. */
export interface DataFolder {
  readonly path: string;
  /** What a `serve` process needs to use this data: the data folder, and the database when it is PostgreSQL. */
  readonly env: Record<string, string>;
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  /** A funded org with an owner and an all-scope key (its raw value). */
  createTenant(credits: number): Promise<{ orgId: string; memberId: string; keyId: string; apiKey: string }>;
  close(): Promise<void>;
}

async function openMigratedPostgres(database: TestSchema): Promise<Store> {
  const store = await openPostgresStore({ url: database.url, schema: database.schema });
  await store.migrator.up();
  return store;
}

/**
 * A fresh data folder with the store migrated, as a first `npm start` leaves it: the SQLite
 * file, or with E2E_STORE=postgres a PostgreSQL schema of its own. The test's billing service
 * never starts (no heartbeat): it only reads, so it cannot release a hold itself.
 */
export async function createDataFolder(): Promise<DataFolder> {
  const path = mkdtempSync(join(tmpdir(), 'bytespike-e2e-process-'));
  const database = process.env.E2E_STORE === 'postgres' ? await createTestSchema('process') : undefined;
  const store = database ? await openMigratedPostgres(database) : openSqliteStore({ file: join(path, 'bytespike.db'), checkpointIntervalMs: 0 });
  // No auth cache: the test creates keys the gateway process must see at once, and reads what it wrote.
  const accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter(), authCacheSeconds: 0 });
  const billing = createBillingService({ store });
  return {
    path, store, accounts, billing,
    env: { BYTESPIKE_DATA_DIR: path, ...(database ? { BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema } : {}) },
    async createTenant(credits) {
      const org = await accounts.createOrg({ name: 'Process Org' });
      const member = await accounts.addMember(org.id, { email: 'owner@process.test', role: 'owner' });
      const key = await accounts.createKey(member.id, { name: 'process' });
      if (credits > 0) await billing.topUp(org.id, credits, 'process funding');
      return { orgId: org.id, memberId: member.id, keyId: key.id, apiKey: key.key };
    },
    async close() {
      accounts.dispose();
      await store.close();
      await database?.drop();
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** What a test gets from `useGatewayProcesses`. */
export interface GatewayProcesses {
  /** This test's fresh data folder (createDataFolder). */
  readonly data: DataFolder;
  /** The upstream simulator's address (one simulator for the file), for its `/__sim/` API. */
  readonly simulatorUrl: string;
  /** Starts `bytespike serve` on a free port of 127.0.0.1, on this test's data, calling the simulator; `env` is added to the file's. */
  start(env?: Record<string, string>): GatewayProcess;
}

/**
 * The setup of a test file that runs `bytespike serve` processes: a simulator for the file, a
 * fresh data folder for each test, and after each test its last process killed (a test that
 * failed midway leaves one running) and the folder removed. `env` goes to every process.
 */
export function useGatewayProcesses(env: Record<string, string>): GatewayProcesses {
  let simulator: UpstreamSimulator | undefined;
  let data: DataFolder | undefined;
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    simulator = await startUpstreamSimulator({ port: 0 });
  });
  afterAll(async () => simulator?.close());
  beforeEach(async () => {
    data = await createDataFolder();
  });
  afterEach(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.outcome;
    gateway = undefined;
    await data?.close();
  });
  return {
    get data() {
      return data!;
    },
    get simulatorUrl() {
      return simulator!.url;
    },
    start(extra = {}) {
      gateway = spawnBytespike(['serve', '--port', '0', '--host', '127.0.0.1'], { cwd: data!.path, env: { ...simulatorEnvironment(simulator!.baseUrls), ...data!.env, ...env, ...extra } });
      return gateway;
    },
  };
}
