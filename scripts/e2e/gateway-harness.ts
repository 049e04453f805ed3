import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootKernel, type Kernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { createTestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { startUpstreamSimulator, type UpstreamBaseUrls } from '../upstream-sim/index';

export interface GatewayHarness {
  /** Gateway base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly simulatorUrl: string;
  readonly kernel: Kernel;
  readonly orgId: string;
  readonly memberId: string;
  /** A ByteSpike key with every scope. */
  readonly apiKey: string;
  balance(): Promise<number>;
  close(): Promise<void>;
}

/** Upstream key the simulator accepts; never a real key. */
const SIMULATOR_KEY = 'sim-upstream-key';

/** Environment that points every provider at the simulator, as a deployment would with real base URLs. */
export function simulatorEnvironment(baseUrls: UpstreamBaseUrls): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: SIMULATOR_KEY, ANTHROPIC_BASE_URL: baseUrls.anthropic,
    OPENAI_API_KEY: SIMULATOR_KEY, OPENAI_BASE_URL: baseUrls.openai,
    GEMINI_API_KEY: SIMULATOR_KEY, GEMINI_BASE_URL: baseUrls.gemini,
    DEEPSEEK_API_KEY: SIMULATOR_KEY, DEEPSEEK_BASE_URL: baseUrls.deepseek,
    MOONSHOT_API_KEY: SIMULATOR_KEY, MOONSHOT_BASE_URL: baseUrls.kimi,
    COHERE_API_KEY: SIMULATOR_KEY, COHERE_BASE_URL: baseUrls.cohere,
    VOYAGE_API_KEY: SIMULATOR_KEY, VOYAGE_BASE_URL: baseUrls.voyage,
  };
}

/**
 * Boots the real gateway profile in this process against the upstream simulator, with a
 * fresh SQLite data folder (or PostgreSQL schema with E2E_STORE=postgres), one org funded with `credits`, an owner and an all-scope key.
 * `config` is written as `bytespike.config.json` in the data folder (the gateway's cwd), given the simulator's base URLs.
 */
export async function startGatewayHarness(options: { credits?: number; env?: Record<string, string>; config?: (baseUrls: UpstreamBaseUrls) => object } = {}): Promise<GatewayHarness> {
  const simulator = await startUpstreamSimulator({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-e2e-'));
  if (options.config) writeFileSync(join(dataDir, 'bytespike.config.json'), JSON.stringify(options.config(simulator.baseUrls)));
  // E2E_STORE=postgres runs the same suite on the PostgreSQL store, in a schema of its own.
  const database = process.env.E2E_STORE === 'postgres' ? await createTestSchema('e2e') : undefined;
  const storeEnv = database ? { BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema } : {};
  const env = { PATH: process.env.PATH, ...simulatorEnvironment(simulator.baseUrls), ...storeEnv, ...options.env };
  const cleanUp = async () => {
    await simulator.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // A test of a boot that must fail leaves no simulator, schema or folder behind.
  const kernel = await bootKernel({ profile: gatewayProfile, env, cwd: dataDir, dataDir, logger: createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }) }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const url = await kernel.use('http').listen({ port: 0, host: '127.0.0.1' });
  const accounts = kernel.use('accounts');
  const billing = kernel.use('billing');
  const org = await accounts.createOrg({ name: 'E2E Org' });
  await billing.topUp(org.id, options.credits ?? 100_000_000, 'e2e funding');
  const member = await accounts.addMember(org.id, { email: 'owner@e2e.test', role: 'owner' });
  const key = await accounts.createKey(member.id, { name: 'e2e' });
  return {
    url,
    simulatorUrl: simulator.url,
    kernel,
    orgId: org.id,
    memberId: member.id,
    apiKey: key.key,
    balance: async () => (await billing.wallet(org.id)).balance,
    async close() {
      await kernel.dispose();
      await cleanUp();
    },
  };
}
