/**
 * Preloaded into the gateway by `gateway-bench --phases` (`node --import …/gateway-phases.js`):
 * where each request's time goes inside the gateway. It follows every request from Node's
 * HTTP server start through the gateway's own phases (`bytespike:request-phase`, see
 * kernel/request-phases.ts) and Node's HTTP client events for the upstream call, to the end of
 * its response, and reports the time between consecutive marks (p50 / p90 / p99).
 *
 * On SIGUSR2 it writes what it gathered since the last signal to `BYTESPIKE_PHASES_FILE`
 * (JSON) and starts over: the bench signals once before a measured run and once after it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import type { ClientRequest, ServerResponse } from 'node:http';
import { REQUEST_PHASE_CHANNEL, type RequestPhaseMessage } from '../../kernel/request-phases';

type Marks = [name: string, at: number][];

export interface PhaseSpan {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

const current = new AsyncLocalStorage<Marks>();
const byResponse = new WeakMap<ServerResponse, Marks>();
const byUpstreamRequest = new WeakMap<ClientRequest, Marks>();
let finished: Marks[] = [];

subscribe('http.server.request.start', (message) => {
  const marks: Marks = [['received', performance.now()]];
  byResponse.set((message as { response: ServerResponse }).response, marks);
  // Everything this request's handling runs (Fastify, the gateway, the upstream call) inherits it.
  current.enterWith(marks);
});
subscribe(REQUEST_PHASE_CHANNEL, (message) => {
  const { phase, at } = message as RequestPhaseMessage;
  current.getStore()?.push([phase, at]);
});
// Published when the request's bytes were handed to the socket.
subscribe('http.client.request.start', (message) => {
  const marks = current.getStore();
  if (!marks) return;
  marks.push(['upstream-sent', performance.now()]);
  byUpstreamRequest.set((message as { request: ClientRequest }).request, marks);
});
subscribe('http.client.response.finish', (message) => {
  byUpstreamRequest.get((message as { request: ClientRequest }).request)?.push(['upstream-headers', performance.now()]);
});
// After the response's last write completed: later than the bytes left when work follows the answer.
subscribe('http.server.response.finish', (message) => {
  const marks = byResponse.get((message as { response: ServerResponse }).response);
  if (!marks || !marks.some(([name]) => name === 'upstream-sent')) return;
  marks.push(['response-finished', performance.now()]);
  finished.push(marks);
});

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** Time between consecutive marks, over every request, in the order the spans usually come. */
export function phaseSpans(requests: readonly Marks[]): PhaseSpan[] {
  const spans = new Map<string, { from: string; to: string; order: number[]; values: number[] }>();
  for (const marks of requests) {
    const ordered = [...marks].sort((a, b) => a[1] - b[1]);
    for (let index = 1; index < ordered.length; index++) {
      const [from, start] = ordered[index - 1]!;
      const [to, end] = ordered[index]!;
      const key = `${from}>${to}`;
      const span = spans.get(key) ?? { from, to, order: [], values: [] };
      span.order.push(index);
      span.values.push(end - start);
      spans.set(key, span);
    }
  }
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
  return [...spans.values()]
    .filter((span) => span.values.length >= requests.length / 20)
    .sort((a, b) => median(a.order) - median(b.order))
    .map(({ from, to, values }) => {
      const sorted = values.sort((a, b) => a - b);
      return { from, to, count: sorted.length, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) };
    });
}

process.on('SIGUSR2', () => {
  const file = process.env.BYTESPIKE_PHASES_FILE;
  if (file) writeFileSync(file, JSON.stringify({ requests: finished.length, spans: phaseSpans(finished) }));
  finished = [];
});
