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

/** A redis-cli call that gives up after two seconds: a port taken by something else may never answer. */
function redisCli(args: readonly string[]) {
  return run('redis-cli', [...args], { timeout: 2_000 });
}

/** Asks `answered` every 50 ms, about a hundred times, until it says yes; then gives up with `failure`. */
async function pollUntil(answered: () => Promise<boolean>, failure: () => Error): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await answered()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw failure();
}

/** Resolves once the server on `port` answers PONG; rejects as soon as its process has exited (it could not bind the port). */
function untilAnswers(port: number, server: ChildProcess): Promise<void> {
  return pollUntil(async () => {
    if (server.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${server.exitCode}) before answering`);
    return redisCli(['-p', String(port), 'ping']).then(({ stdout }) => stdout.trim() === 'PONG', () => false);
  }, () => new Error(`redis-server on port ${port} did not start`));
}

function untilClusterReady(port: number): Promise<void> {
  let info = '';
  return pollUntil(async () => {
    info = (await redisCli(['-p', String(port), 'cluster', 'info'])).stdout;
    return info.includes('cluster_state:ok');
  }, () => new Error(`the Redis cluster did not become ready on port ${port}:\n${info}`));
}

/**
 * A real Redis Cluster of three masters (no replicas), started from the machine's
 * `redis-server` in a temporary folder: what a test of the cluster path runs against. Its ports
 * are picked free, then bound by redis-server a moment later; a test running beside it can take
 * one in between, so a start that fails is tried again on new ports.
 */
export async function startRedisCluster(): Promise<RedisClusterFixture> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts();
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function startOnFreePorts(): Promise<RedisClusterFixture> {
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
    await Promise.all(ports.map((port, index) => untilAnswers(port, servers[index]!)));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 10_000 });
    // Every node, not only the first: a client may ask any of them for the slots first.
    for (const port of ports) await untilClusterReady(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => `redis://127.0.0.1:${port}`), stop };
}
