import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { HeaderLookup, PassthroughResponse } from '../../../kernel/canonical/provider';
import type { RawAnswerFetch } from './upstream-fetch';

export interface NodeHttpFetchOptions {
  /** Sockets per upstream origin; hundreds of concurrent streams each hold one. */
  readonly maxSockets?: number;
  /** Idle sockets kept per origin for reuse. */
  readonly maxFreeSockets?: number;
  /** Idle time after which a kept socket is closed (below the usual 5 s server keep-alive, so a reused socket is rarely one the server is closing). */
  readonly idleTimeoutMs?: number;
}

interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: OutgoingHttpHeaders;
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

function plainHeaders(headers: HeadersInit | undefined): OutgoingHttpHeaders {
  if (!headers) return {};
  // A plain record (what every provider passes) goes through as is; anything else is read through Headers.
  if (Object.getPrototypeOf(headers) === Object.prototype) return { ...(headers as Record<string, string>) };
  return Object.fromEntries(new Headers(headers));
}

/** Strings and bytes are sent as they are; any other body (FormData, Blob…) is encoded the way fetch would, content type included. */
async function encodeBody(body: BodyInit | null | undefined, headers: OutgoingHttpHeaders): Promise<string | Uint8Array | undefined> {
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

/** What `http.request` takes for a URL, built once per URL: given a URL object, it converts it on every call. */
interface Target {
  readonly send: typeof httpRequest;
  readonly options: { readonly protocol: string; readonly hostname: string; readonly port: string; readonly path: string; readonly agent: HttpAgent; readonly auth?: string };
}

function targetOf(url: URL, agentFor: (url: URL) => HttpAgent, targets: WeakMap<URL, Target>): Target {
  let target = targets.get(url);
  if (!target) {
    const auth = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    // IPv6 hosts come bracketed in a URL and bare in `hostname` options.
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    target = {
      send: url.protocol === 'https:' ? httpsRequest : httpRequest,
      options: { protocol: url.protocol, hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: agentFor(url), ...(auth === undefined ? {} : { auth }) },
    };
    targets.set(url, target);
  }
  return target;
}

function responseHeaders(message: IncomingMessage, decoded: boolean): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    // Decoded bytes no longer match the upstream's encoding or length.
    if (decoded && (name === 'content-encoding' || name === 'content-length')) continue;
    headers.append(name, raw[index + 1]!);
  }
  return headers;
}

/**
 * A web stream over a node stream, with backpressure (the source pauses while the stream's
 * queue is full). `fail` errors it from outside (an abort), `cancel` tears down the exchange.
 */
function webStream(source: Readable, onCancel: () => void): { stream: ReadableStream<Uint8Array>; fail: (reason: unknown) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let settled = false;
  const fail = (reason: unknown) => {
    if (settled) return;
    settled = true;
    controller.error(reason);
    source.destroy();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(started) {
      controller = started;
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      // `on`, not `once`: a torn-down socket can report twice, and an unheard 'error' would crash the process.
      source.on('error', (error) => fail(new TypeError('terminated', { cause: error })));
    },
    pull() {
      source.resume();
    },
    cancel() {
      settled = true;
      onCancel();
    },
  }, { highWaterMark: 16 });
  return { stream, fail };
}

/** Reads a body nobody wants to the end (so its socket goes back to the pool), ignoring its failures. */
function discard(message: IncomingMessage): void {
  message.on('error', () => undefined);
  message.resume();
}

interface Exchange {
  readonly request: ClientRequest;
  readonly message: IncomingMessage;
}

/** Sends one request and resolves with its response head; connection failures reject like fetch (TypeError, errno in `cause`). */
function exchange(outgoing: Outgoing, target: Target): Promise<Exchange> {
  const { signal } = outgoing;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const request = target.send({ ...target.options, method: outgoing.method, headers: outgoing.headers });
    const onAbort = () => {
      reject(abortReason(signal!));
      request.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('response', (message) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ request, message });
    });
    request.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new TypeError('fetch failed', { cause: error }));
    });
    request.end(outgoing.body);
  });
}

/** The decoded body of an answer (or none), and whether it was decoded. */
function answerBody({ message }: Exchange, outgoing: Outgoing): { source: Readable | null; decoded: boolean } {
  if (NULL_BODY_STATUSES.has(message.statusCode ?? 502) || outgoing.method === 'HEAD') {
    discard(message);
    return { source: null, decoded: false };
  }
  const decompress = DECOMPRESSORS[(message.headers['content-encoding'] ?? '').trim().toLowerCase()];
  if (!decompress) return { source: message, decoded: false };
  const source = message.pipe(decompress());
  message.on('error', (error) => source.destroy(error));
  return { source, decoded: true };
}

