import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootKernel, type Kernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { createTestSchema, type TestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { startUpstreamSimulator } from '../upstream-sim/index';
import { TEST_REDIS_URL } from './gateway-cluster';
import { simulatorEnvironment } from './gateway-harness';

export interface InProcessInstance {
  readonly kernel: Kernel;
  readonly url: string;
}

export interface InProcessCluster {
  readonly instances: readonly InProcessInstance[];
  /** A funded org with an owner and one key (its raw value), made through the first instance. */
  createTenant(key?: { tpm?: number }): Promise<{ orgId: string; memberId: string; keyId: string; apiKey: string }>;
  close(): Promise<void>;
}

/**
 * N gateway kernels in this process on one PostgreSQL schema of their own (and, with
 * `redis`, one Redis key prefix of their own), against one upstream simulator: what a load
 * balancer in front of N instances sees, without building and spawning the CLI.
 */
export async function startInProcessCluster(options: { instances: number; redis?: boolean }): Promise<InProcessCluster> {
  const simulator = await startUpstreamSimulator({ port: 0 });
  const database: TestSchema = await createTestSchema('in_process');
  const redisEnv = options.redis ? { BYTESPIKE_REDIS_URL: TEST_REDIS_URL, BYTESPIKE_REDIS_PREFIX: `bsktest:${randomBytes(4).toString('hex')}:` } : {};
  const env = { PATH: process.env.PATH, ...simulatorEnvironment(simulator.baseUrls), BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema, ...redisEnv };
  const dataDirs: string[] = [];
  const instances: InProcessInstance[] = [];
  const close = async () => {
    for (const instance of instances) await instance.kernel.dispose();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
    await simulator.close();
    await database.drop();
  };
  try {
    for (let index = 0; index < options.instances; index++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-in-process-'));
      dataDirs.push(dataDir);
      const kernel = await bootKernel({ profile: gatewayProfile, env, cwd: dataDir, dataDir, logger: createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }) });
      instances.push({ kernel, url: await kernel.use('http').listen({ port: 0, host: '127.0.0.1' }) });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    instances,
    async createTenant(key = {}) {
      const { kernel } = instances[0]!;
      const accounts = kernel.use('accounts');
      const org = await accounts.createOrg({ name: 'In-process Org' });
      await kernel.use('billing').topUp(org.id, 1_000_000_000, 'e2e funding');
      const member = await accounts.addMember(org.id, { email: 'owner@in-process.test', role: 'owner' });
      const created = await accounts.createKey(member.id, { name: 'in-process', ...key });
      return { orgId: org.id, memberId: member.id, keyId: created.id, apiKey: created.key };
    },
    close,
  };
}
