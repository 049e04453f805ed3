import type { IncomingHttpHeaders } from 'node:http';
import { Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import type { HeaderLookup, PassthroughResponse } from '../../../kernel/canonical/provider';
import { PushedBody } from './pushed-body';
import type { RawAnswerFetch } from './upstream-fetch';

export interface HttpFetchOptions {
  /** Connections per upstream origin; hundreds of concurrent streams each hold one. */
  readonly maxSockets?: number;
  /** Idle time after which a kept connection is closed (below the usual 5 s server keep-alive, so a reused connection is rarely one the server is closing). */
  readonly idleTimeoutMs?: number;
}

interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;
}

const MAX_REDIRECTS = 20;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DECOMPRESSORS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  // A plain record (what every provider passes) goes through as is; anything else is read through Headers.
  if (Object.getPrototypeOf(headers) === Object.prototype) return { ...(headers as Record<string, string>) };
  return Object.fromEntries(new Headers(headers));
}

/** Strings and bytes are sent as they are; any other body (FormData, Blob…) is encoded the way fetch would, content type included. */
async function encodeBody(body: BodyInit | null | undefined, headers: Record<string, string>): Promise<string | Uint8Array | undefined> {
  if (body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body ?? undefined;
  const encoded = new Response(body);
  const type = encoded.headers.get('content-type');
  if (type && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = type;
  return new Uint8Array(await encoded.arrayBuffer());
}

async function toOutgoing(input: string | URL | Request, init: RequestInit): Promise<Outgoing> {
  if (input instanceof Request) {
    const body = input.body ? new Uint8Array(await input.arrayBuffer()) : undefined;
    return toOutgoing(input.url, { method: input.method, headers: input.headers, body, signal: input.signal, redirect: input.redirect, ...init });
  }
  const headers = plainHeaders(init.headers);
  // Like fetch, compressed answers are welcome unless the caller says otherwise; they are decompressed below.
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding')) headers['accept-encoding'] = 'gzip, deflate, br';
  const body = await encodeBody(init.body, headers);
  return { url: parsedUrl(input), method: (init.method ?? 'GET').toUpperCase(), headers, body, signal: init.signal ?? undefined, redirect: init.redirect ?? 'follow' };
}

/** A provider calls the same few URLs over and over: each is parsed once (the objects are never changed). */
const parsedUrls = new Map<string, URL>();
const MAX_PARSED_URLS = 1_000;

function parsedUrl(input: string | URL): URL {
  if (typeof input !== 'string') return input;
  let url = parsedUrls.get(input);
  if (!url) {
    if (parsedUrls.size >= MAX_PARSED_URLS) parsedUrls.clear();
    parsedUrls.set(input, (url = new URL(input)));
  }
  return url;
}

/** Where a URL's requests go, worked out once per URL: the origin, the path with its query, and its credentials as a header. */
interface Target {
  readonly origin: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

function targetOf(url: URL, targets: WeakMap<URL, Target>): Target {
  let target = targets.get(url);
  if (!target) {
    const credentials = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    target = { origin: url.origin, path: `${url.pathname}${url.search}`, authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}` };
    targets.set(url, target);
  }
  return target;
}

/** An answer's head, and its body as the client pushes it. */
interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: PushedBody;
}

/**
 * Sends one request and resolves with its answer's head; connection failures reject like
 * fetch (TypeError, errno in `cause`). An abort of the signal rejects (before the head) or
 * fails the body (after it) with the signal's reason, and drops the connection.
 */
function exchange(agent: Agent, outgoing: Outgoing, targets: WeakMap<URL, Target>): Promise<Answer> {
  const { signal } = outgoing;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const target = targetOf(outgoing.url, targets);
  const headers = target.authorization && !hasHeader(outgoing.headers, 'authorization') ? { ...outgoing.headers, authorization: target.authorization } : outgoing.headers;
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let pendingAbort: Error | null = null;
    let body: PushedBody | null = null;
    const abort = (reason: Error) => {
      if (controller) controller.abort(reason);
      else pendingAbort = reason;
    };
    const onAbort = () => {
      const reason = abortReason(signal!) as Error;
      if (body) body.destroy(reason);
      else {
        reject(reason);
        abort(reason);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    agent.dispatch({ origin: target.origin, path: target.path, method: outgoing.method as Dispatcher.HttpMethod, headers, body: outgoing.body ?? null }, {
      onRequestStart(started) {
        controller = started;
        if (pendingAbort) started.abort(pendingAbort);
      },
      onResponseStart(started, status, answerHeaders, statusText) {
        // 1xx heads come before the real one.
        if (status < 200 && status !== 101) return;
        body = new PushedBody({ abort, pause: () => started.pause(), resume: () => started.resume() });
        resolve({ status, statusText: statusText ?? '', headers: answerHeaders, body });
      },
      onResponseData(_controller, chunk) {
        body?.push(chunk);
      },
      onResponseEnd() {
        done();
        body?.end();
      },
      onResponseError(_controller, error) {
        done();
        if (body) body.fail(new TypeError('terminated', { cause: error }));
        else reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
      },
    });
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/** Reads a body nobody wants to the end (so its connection goes back to the pool), ignoring its failures. */
function discard(body: PushedBody): void {
  body.forEach(() => undefined).catch(() => undefined);
}

/** The decoded body of an answer (or none), and whether it was decoded. */
function answerBody(answer: Answer, outgoing: Outgoing): { source: PushedBody | Readable | null; decoded: boolean } {
  if (NULL_BODY_STATUSES.has(answer.status) || outgoing.method === 'HEAD') {
    discard(answer.body);
    return { source: null, decoded: false };
  }
  const encoding = answer.headers['content-encoding'];
  const decompress = DECOMPRESSORS[(typeof encoding === 'string' ? encoding : '').trim().toLowerCase()];
  if (!decompress) return { source: answer.body, decoded: false };
  const decoded = decompress();
  answer.body.forEach((chunk) => decoded.write(chunk)).then(() => decoded.end(), (error: unknown) => decoded.destroy(error as Error));
  // A reader that gives the decoded body up gives up the upstream's too.
  decoded.once('close', () => answer.body.destroy());
  return { source: decoded, decoded: true };
}

function isSkipped(name: string, decoded: boolean): boolean {
  // Decoded bytes no longer match the upstream's encoding or length.
  return decoded && (name === 'content-encoding' || name === 'content-length');
}

function responseHeaders(answer: Answer, decoded: boolean): Headers {
  const headers = new Headers();
  for (const name in answer.headers) {
    const value = answer.headers[name];
    if (value === undefined || isSkipped(name, decoded)) continue;
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else headers.append(name, value);
  }
  return headers;
}

/** The answer's headers read like `Headers`: any case, repeated values joined. */
function headerLookup(answer: Answer, decoded: boolean): HeaderLookup {
  const { headers } = answer;
  const value = (name: string): string | null => {
    const lower = name.toLowerCase();
    if (isSkipped(lower, decoded)) return null;
    const found = headers[lower];
    return found === undefined ? null : Array.isArray(found) ? found.join(', ') : found;
  };
  return { get: value, has: (name) => value(name) !== null };
}

/** A web stream over the body, with backpressure: reading pauses while the stream's queue is full. */
function webStream(source: PushedBody | Readable): ReadableStream<Uint8Array> {
  if (source instanceof Readable) return Readable.toWeb(source) as ReadableStream<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.forEach((chunk) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      }).then(() => controller.close(), (error: unknown) => controller.error(error));
    },
    pull() {
      source.resume();
    },
    cancel() {
      source.destroy();
    },
  }, { highWaterMark: 16 });
}

function toResponse(answer: Answer, outgoing: Outgoing): Response {
  const init = { status: answer.status, statusText: answer.statusText };
  const { source, decoded } = answerBody(answer, outgoing);
  if (!source) return new Response(null, { ...init, headers: responseHeaders(answer, false) });
  return new Response(webStream(source), { ...init, headers: responseHeaders(answer, decoded) });
}

/** The answer as it arrives (`raw`): the pushed body itself, no stream or `Response` in between. */
function toPassthrough(answer: Answer, outgoing: Outgoing): PassthroughResponse {
  const { source, decoded } = answerBody(answer, outgoing);
  if (!source) return { status: answer.status, headers: headerLookup(answer, false), body: null, discard: () => undefined };
  // `on`, not `once`: a torn-down stream can report twice, and an unheard 'error' would crash the process.
  if (source instanceof Readable) source.on('error', () => undefined);
  return { status: answer.status, headers: headerLookup(answer, decoded), body: source, discard: () => source.destroy() };
}

/** The request a redirect leads to: fetch's rules (303, and 301/302 after a POST, become a GET without body; credentials stay on the origin). */
function redirected(outgoing: Outgoing, status: number, location: string): Outgoing {
  const url = new URL(location, outgoing.url);
  const toGet = status === 303 ? outgoing.method !== 'HEAD' : (status === 301 || status === 302) && outgoing.method === 'POST';
  const dropped = new Set([...(toGet ? ['content-type', 'content-length'] : []), ...(url.origin === outgoing.url.origin ? [] : ['authorization', 'cookie'])]);
  const headers = Object.fromEntries(Object.entries(outgoing.headers).filter(([name]) => !dropped.has(name.toLowerCase())));
  return { ...outgoing, url, headers, method: toGet ? 'GET' : outgoing.method, body: toGet ? undefined : outgoing.body };
}

/**
 * A `fetch` on undici's dispatcher (its lowest-level API: callbacks, no streams), keeping
 * connections alive per origin. undici's own `fetch` and its web streams were a quarter of the
 * gateway's CPU, and node:http's client a third more than this (README, Benchmarks). Same
 * contract for what the providers use: method, headers, body, signal (an abort rejects, or
 * errors the body, with the signal's reason), redirects, a web Response whose body streams the
 * upstream's bytes, compressed answers decoded (content-encoding and content-length then
 * dropped, so headers match the bytes), connection failures as `TypeError('fetch failed')`
 * with the errno in `cause`.
 */
export function createHttpFetch(options: HttpFetchOptions = {}): RawAnswerFetch {
  // No header or body timeouts: a model may think for minutes; each call's signal is its deadline.
  const agent = new Agent({ connections: options.maxSockets ?? 1024, keepAliveTimeout: options.idleTimeoutMs ?? 4_000, headersTimeout: 0, bodyTimeout: 0 });
  const targets = new WeakMap<URL, Target>();
  /** Sends the request, following redirects as fetch would. */
  const send = async (input: string | URL | Request, init: RequestInit): Promise<{ answer: Answer; outgoing: Outgoing }> => {
    let outgoing = await toOutgoing(input, init);
    for (let hops = 0; ; hops++) {
      const answer = await exchange(agent, outgoing, targets);
      const location = REDIRECT_STATUSES.has(answer.status) ? answer.headers.location : undefined;
      if (typeof location !== 'string' || outgoing.redirect === 'manual') return { answer, outgoing };
      discard(answer.body);
      if (outgoing.redirect === 'error' || hops === MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not followed`) });
      outgoing = redirected(outgoing, answer.status, location);
    }
  };
  const fetchLike = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { answer, outgoing } = await send(input, init);
    return toResponse(answer, outgoing);
  };
  return Object.assign(fetchLike, {
    async raw(input: string | URL, init: RequestInit = {}): Promise<PassthroughResponse> {
      const { answer, outgoing } = await send(input, init);
      return toPassthrough(answer, outgoing);
    },
  });
}

/** The transport every provider plugin hands its factory (one pool of upstream connections per process). */
export const httpFetch: RawAnswerFetch = createHttpFetch();