/** An abort of the signal errors the body with the signal's reason and drops the connection. */
function abortWith(outgoing: Outgoing, request: ClientRequest, fail: (reason: unknown) => void, source: Readable): void {
  const { signal } = outgoing;
  if (!signal) return;
  const onAbort = () => {
    fail(abortReason(signal));
    request.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  source.once('close', () => signal.removeEventListener('abort', onAbort));
}

function toResponse(sent: Exchange, outgoing: Outgoing): Response {
  const { message, request } = sent;
  const init = { status: message.statusCode ?? 502, statusText: message.statusMessage ?? '' };
  const { source, decoded } = answerBody(sent, outgoing);
  if (!source) return new Response(null, { ...init, headers: responseHeaders(message, false) });
  const { stream, fail } = webStream(source, () => request.destroy());
  abortWith(outgoing, request, fail, source);
  return new Response(stream, { ...init, headers: responseHeaders(message, decoded) });
}

/** Node's parsed response headers, read like `Headers`: lower-case names, repeated values joined. */
function headerLookup(message: IncomingMessage, decoded: boolean): HeaderLookup {
  const { headers } = message;
  const value = (name: string): string | null => {
    const lower = name.toLowerCase();
    if (decoded && (lower === 'content-encoding' || lower === 'content-length')) return null;
    const found = headers[lower];
    return found === undefined ? null : Array.isArray(found) ? found.join(', ') : found;
  };
  return { get: value, has: (name) => value(name) !== null };
}

/**
 * The answer as it arrives (`raw`): the Node stream itself, no web stream or `Response`
 * in between (they cost about 30 µs a request here; README, Benchmarks).
 */
function toPassthrough(sent: Exchange, outgoing: Outgoing): PassthroughResponse {
  const { message, request } = sent;
  const { source, decoded } = answerBody(sent, outgoing);
  const status = message.statusCode ?? 502;
  if (!source) return { status, headers: headerLookup(message, false), body: null, discard: () => undefined };
  abortWith(outgoing, request, (reason) => source.destroy(reason as Error), source);
  // `on`, not `once`: a torn-down socket can report twice, and an unheard 'error' would crash the process.
  source.on('error', () => undefined);
  return {
    status,
    headers: headerLookup(message, decoded),
    body: source,
    discard() {
      source.destroy();
      request.destroy();
    },
  };
}

/** The request a redirect leads to: fetch's rules (303, and 301/302 after a POST, become a GET without body; credentials stay on the origin). */
function redirected(outgoing: Outgoing, status: number, location: string): Outgoing {
  const url = new URL(location, outgoing.url);
  const toGet = status === 303 ? outgoing.method !== 'HEAD' : (status === 301 || status === 302) && outgoing.method === 'POST';
  const dropped = new Set([...(toGet ? ['content-type', 'content-length'] : []), ...(url.origin === outgoing.url.origin ? [] : ['authorization', 'cookie'])]);
  const headers = Object.fromEntries(Object.entries(outgoing.headers).filter(([name]) => !dropped.has(name.toLowerCase())));
  return { ...outgoing, url, headers, method: toGet ? 'GET' : outgoing.method, body: toGet ? undefined : outgoing.body };
}

function keepAliveAgents(options: NodeHttpFetchOptions): (url: URL) => HttpAgent {
  const agents = new Map<string, HttpAgent>();
  const settings = { keepAlive: true, maxSockets: options.maxSockets ?? 1024, maxFreeSockets: options.maxFreeSockets ?? 256, timeout: options.idleTimeoutMs ?? 4_000, scheduling: 'lifo' as const };
  return (url) => {
    let agent = agents.get(url.origin);
    if (!agent) {
      agent = url.protocol === 'https:' ? new HttpsAgent(settings) : new HttpAgent(settings);
      agents.set(url.origin, agent);
    }
    return agent;
  };
}

/**
 * A `fetch` on node:http/node:https with a keep-alive Agent per origin: undici's fetch and its
 * web streams were a quarter of the gateway's CPU (README, Benchmarks). Same contract for what
 * the providers use: method, headers, body, signal (an abort rejects, or errors the body, with
 * the signal's reason), redirects, a web Response whose body streams the upstream's bytes,
 * compressed answers decoded (content-encoding and content-length then dropped, so headers
 * match the bytes), connection failures as `TypeError('fetch failed')` with the errno in `cause`.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): RawAnswerFetch {
  const agentFor = keepAliveAgents(options);
  const targets = new WeakMap<URL, Target>();
  /** Sends the request, following redirects as fetch would. */
  const send = async (input: string | URL | Request, init: RequestInit): Promise<{ sent: Exchange; outgoing: Outgoing }> => {
    let outgoing = await toOutgoing(input, init);
    for (let hops = 0; ; hops++) {
      const sent = await exchange(outgoing, targetOf(outgoing.url, agentFor, targets));
      const { statusCode = 0, headers } = sent.message;
      const location = REDIRECT_STATUSES.has(statusCode) ? headers.location : undefined;
      if (location === undefined || outgoing.redirect === 'manual') return { sent, outgoing };
      discard(sent.message);
      if (outgoing.redirect === 'error' || hops === MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not followed`) });
      outgoing = redirected(outgoing, statusCode, location);
    }
  };
  const fetchLike = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { sent, outgoing } = await send(input, init);
    return toResponse(sent, outgoing);
  };
  return Object.assign(fetchLike, {
    async raw(input: string | URL, init: RequestInit = {}): Promise<PassthroughResponse> {
      const { sent, outgoing } = await send(input, init);
      return toPassthrough(sent, outgoing);
    },
  });
}

/** The transport every provider plugin hands its factory (one pool of upstream connections per process). */
export const nodeHttpFetch: RawAnswerFetch = createNodeHttpFetch();
