#!/usr/bin/env node
/**
 * Gateway overhead benchmark: the same load straight to the upstream simulator, through a
 * bare Node proxy (bare-proxy.ts: the floor, what any Node gateway adds) and through the
 * gateway (separate processes, loopback only), non-streaming and streaming, reporting added
 * latency (p50, p99), time to first byte, throughput, each process's CPU use and the
 * gateway's memory. The three paths run in the same minutes, so the gateway's figures read
 * against the floor of that moment (this VM's speed moves by a third within an hour); with
 * 200 in flight each proxied path even runs *alongside* its own direct run (paired), so the
 * two percentiles it is compared with come from the same seconds. Three scenarios (README,
 * Benchmarks, says why):
 *   sequential  one connection: the gateway's own cost per request, no queueing anywhere;
 *   concurrent  --connections requests in flight at once, the upstream taking --upstream-ms
 *               per request, so the machine is not saturated and latency is not queueing;
 *   saturation  --connections connections, no upstream delay: the most each path can do.
 *
 *   npm run build && node dist/bench/gateway-bench.js [--connections 200] [--requests 4000]
 *     [--upstream-ms 1000] [--scenarios sequential,concurrent,saturation] [--modes non-streaming,streaming]
 *     [--jit-warmup 10000]
 *   --jit-warmup first sends that many requests of each mode through the bare proxy and the
 *     gateway, as fast as they go (no upstream delay, 20 connections), so what is measured is a
 *     process that has served for a while: V8 optimizes a function only after it has run a good
 *     number of times, and a scenario's own warm-up (500 requests) leaves the gateway's request
 *     path partly unoptimized and V8's compiler threads busy during the measured run
 *     (instruction-bench: 1.72 M main-thread instructions a request after 1,000 requests, 1.52 M
 *     after 6,000; compiler and GC threads 2.2 M against 0.44 M). 0 skips it.
 *   --phases breaks the gateway's time down by phase (gateway-phases.ts), with 200 in flight too.
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the gateway; BENCH_KEEP_DATA=1 keeps its output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../kernel/bin/gateway-node-flags';
import { findRepoRoot } from '../../kernel/paths';
import { simulatorEnvironment } from '../e2e/gateway-harness';
import { baseUrlsOf } from '../upstream-sim/index';
import { argument } from './bench-argument';
import { createBenchProcesses, seedBenchKey } from './bench-processes';
import type { PhaseSpan } from './gateway-phases';
import { type LoadRun, percentile, runLoad, type Sample } from './load-generator';

const CONNECTIONS = Number(argument('connections', '200'));
const REQUESTS = Number(argument('requests', '4000'));
const UPSTREAM_MS = Number(argument('upstream-ms', '1000'));
const SCENARIOS = argument('scenarios', 'sequential,concurrent,saturation').split(',');
const MODES = argument('modes', 'non-streaming,streaming').split(',');
const JIT_WARMUP = Number(argument('jit-warmup', '10000'));
const PHASES = process.argv.includes('--phases');
const SIM_PORT = 18_890;
const GATEWAY_PORT = 18_887;
const PROXY_PORT = 18_888;

interface Scenario {
  readonly name: string;
  readonly connections: number;
  readonly requests: number;
  readonly upstreamMs: number;
  /**
   * Each proxied path runs at the same time as a direct run of the same load, and is compared
   * with that one: the VM's speed drifts between runs a minute apart by more than the gateway
   * adds. Only where the machine is not saturated: side by side, saturated paths would only
   * measure each other.
   */
  readonly paired: boolean;
}

const SCENARIO_SPECS: Record<string, Scenario> = {
  sequential: { name: 'sequential (1 connection)', connections: 1, requests: Math.min(REQUESTS, 2000), upstreamMs: 0, paired: false },
  concurrent: { name: `concurrent (${CONNECTIONS} connections in flight, upstream answers after ${UPSTREAM_MS} ms)`, connections: CONNECTIONS, requests: REQUESTS, upstreamMs: UPSTREAM_MS, paired: true },
  saturation: { name: `saturation (${CONNECTIONS} connections, no upstream delay)`, connections: CONNECTIONS, requests: REQUESTS, upstreamMs: 0, paired: false },
};

/** Resident memory of a process now and at its peak (Linux `/proc`), in MiB. */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

type Row = string[];

/** A proxied path's run and the direct run it is compared with (the same one for all paths, unless paired). */
interface Compared {
  readonly direct: LoadRun;
  readonly through: LoadRun;
}

function latencyRows(proxy: Compared, gateway: Compared, paired: boolean): Row[] {
  const picks: [string, (sample: Sample) => number, number][] = [
    ['p50 total ms', (sample) => sample.totalMs, 0.5], ['p99 total ms', (sample) => sample.totalMs, 0.99],
    ['p50 first byte ms', (sample) => sample.firstByteMs, 0.5], ['p99 first byte ms', (sample) => sample.firstByteMs, 0.99],
  ];
  return picks.map(([name, pick, fraction]) => {
    const at = (run: LoadRun) => percentile(run.samples.map(pick), fraction);
    const [proxyDirect, proxied, gatewayDirect, gatewayed] = [at(proxy.direct), at(proxy.through), at(gateway.direct), at(gateway.through)];
    const values = paired ? [proxyDirect, proxied, gatewayDirect, gatewayed] : [gatewayDirect, proxied, gatewayed];
    return [name, ...values.map((value) => value.toFixed(2)), (proxied - proxyDirect).toFixed(2), (gatewayed - gatewayDirect).toFixed(2)];
  });
}

