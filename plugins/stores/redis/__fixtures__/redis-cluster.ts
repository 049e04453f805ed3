import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RedisClusterFixture {
  /** `redis://127.0.0.1:<port>` of each master, for BYTESPIKE_REDIS_CLUSTER_NODES. */
  readonly nodes: readonly string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function untilAnswers(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await run('redis-cli', ['-p', String(port), 'ping']).then(({ stdout }) => stdout.trim() === 'PONG', () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

/**
 * A real Redis Cluster of three masters (no replicas), started from the machine's
 * `redis-server` in a temporary folder: what a test of the cluster path runs against.
 */
export async function startRedisCluster(): Promise<RedisClusterFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'bytespike-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const servers: ChildProcess[] = ports.map((port) => spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(folder, `nodes-${port}.conf`),
    '--dir', folder, '--save', '', '--appendonly', 'no',
  ], { stdio: 'ignore' }));
  const stop = async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => (server.exitCode === null ? (server.once('exit', resolve), server.kill('SIGTERM')) : resolve(null)))));
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await Promise.all(ports.map(untilAnswers));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (let attempt = 0; ; attempt++) {
      const { stdout } = await run('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      if (attempt > 100) throw new Error(`the Redis cluster did not become ready:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => `redis://127.0.0.1:${port}`), stop };
}
