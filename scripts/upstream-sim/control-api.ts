import type { ServerResponse } from 'node:http';
import type { FailureCounters } from './faults';
import type { JobStore } from './job-store';
import type { RequestLog } from './request-log';
import { SAMPLE_PNG_BASE64 } from './sample-media';

/** What `/__sim/` inspects and resets. */
export interface ControlState {
  readonly requests: RequestLog;
  readonly failures: FailureCounters;
  readonly jobs: JobStore;
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) return void response.writeHead(status).end();
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The simulator's own API, for tests: `GET /__sim/requests[?provider=]` lists what arrived
 * (secrets redacted), `DELETE /__sim/requests` forgets it, `POST /__sim/reset` also resets the
 * fail-times counters and jobs; `GET /__sim/files/<name>.png` serves the images handed out by URL.
 */
export function handleControlRequest(state: ControlState, method: string, url: URL, response: ServerResponse): void {
  const path = url.pathname;
  if (method === 'GET' && path === '/__sim/health') return send(response, 200, { ok: true });
  if (method === 'GET' && path === '/__sim/requests') return send(response, 200, { requests: state.requests.list(url.searchParams.get('provider') ?? undefined) });
  if (method === 'DELETE' && path === '/__sim/requests') {
    state.requests.clear();
    return send(response, 204);
  }
  if (method === 'POST' && path === '/__sim/reset') {
    state.requests.clear();
    state.failures.reset();
    state.jobs.clear();
    return send(response, 204);
  }
  if (method === 'GET' && /^\/__sim\/files\/image-[A-Za-z0-9]+\.png$/.test(path)) {
    return void response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(SAMPLE_PNG_BASE64, 'base64'));
  }
  send(response, 404, { error: `simulator: no control route ${method} ${path}` });
}