function describeRun(label: string, proxy: Compared, gateway: Compared, paired: boolean): string {
  const cpu = (run: LoadRun, name: string) => (run.cpuPercent[name] === undefined ? '' : `${run.cpuPercent[name]!.toFixed(0)} %`);
  const perRequest = (run: LoadRun, name: string) => ((run.cpuPercent[name]! * run.seconds * 10) / run.samples.length).toFixed(3);
  const rate = (run: LoadRun) => (run.samples.length / run.seconds).toFixed(0);
  const overhead = gateway.through.samples.flatMap((sample) => (sample.overheadMs === null ? [] : [sample.overheadMs]));
  // The runs shown, in column order, each with its role (the proxied ones' roles are also their processes' names in `watch`).
  type Role = 'direct' | 'proxy' | 'gateway';
  const shown: [LoadRun, Role][] = paired
    ? [[proxy.direct, 'direct'], [proxy.through, 'proxy'], [gateway.direct, 'direct'], [gateway.through, 'gateway']]
    : [[gateway.direct, 'direct'], [proxy.through, 'proxy'], [gateway.through, 'gateway']];
  const row = (name: string, pick: (run: LoadRun, role: Role) => string): Row => [name, ...shown.map(([run, role]) => pick(run, role)), '', ''];
  // Paired, the simulator and the load generator serve both runs of a pair at once: their CPU is the pair's, shown once.
  const shared = (name: string) => (run: LoadRun, role: Role) => (paired && role === 'direct' ? '' : cpu(run, name));
  const rows: Row[] = [
    ['', ...shown.map(([, role]) => (role === 'proxy' ? 'bare proxy' : role)), 'proxy added', 'gateway added'],
    ...latencyRows(proxy, gateway, paired),
    row('gateway before upstream p50/p99 ms', (_run, role) => (role === 'gateway' ? `${percentile(overhead, 0.5).toFixed(2)} / ${percentile(overhead, 0.99).toFixed(2)}` : '')),
    row('requests/s', rate),
    row(paired ? 'CPU simulator (the pair\'s)' : 'CPU simulator', shared('simulator')),
    row('CPU proxy / gateway', (run, role) => (role === 'direct' ? '' : cpu(run, role))),
    row('CPU ms per request, proxy / gateway', (run, role) => (role === 'direct' ? '' : perRequest(run, role))),
    row(paired ? 'CPU load generator (the pair\'s)' : 'CPU load generator', shared('generator')),
  ];
  const note = paired ? '  (paired: each proxied path ran alongside its own direct run, and is compared with it)' : '';
  return `${label}${note}\n${rows.map(([name, ...cells]) => name!.padEnd(36) + cells.map((cell) => cell.padStart(14)).join('')).join('\n')}\n`;
}

/** Asks the gateway's gateway-phases preload for what it gathered since the last ask. */
async function collectPhases(pid: number, file: string): Promise<{ requests: number; spans: PhaseSpan[] }> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let attempt = 0; attempt < 100 && !existsSync(file); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  return JSON.parse(readFileSync(file, 'utf8')) as { requests: number; spans: PhaseSpan[] };
}

