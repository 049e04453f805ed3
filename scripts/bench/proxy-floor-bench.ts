#!/usr/bin/env node
/**
 * The floor under the gateway benchmark's figures, on this machine:
 *   wake-up  a TCP ping-pong between two Node processes, back to back and with idle gaps
 *            between pings (a process woken from idle answers later on a VM);
 *   proxy    a bare Node proxy (bare-proxy.ts) in front of the upstream simulator, measured
 *            like the gateway (load-generator.ts): what any gateway adds before doing anything
 *            of its own. gateway-bench runs the same proxy beside the gateway in every scenario.
 *
 *            Sequential (one connection) and 200 in flight (upstream answering after 1 s), as
 *            the gateway benchmark's first two scenarios.
 *
 *   npm run build && node dist/bench/proxy-floor-bench.js [--requests 2000]
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { findRepoRoot } from '../../kernel/paths';
import { argument } from './bench-argument';
import { percentile, runLoad } from './load-generator';

const SIM_PORT = 18_990;
const PROXY_PORT = 18_991;
const ECHO_PORT = 18_995;
const role = process.argv[2];

/** The echo side of the ping-pong, in its own process. */
function echo(): void {
  createTcpServer((socket) => socket.on('data', (data) => socket.write(data))).listen(ECHO_PORT, '127.0.0.1', () => process.send?.('ready'));
}

async function started(child: ChildProcess): Promise<void> {
  await new Promise((resolve) => child.once('message', resolve));
}

async function wakeUps(): Promise<void> {
  const child = fork(process.argv[1]!, ['echo']);
  await started(child);
  const socket: Socket = connect(ECHO_PORT, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.setNoDelay(true);
  const roundTrip = () => new Promise<number>((resolve) => {
    const at = performance.now();
    socket.once('data', () => resolve(performance.now() - at));
    socket.write('x');
  });
  for (const gapMs of [0, 1, 5, 20]) {
    const times: number[] = [];
    for (let index = 0; index < 400; index++) {
      if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
      times.push(await roundTrip());
    }
    process.stdout.write(`wake-up: round trip with ${String(gapMs).padStart(2)} ms idle between pings: p50 ${(percentile(times, 0.5) * 1000).toFixed(0)} µs, p90 ${(percentile(times, 0.9) * 1000).toFixed(0)} µs\n`);
  }
  socket.destroy();
  child.kill();
}

async function proxyFloor(): Promise<void> {
  const simulator = spawn(process.execPath, [join(findRepoRoot(), 'dist', 'upstream-sim.js'), '--port', String(SIM_PORT)], { stdio: 'ignore' });
  const bare = spawn(process.execPath, [join(findRepoRoot(), 'dist', 'bench', 'bare-proxy.js'), '--port', String(PROXY_PORT), '--upstream', `http://127.0.0.1:${SIM_PORT}/openai/v1/chat/completions`], { stdio: 'ignore' });
  try {
    for (let attempt = 0; !(await fetch(`http://127.0.0.1:${PROXY_PORT}/health`).then(() => true, () => false)); attempt++) {
      if (attempt > 200) throw new Error('the bare proxy did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let attempt = 0; !(await fetch(`http://127.0.0.1:${SIM_PORT}/__sim/requests`).then(() => true, () => false)); attempt++) {
      if (attempt > 200) throw new Error('the upstream simulator did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const requests = Number(argument('requests', '2000'));
    // As the gateway benchmark's sequential and concurrent scenarios.
    for (const { name, connections, upstreamMs } of [{ name: 'sequential', connections: 1, upstreamMs: 0 }, { name: '200 in flight', connections: 200, upstreamMs: 1000 }]) {
      const prompt = `${upstreamMs ? `[[delay:${upstreamMs}]] ` : ''}Benchmark prompt: say something short.`;
      const body = JSON.stringify({ model: 'gpt-5.4-nano', messages: [{ role: 'user', content: prompt }] });
      const spec = { connections, requests: connections > 1 ? requests * 2 : requests, warmupRequests: Math.max(500, connections * 2), staggerMs: upstreamMs, watch: { proxy: bare.pid! }, headers: { 'content-type': 'application/json', authorization: 'Bearer sim-upstream-key' }, body };
      const direct = await runLoad({ ...spec, url: `http://127.0.0.1:${SIM_PORT}/openai/v1/chat/completions` });
      const through = await runLoad({ ...spec, url: `http://127.0.0.1:${PROXY_PORT}/` });
      const at = (run: typeof direct, fraction: number) => percentile(run.samples.map((sample) => sample.totalMs), fraction);
      const cpuPerRequest = (through.cpuPercent.proxy! * through.seconds * 10) / through.samples.length;
      process.stdout.write(`bare proxy, ${name}: added p50 ${(at(through, 0.5) - at(direct, 0.5)).toFixed(2)} ms, p99 ${(at(through, 0.99) - at(direct, 0.99)).toFixed(2)} ms; proxy CPU ${cpuPerRequest.toFixed(3)} ms per request\n`);
    }
  } finally {
    bare.kill();
    simulator.kill();
  }
}

if (role === 'echo') echo();
else {
  await wakeUps();
  await proxyFloor();
}
