import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface Sample {
  readonly totalMs: number;
  readonly firstByteMs: number;
  /** The gateway's own `bytespike-overhead-ms` (time before its upstream call), when it sent one. */
  readonly overheadMs: number | null;
}

export interface LoadRun {
  readonly samples: Sample[];
  readonly seconds: number;
  /** CPU each watched process used during the measured part, in percent of one core. */
  readonly cpuPercent: Record<string, number>;
}

export interface LoadSpec {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly requests: number;
  readonly warmupRequests: number;
  /**
   * Connection i sends its first request `i * staggerMs / connections` late. With a slow
   * upstream, connections started together would stay in lockstep and the gateway would see
   * bursts of `connections` requests at once, every upstream round trip: a test of queueing,
   * not of the gateway. Spread this way, arrivals come at an even rate.
   */
  readonly staggerMs: number;
  /** Processes whose CPU use is reported (`self` is the load generator). */
  readonly watch: Record<string, number>;
  /** Runs between the warm-up and the measured requests. */
  readonly beforeMeasure?: () => void | Promise<void>;
}

/**
 * One request, timed from just before it is written to its last byte. The body is counted,
 * never parsed: the load generator shares the machine's two cores with what it measures, so
 * it does as little per request as it can (and the same in both runs).
 */
function timeOne(agent: Agent, spec: LoadSpec): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(spec.url, { method: 'POST', headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) }, agent }, (response) => {
      let firstByteMs = -1;
      response.on('data', () => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
      });
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode} from ${spec.url}`));
        const overhead = response.headers['bytespike-overhead-ms'];
        resolve({ totalMs: performance.now() - started, firstByteMs, overheadMs: typeof overhead === 'string' ? Number(overhead) : null });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(spec.body);
  });
}

/** utime + stime of a process, in milliseconds (Linux `/proc`; the bench's own via `process.cpuUsage`). */
function cpuMs(pid: number): number {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** `count` requests over `connections` kept-alive sockets, each connection sending its next request when the last one ends. */
async function drive(agent: Agent, spec: LoadSpec, count: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let started = 0;
  const connection = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index * spec.staggerMs) / spec.connections));
    while (started < count) {
      started++;
      samples.push(await timeOne(agent, spec));
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, (_, index) => connection(index)));
  return samples;
}

/** Warms up (connections opened, JIT and caches warm), then measures. */
export async function runLoad(spec: LoadSpec): Promise<LoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  await drive(agent, spec, spec.warmupRequests);
  await spec.beforeMeasure?.();
  const cpuBefore = Object.fromEntries(Object.entries(spec.watch).map(([name, pid]) => [name, cpuMs(pid)]));
  const started = performance.now();
  const samples = await drive(agent, spec, spec.requests);
  const elapsedMs = performance.now() - started;
  const cpuPercent = Object.fromEntries(Object.entries(spec.watch).map(([name, pid]) => [name, (100 * (cpuMs(pid) - cpuBefore[name]!)) / elapsedMs]));
  agent.destroy();
  return { samples, seconds: elapsedMs / 1000, cpuPercent };
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