function describePhases({ requests, spans }: { requests: number; spans: PhaseSpan[] }): string {
  const rows = spans.map((span) => `  ${`${span.from} -> ${span.to}`.padEnd(40)}${span.p50.toFixed(3).padStart(9)}${span.p90.toFixed(3).padStart(9)}${span.p99.toFixed(3).padStart(9)}`);
  return `gateway phases over ${requests} requests (ms)${' '.repeat(8)}p50      p90      p99\n${rows.join('\n')}\n`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-bench-'));
const phasesFile = join(dataDir, 'phases.json');
const processes = createBenchProcesses(dataDir);
// `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles the gateway process.
const startProcess = (script: string, args: string[], env: NodeJS.ProcessEnv, readyUrl: string, nodeArgs: string[] = []) => processes.start(script, args, env, readyUrl, { nodeArgs });
try {
  const simulator = await startProcess('upstream-sim.js', ['--port', String(SIM_PORT)], process.env, `http://127.0.0.1:${SIM_PORT}/__sim/requests`);
  const baseUrls = baseUrlsOf(`http://127.0.0.1:${SIM_PORT}`);
  const key = await seedBenchKey(dataDir);
  // The log level a deployment runs at (one access line per request), unless LOG_LEVEL says otherwise.
  const gatewayEnv = { ...process.env, ...simulatorEnvironment(baseUrls), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...(PHASES ? { BYTESPIKE_PHASES_FILE: phasesFile } : {}) };
  // The gateway runs with the Node flags `npm start` and the bytespike bin give it.
  const gatewayNodeArgs = [...GATEWAY_NODE_FLAGS, ...(PHASES ? ['--import', join(findRepoRoot(), 'dist', 'bench', 'gateway-phases.js')] : []), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const gateway = await startProcess('bytespike.js', ['serve', '--port', String(GATEWAY_PORT), '--data', dataDir], gatewayEnv, `http://127.0.0.1:${GATEWAY_PORT}/health`, gatewayNodeArgs);
  const chat = (stream: boolean, model: string, upstreamMs: number) => {
    const prompt = `${upstreamMs ? `[[delay:${upstreamMs}]] ` : ''}Benchmark prompt: say something short.`;
    return JSON.stringify({ model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: prompt }] });
  };
  const proxy = await startProcess('bench/bare-proxy.js', ['--port', String(PROXY_PORT), '--upstream', `${baseUrls.openai}/chat/completions`], process.env, `http://127.0.0.1:${PROXY_PORT}/health`);
  const json = { 'content-type': 'application/json' };
  const watch = { simulator: simulator.pid!, proxy: proxy.pid!, gateway: gateway.pid!, generator: process.pid };
  process.stdout.write(`gateway benchmark: OpenAI Chat Completions (native passthrough), ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average before: ${loadavg()[0]!.toFixed(2)}\n`);
  if (JIT_WARMUP > 0) {
    const started = performance.now();
    for (const stream of MODES.map((mode) => mode === 'streaming')) {
      const warm = { connections: 20, requests: 0, warmupRequests: JIT_WARMUP, staggerMs: 0, watch: {} };
      await runLoad({ ...warm, url: `http://127.0.0.1:${PROXY_PORT}/`, headers: { ...json, authorization: 'Bearer sim-upstream-key' }, body: chat(stream, 'gpt-5.4-nano', 0) });
      await runLoad({ ...warm, url: `http://127.0.0.1:${GATEWAY_PORT}/v1/chat/completions`, headers: { ...json, authorization: `Bearer ${key}` }, body: chat(stream, 'openai/gpt-5.4-nano', 0) });
    }
    process.stdout.write(`JIT warm-up: ${JIT_WARMUP} requests of each mode through the bare proxy and the gateway in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write('\n');
  for (const scenario of SCENARIOS.map((name) => SCENARIO_SPECS[name]!)) {
    for (const stream of MODES.map((mode) => mode === 'streaming')) {
      const load = { connections: scenario.connections, requests: scenario.requests, warmupRequests: Math.min(scenario.requests, Math.max(500, scenario.connections * 2)), staggerMs: scenario.upstreamMs, watch };
      const directSpec = { ...load, url: `${baseUrls.openai}/chat/completions`, headers: { ...json, authorization: 'Bearer sim-upstream-key' }, body: chat(stream, 'gpt-5.4-nano', scenario.upstreamMs) };
      const bareSpec = { ...load, url: `http://127.0.0.1:${PROXY_PORT}/`, headers: { ...json, authorization: 'Bearer sim-upstream-key' }, body: chat(stream, 'gpt-5.4-nano', scenario.upstreamMs) };
      const beforeMeasure = PHASES ? async () => void (await collectPhases(gateway.pid!, phasesFile)) : undefined;
      const gatewaySpec = { ...load, beforeMeasure, url: `http://127.0.0.1:${GATEWAY_PORT}/v1/chat/completions`, headers: { ...json, authorization: `Bearer ${key}` }, body: chat(stream, 'openai/gpt-5.4-nano', scenario.upstreamMs) };
      let viaProxy: Compared;
      let viaGateway: Compared;
      if (scenario.paired) {
        const [proxyDirect, proxied] = await Promise.all([runLoad(directSpec), runLoad(bareSpec)]);
        viaProxy = { direct: proxyDirect, through: proxied };
        const [gatewayDirect, gatewayed] = await Promise.all([runLoad(directSpec), runLoad(gatewaySpec)]);
        viaGateway = { direct: gatewayDirect, through: gatewayed };
      } else {
        const direct = await runLoad(directSpec);
        viaProxy = { direct, through: await runLoad(bareSpec) };
        viaGateway = { direct, through: await runLoad(gatewaySpec) };
      }
      process.stdout.write(describeRun(`${scenario.name}, ${stream ? 'streaming' : 'non-streaming'}: ${scenario.requests} requests after ${load.warmupRequests} to warm up`, viaProxy, viaGateway, scenario.paired) + '\n');
      if (PHASES) process.stdout.write(describePhases(await collectPhases(gateway.pid!, phasesFile)) + '\n');
    }
  }
  const memory = memoryMiB(gateway.pid!);
  process.stdout.write(`gateway memory: RSS ${memory.rss.toFixed(1)} MiB after the runs, peak ${memory.peak.toFixed(1)} MiB; load average after: ${loadavg()[0]!.toFixed(2)}\n`);
} finally {
  await processes.stopAll();
  // BENCH_KEEP_DATA=1 keeps the data folder: the database and each process's output (e.g. --trace-gc).
  if (process.env.BENCH_KEEP_DATA) process.stdout.write(`data and process output kept in ${dataDir}\n`);
  else rmSync(dataDir, { recursive: true, force: true });
}
