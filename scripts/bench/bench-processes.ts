import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bootKernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { findRepoRoot } from '../../kernel/paths';
import { gatewayProfile } from '../../kernel/profiles/gateway';

export interface StartOptions {
  /** Node flags before the script. */
  readonly nodeArgs?: readonly string[];
  /** A program the process runs under, e.g. `['valgrind', '--tool=callgrind']`. */
  readonly wrapper?: readonly string[];
  /** How long the process may take to answer `readyUrl` (default 10 s). */
  readonly readyWithinMs?: number;
}

export interface BenchProcesses {
  /**
   * Starts a dist/ program with its output in `<dataDir>/<script>.log` (nothing of it passes
   * through the load generator) and waits until `readyUrl` answers.
   */
  start(script: string, args: readonly string[], env: NodeJS.ProcessEnv, readyUrl: string, options?: StartOptions): Promise<ChildProcess>;
  /** SIGTERM to every process started, waiting for each to exit. */
  stopAll(): Promise<void>;
}

export function createBenchProcesses(dataDir: string): BenchProcesses {
  const children: ChildProcess[] = [];
  return {
    async start(script, args, env, readyUrl, options = {}) {
      const log = join(dataDir, `${basename(script)}.log`);
      const output = openSync(log, 'a');
      const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
      const child = spawn(command!, [...prefix, ...(options.nodeArgs ?? []), join(findRepoRoot(), 'dist', script), ...args], { env, stdio: ['ignore', output, output] });
      children.push(child);
      let exited = false;
      child.once('exit', () => (exited = true));
      const deadline = performance.now() + (options.readyWithinMs ?? 10_000);
      while (performance.now() < deadline) {
        if (exited) throw new Error(`${script} exited at start; its output: ${readFileSync(log, 'utf8').slice(-2000)}`);
        if (await fetch(readyUrl).then(() => true, () => false)) return child;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${script} did not answer ${readyUrl} within ${options.readyWithinMs ?? 10_000} ms`);
    },
    async stopAll() {
      await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? (child.once('exit', resolve), child.kill('SIGTERM')) : resolve(null)))));
    },
  };
}

/** A funded org with an owner and one key in the gateway store at `dataDir`; returns the raw key. */
export async function seedBenchKey(dataDir: string): Promise<string> {
  const kernel = await bootKernel({ profile: gatewayProfile, env: {}, dataDir, cwd: dataDir, logger: createLogger({ level: 'silent' }) });
  const accounts = kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'Bench' });
  await kernel.use('billing').topUp(org.id, 1_000_000_000_000, 'bench');
  const member = await accounts.addMember(org.id, { email: 'bench@bytespike.local', role: 'owner' });
  const { key } = await accounts.createKey(member.id, { name: 'bench' });
  await kernel.dispose();
  return key;
}
