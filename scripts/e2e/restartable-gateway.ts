import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootKernel, type Kernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { startUpstreamSimulator, type UpstreamBaseUrls } from '../upstream-sim/index';
import { simulatorEnvironment } from './gateway-harness';

export interface RestartableGateway {
  url(): string;
  readonly simulatorUrl: string;
  readonly orgId: string;
  readonly apiKey: string;
  kernel(): Kernel;
  balance(): Promise<number>;
  /** Disposes the kernel and boots a new one on the same data folder, as a redeploy would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Like startGatewayHarness, with a restart that keeps the data folder and the simulator running,
 * and an optional `bytespike.config.json` written into the data folder (the gateway's cwd).
 */
export async function startRestartableGateway(options: { credits?: number; config?: (baseUrls: UpstreamBaseUrls) => object } = {}): Promise<RestartableGateway> {
  const simulator = await startUpstreamSimulator({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-e2e-restart-'));
  if (options.config) writeFileSync(join(dataDir, 'bytespike.config.json'), JSON.stringify(options.config(simulator.baseUrls)));
  const env = { PATH: process.env.PATH, ...simulatorEnvironment(simulator.baseUrls) };
  const boot = async () => {
    const kernel = await bootKernel({ profile: gatewayProfile, env, cwd: dataDir, dataDir, logger: createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }) });
    return { kernel, url: await kernel.use('http').listen({ port: 0, host: '127.0.0.1' }) };
  };
  let current = await boot();
  const accounts = current.kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'E2E Restart Org' });
  await current.kernel.use('billing').topUp(org.id, options.credits ?? 100_000_000, 'e2e funding');
  const member = await accounts.addMember(org.id, { email: 'owner@restart.test', role: 'owner' });
  const key = await accounts.createKey(member.id, { name: 'e2e' });
  return {
    url: () => current.url,
    simulatorUrl: simulator.url,
    orgId: org.id,
    apiKey: key.key,
    kernel: () => current.kernel,
    balance: async () => (await current.kernel.use('billing').wallet(org.id)).balance,
    async restart() {
      await current.kernel.dispose();
      current = await boot();
    },
    async close() {
      await current.kernel.dispose();
      await simulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
