#!/usr/bin/env node
/**
 * The gateway's CPU work per request in instructions, under valgrind's callgrind: the same
 * count for the same build and load whatever the VM is doing (two runs agree within 0.5 %),
 * where timings on this VM move by a third within an hour. Compare builds with it.
 *
 * Each target runs under callgrind in turn, about 50 times slower: the gateway (`bytespike
 * serve`, SQLite, the `npm start` Node flags) and the bare proxy (bare-proxy.ts, the floor: what
 * any Node proxy does per request); the upstream simulator and the load generator run natively.
 * Per mode: --warmup sequential requests, the counters zeroed, --requests measured, a dump.
 * Reported per request: the main thread (JavaScript, the event loop, SQLite: the figure to
 * compare) and the other threads (V8's compiler and GC helpers, libuv's pool: they follow when
 * garbage collections fall, and move by a factor of three from run to run).
 *
 *   npm run build && node dist/bench/instruction-bench.js [--warmup 1000] [--requests 300]
 *     [--modes non-streaming,streaming] [--targets gateway,bare-proxy]
 *
 * Needs valgrind (on every machine kind here) and its callgrind_control.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../kernel/bin/gateway-node-flags';
import { simulatorEnvironment } from '../e2e/gateway-harness';
import { baseUrlsOf } from '../upstream-sim/index';
import { argument } from './bench-argument';
import { createBenchProcesses, seedBenchKey } from './bench-processes';
import { runLoad } from './load-generator';

const WARMUP = Number(argument('warmup', '1000'));
const REQUESTS = Number(argument('requests', '300'));
const MODES = argument('modes', 'non-streaming,streaming').split(',');
const TARGETS = argument('targets', 'gateway,bare-proxy').split(',');
const SIM_PORT = 18_790;
const TARGET_PORT = 18_787;

/** Instructions of one dump, per thread: `<out>.<pid>.<dump>-<thread>` files, thread 01 the main one. */
function dumpTotals(dataDir: string, pid: number, dump: number): { main: number; others: number } {
  const totals = { main: 0, others: 0 };
  for (const file of readdirSync(dataDir)) {
    const match = /^callgrind\.out\.(\d+)\.(\d+)-(\d+)$/.exec(file);
    if (!match || Number(match[1]) !== pid || Number(match[2]) !== dump) continue;
    const total = Number(/^totals: (\d+)/m.exec(readFileSync(join(dataDir, file), 'utf8'))?.[1] ?? 0);
    if (Number(match[3]) === 1) totals.main += total;
    else totals.others += total;
  }
  return totals;
}

async function waitForDump(dataDir: string, pid: number, dump: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (dumpTotals(dataDir, pid, dump).main > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`callgrind wrote no dump ${dump}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-instructions-'));
const processes = createBenchProcesses(dataDir);
const callgrind = ['valgrind', '--tool=callgrind', '--separate-threads=yes', '--smc-check=all-non-file', `--callgrind-out-file=${join(dataDir, 'callgrind.out.%p')}`];
const prompt = 'Benchmark prompt: say something short.';
try {
  await processes.start('upstream-sim.js', ['--port', String(SIM_PORT)], process.env, `http://127.0.0.1:${SIM_PORT}/__sim/requests`);
  const upstream = `http://127.0.0.1:${SIM_PORT}/openai/v1/chat/completions`;
  const key = await seedBenchKey(dataDir);
  const targets: Record<string, () => Promise<{ child: ChildProcess; url: string; authorization: string; model: string }>> = {
    gateway: async () => {
      const env = { ...process.env, ...simulatorEnvironment(baseUrlsOf(`http://127.0.0.1:${SIM_PORT}`)), LOG_LEVEL: 'info' };
      const started = await processes.start('bytespike.js', ['serve', '--port', String(TARGET_PORT), '--data', dataDir], env, `http://127.0.0.1:${TARGET_PORT}/health`, { nodeArgs: GATEWAY_NODE_FLAGS, wrapper: callgrind, readyWithinMs: 300_000 });
      return { child: started, url: `http://127.0.0.1:${TARGET_PORT}/v1/chat/completions`, authorization: `Bearer ${key}`, model: 'openai/gpt-5.4-nano' };
    },
    'bare-proxy': async () => {
      const started = await processes.start('bench/bare-proxy.js', ['--port', String(TARGET_PORT), '--upstream', upstream], process.env, `http://127.0.0.1:${TARGET_PORT}/health`, { wrapper: callgrind, readyWithinMs: 300_000 });
      return { child: started, url: `http://127.0.0.1:${TARGET_PORT}/`, authorization: 'Bearer sim-upstream-key', model: 'gpt-5.4-nano' };
    },
  };
  process.stdout.write(`instructions per request (callgrind), OpenAI Chat Completions passthrough, ${WARMUP} requests to warm up, ${REQUESTS} measured\n`);
  for (const name of TARGETS) {
    const target = await targets[name]!();
    const pid = target.child.pid!;
    for (const [index, mode] of MODES.entries()) {
      const stream = mode === 'streaming';
      const body = JSON.stringify({ model: target.model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: prompt }] });
      const load = { url: target.url, headers: { 'content-type': 'application/json', authorization: target.authorization }, body, connections: 1, staggerMs: 0, watch: {} };
      await runLoad({ ...load, requests: WARMUP, warmupRequests: 0 });
      execFileSync('callgrind_control', ['--zero', String(pid)], { stdio: 'ignore' });
      await runLoad({ ...load, requests: REQUESTS, warmupRequests: 0 });
      execFileSync('callgrind_control', ['--dump', String(pid)], { stdio: 'ignore' });
      await waitForDump(dataDir, pid, index + 1);
      const { main, others } = dumpTotals(dataDir, pid, index + 1);
      const perRequest = (count: number) => `${(count / REQUESTS / 1e6).toFixed(3)} M`;
      process.stdout.write(`${name.padEnd(11)} ${mode.padEnd(14)} main thread ${perRequest(main)}, other threads ${perRequest(others)}, all ${perRequest(main + others)}\n`);
    }
    // The next target takes the same port.
    await new Promise((resolve) => {
      target.child.once('exit', resolve);
      target.child.kill('SIGTERM');
    });
  }
} finally {
  await processes.stopAll();
  if (process.env.BENCH_KEEP_DATA) process.stdout.write(`data and callgrind output kept in ${dataDir}\n`);
  else rmSync(dataDir, { recursive: true, force: true });
}
