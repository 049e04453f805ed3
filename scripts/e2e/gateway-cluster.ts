import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../../kernel/paths';
import { type AccountsService, createAccountsService } from '../../plugins/billing/accounts-service';
import { type BillingService, createBillingService } from '../../plugins/billing/billing-service';
import { createMemoryRateLimiter } from '../../plugins/billing/rate-limiter';
import { openPostgresStore, type PostgresStore } from '../../plugins/stores/postgres/postgres-store';
import { createTestSchema, type TestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { startUpstreamSimulator } from '../upstream-sim/index';
import { simulatorEnvironment } from './gateway-harness';

/** The Redis tests use (this machine kind runs one); override with BYTESPIKE_TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.BYTESPIKE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'cluster-admin-token-for-tests-only';

/** One `node dist/bytespike.js serve` process. */
export interface GatewayInstance {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export interface GatewayCluster {
  /** The running instances (a killed or stopped one is removed). */
  readonly instances: GatewayInstance[];
  readonly database: TestSchema;
  /** This test process's own view of the shared database, for setup and for checking the ledger. */
  readonly store: PostgresStore;
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  /** Starts one more instance with the cluster's environment (plus `env`). */
  startInstance(env?: Record<string, string>): Promise<GatewayInstance>;
  /** SIGTERM then wait: the graceful stop a deployment does. */
  stopInstance(instance: GatewayInstance): Promise<void>;
  close(): Promise<void>;
}

const BUILT_CLI = join(findRepoRoot(), 'dist', 'bytespike.js');

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stderr!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before listening:\n${output}`)));
  });
}

/**
 * N real gateway processes (the tsup build) on ephemeral ports, sharing one PostgreSQL
 * schema of their own and one Redis key prefix of their own, against one upstream
 * simulator. Short heartbeats make a killed instance's holds stale within seconds.
 */
export async function startGatewayCluster(options: { instances: number; env?: Record<string, string> }): Promise<GatewayCluster> {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npx tsup\` first`);
  const simulator = await startUpstreamSimulator({ port: 0 });
  const database = await createTestSchema('cluster');
  const store = await openPostgresStore({ url: database.url, schema: database.schema });
  await store.migrator.up();
  const accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter() });
  const billing = createBillingService({ store });
  const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-cluster-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', ...simulatorEnvironment(simulator.baseUrls),
    BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema,
    BYTESPIKE_REDIS_URL: TEST_REDIS_URL, BYTESPIKE_REDIS_PREFIX: `bsktest:${randomBytes(4).toString('hex')}:`,
    BYTESPIKE_ADMIN_TOKEN: ADMIN_TOKEN, BYTESPIKE_HEARTBEAT_SECONDS: '1', BYTESPIKE_STALE_AFTER_SECONDS: '3',
    ...options.env,
  };
  const instances: GatewayInstance[] = [];
  const startInstance = async (extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [BUILT_CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: dataDir, env: { ...env, ...extra }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const instance: GatewayInstance = { url: await waitForListening(child), child, exited };
    instances.push(instance);
    // `instances` lists the running ones: a killed instance leaves it.
    void exited.then(() => instances.splice(instances.indexOf(instance), 1));
    return instance;
  };
  const stopInstance = async (instance: GatewayInstance) => {
    if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGTERM');
    await instance.exited;
  };
  try {
    for (let index = 0; index < options.instances; index++) await startInstance();
  } catch (error) {
    for (const instance of instances) instance.child.kill('SIGKILL');
    throw error;
  }
  return {
    instances, database, store, accounts, billing, startInstance, stopInstance,
    async close() {
      await Promise.all([...instances].map(stopInstance));
      accounts.dispose();
      await store.close();
      await simulator.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A funded org with an owner and one key (its raw value), made through the shared database. */
export async function createTenant(cluster: GatewayCluster, options: { credits: number; rpm?: number }) {
  const org = await cluster.accounts.createOrg({ name: 'Cluster Org' });
  const member = await cluster.accounts.addMember(org.id, { email: 'owner@cluster.test', role: 'owner' });
  const key = await cluster.accounts.createKey(member.id, { name: 'cluster', rpm: options.rpm ?? null });
  if (options.credits > 0) await cluster.billing.topUp(org.id, options.credits, 'cluster funding');
  return { orgId: org.id, memberId: member.id, keyId: key.id, apiKey: key.key };
}
