#!/usr/bin/env node
/**
 * Scale-out benchmark: the same load against one gateway instance and against three
 * (separate `node dist/bytespike.js serve` processes) sharing one PostgreSQL and one
 * Redis, round-robin as a load balancer would. Every request authenticates, is counted
 * against a shared RPM limit in Redis, reserves and settles in PostgreSQL under the org's
 * row lock (one wallet for the whole load: the worst case for contention).
 *
 *   npm run build && node dist/bench/scale-out-bench.js [--requests 3000] [--connections 150] [--tenants 1] [--db-delay-ms 0]
 *
 * `--db-delay-ms N` puts the gateways' PostgreSQL N ms away in each direction (a relay in this
 * process holds every chunk): what a busy org's row lock costs when each round trip is a
 * network hop.
 * `--tenants N` spreads the load over N orgs, the usual case where wallets do not contend.
 * Needs PostgreSQL at 127.0.0.1:5432 (database `test`) and Redis at 127.0.0.1:6379, or
 * BYTESPIKE_TEST_DATABASE_URL / BYTESPIKE_TEST_REDIS_URL. The upstream simulator and this
 * load generator share one process; on a machine with few cores they take CPU from the
 * gateways, so read the ratio as a floor.
 */
import { cpus } from 'node:os';
import { createTenant, type GatewayCluster, startGatewayCluster } from '../e2e/gateway-cluster';
import { TEST_DATABASE_URL } from '../../plugins/stores/postgres/postgres-test-schema';
import { argument } from './bench-argument';
import { startDelayedRelay } from './delayed-relay';

const numberArgument = (name: string, fallback: number): number => Number(argument(name, String(fallback)));

interface RunResult {
  readonly instances: number;
  readonly ok: number;
  readonly failed: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

async function callOnce(url: string, apiKey: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': apiKey },
    body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

/** `connections` loops, each taking the next request number and sending it to instance `n % instances`. */
async function drive(cluster: GatewayCluster, apiKeys: readonly string[], requests: number, connections: number): Promise<Omit<RunResult, 'instances'>> {
  const latenciesMs: number[] = [];
  let next = 0;
  let ok = 0;
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let index = next++; index < requests; index = next++) {
      const began = performance.now();
      const succeeded = await callOnce(cluster.instances[index % cluster.instances.length]!.url, apiKeys[index % apiKeys.length]!).catch(() => false);
      latenciesMs.push(performance.now() - began);
      if (succeeded) ok++;
    }
  }));
  return { ok, failed: requests - ok, seconds: (performance.now() - startedAt) / 1000, latenciesMs };
}

async function measure(instances: number, options: { requests: number; connections: number; tenants: number; databaseUrl: string }): Promise<RunResult> {
  const cluster = await startGatewayCluster({ instances, env: { LOG_LEVEL: 'error', BYTESPIKE_DATABASE_URL: options.databaseUrl } });
  try {
    const apiKeys: string[] = [];
    for (let tenant = 0; tenant < options.tenants; tenant++) apiKeys.push((await createTenant(cluster, { credits: 1_000_000_000_000, rpm: 1_000_000 })).apiKey);
    await drive(cluster, apiKeys, Math.min(300, options.requests), options.connections);
    return { instances, ...(await drive(cluster, apiKeys, options.requests, options.connections)) };
  } finally {
    await cluster.close();
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function report(result: RunResult): string {
  const sorted = [...result.latenciesMs].sort((left, right) => left - right);
  const throughput = result.ok / result.seconds;
  return `${String(result.instances).padStart(9)}  ${String(result.ok).padStart(6)}  ${String(result.failed).padStart(6)}  ${throughput.toFixed(0).padStart(8)}  ${percentile(sorted, 0.5).toFixed(1).padStart(8)}  ${percentile(sorted, 0.99).toFixed(1).padStart(8)}`;
}

const databaseDelayMs = numberArgument('db-delay-ms', 0);
const relay = databaseDelayMs > 0 ? await startDelayedRelay(TEST_DATABASE_URL, databaseDelayMs) : null;
const options = { requests: numberArgument('requests', 3000), connections: numberArgument('connections', 150), tenants: numberArgument('tenants', 1), databaseUrl: relay?.url ?? TEST_DATABASE_URL };
process.stdout.write(`scale-out bench: ${options.requests} requests, ${options.connections} connections, ${options.tenants} wallet(s), ${cpus().length} CPU cores${relay ? `, PostgreSQL ${databaseDelayMs} ms away each way` : ''}\n`);
process.stdout.write('instances      ok  failed     req/s   p50 ms   p99 ms\n');
const one = await measure(1, options);
process.stdout.write(`${report(one)}\n`);
const three = await measure(3, options);
process.stdout.write(`${report(three)}\n`);
process.stdout.write(`three instances / one: ${(three.ok / three.seconds / (one.ok / one.seconds)).toFixed(2)}x throughput\n`);
await relay?.close();
