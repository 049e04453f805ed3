#!/usr/bin/env node
/**
 * Gateway overhead benchmark: the same load straight to the upstream simulator and through
 * the gateway (separate processes, loopback only), non-streaming and streaming, reporting
 * added latency (p50, p99), throughput, time to first byte and the gateway's memory.
 *
 *   npm run build && node dist/bench/gateway-bench.js [--connections 200] [--requests 4000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { bootKernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { findRepoRoot } from '../../kernel/paths';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { simulatorEnvironment } from '../e2e/gateway-harness';
import { baseUrlsOf } from '../upstream-sim/index';

interface Sample {
  readonly totalMs: number;
  readonly firstByteMs: number;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const CONNECTIONS = argument('connections', 200);
const REQUESTS = argument('requests', 4_000);
const SIM_PORT = 18_890;
const GATEWAY_PORT = 18_887;

/** `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles the gateway process. */
function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv, readyText: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(findRepoRoot(), 'dist', script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => chunk.toString().includes(readyText) && resolve(child);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function seedKey(dataDir: string): Promise<string> {
  const kernel = await bootKernel({ profile: gatewayProfile, env: {}, dataDir, cwd: dataDir, logger: createLogger({ level: 'silent' }) });
  const accounts = kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'Bench' });
  await kernel.use('billing').topUp(org.id, 1_000_000_000_000, 'bench');
  const member = await accounts.addMember(org.id, { email: 'bench@bytespike.local', role: 'owner' });
  const { key } = await accounts.createKey(member.id, { name: 'bench' });
  await kernel.dispose();
  return key;
}

function timeOne(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (response) => {
      let firstByteMs = -1;
      response.on('data', () => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
      });
      response.on('end', () => (response.statusCode === 200 ? resolve({ totalMs: performance.now() - started, firstByteMs }) : reject(new Error(`HTTP ${response.statusCode} from ${url}`))));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function fetchJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

async function runLoad(url: string, headers: Record<string, string>, body: string): Promise<{ samples: Sample[]; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      samples.push(await timeOne(agent, url, headers, body));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECTIONS, 20) }, worker)); // warm-up connections
  samples.length = 0;
  next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { samples, seconds };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function describeRun(label: string, direct: { samples: Sample[]; seconds: number }, gateway: { samples: Sample[]; seconds: number }): string {
  const stat = (run: typeof direct, pick: (sample: Sample) => number, fraction: number) => percentile(run.samples.map(pick), fraction);
  const rows = [
    ['', 'direct', 'gateway', 'added'],
    ...([['p50 total ms', (s: Sample) => s.totalMs, 0.5], ['p99 total ms', (s: Sample) => s.totalMs, 0.99], ['p50 first byte ms', (s: Sample) => s.firstByteMs, 0.5]] as const).map(([name, pick, fraction]) => {
      const a = stat(direct, pick, fraction);
      const b = stat(gateway, pick, fraction);
      return [name, a.toFixed(2), b.toFixed(2), (b - a).toFixed(2)];
    }),
    ['requests/s', (direct.samples.length / direct.seconds).toFixed(0), (gateway.samples.length / gateway.seconds).toFixed(0), ''],
  ];
  return `${label}\n${rows.map((row) => row.map((cell) => cell.padStart(18)).join('')).join('\n')}\n`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-bench-'));
const simulator = await startProcess('upstream-sim.js', ['--port', String(SIM_PORT)], process.env, 'anthropic');
const baseUrls = baseUrlsOf(`http://127.0.0.1:${SIM_PORT}`);
const key = await seedKey(dataDir);
const gateway = await startProcess('bytespike.js', ['serve', '--port', String(GATEWAY_PORT), '--data', dataDir], { ...process.env, ...simulatorEnvironment(baseUrls), LOG_LEVEL: 'warn' }, 'listening', (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
try {
  const prompt = 'Benchmark prompt: say something short.';
  const chat = (stream: boolean, model: string) => JSON.stringify({ model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: prompt }] });
  const json = { 'content-type': 'application/json' };
  const upstream = { ...json, authorization: 'Bearer sim-upstream-key' };
  const viaGateway = { ...json, authorization: `Bearer ${key}` };
  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/v1/chat/completions`;
  const directUrl = `${baseUrls.openai}/chat/completions`;
  process.stdout.write(`gateway benchmark: ${REQUESTS} requests, ${CONNECTIONS} concurrent connections, OpenAI Chat Completions (native passthrough)\n\n`);
  for (const stream of [false, true]) {
    const direct = await runLoad(directUrl, upstream, chat(stream, 'gpt-5-mini'));
    const through = await runLoad(gatewayUrl, viaGateway, chat(stream, 'openai/gpt-5-mini'));
    process.stdout.write(describeRun(stream ? 'streaming' : 'non-streaming', direct, through) + '\n');
  }
  const memory = await fetchJson<{ memory?: { rssBytes: number } }>(`http://127.0.0.1:${GATEWAY_PORT}/health`);
  if (memory.memory) process.stdout.write(`gateway RSS after the runs: ${(memory.memory.rssBytes / 1_048_576).toFixed(1)} MiB\n`);
} finally {
  gateway.kill('SIGTERM');
  simulator.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
