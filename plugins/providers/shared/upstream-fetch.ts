import { createUpstreamError, kindForStatus, parseRetryAfter } from '../../../kernel/canonical/upstream-error';
import { readPassthroughBody } from '../../../kernel/canonical/passthrough-body';
import type { PassthroughResponse } from '../../../kernel/canonical/provider';
import type { UpstreamErrorInfo, UpstreamErrorKind } from '../../../kernel/canonical/stream';

export type FetchFunction = typeof fetch;

/**
 * A fetch that can also hand back an answer as it arrives, without wrapping it in a web
 * `Response` (node-http-fetch.ts): passthrough relays it, streams read it. A plain fetch works
 * too: its Response is adapted.
 */
export type RawAnswerFetch = FetchFunction & {
  raw(input: string | URL, init?: RequestInit): Promise<PassthroughResponse>;
};

export interface UpstreamRequest {
  /** Provider instance name, for error messages. */
  readonly provider: string;
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal: AbortSignal;
  readonly fetch: FetchFunction;
}

/**
 * Reads a provider's error body into a kind and message. Each provider passes its own
 * (Anthropic `error.type`, OpenAI `error.code`, Gemini `error.status`…).
 */
export type ErrorBodyReader = (status: number, body: unknown) => { kind?: UpstreamErrorKind; message?: string; retryAfterSeconds?: number };

function connectionFailure(provider: string, error: unknown, signal: AbortSignal) {
  const aborted = signal.aborted;
  const reason = signal.reason instanceof Error ? signal.reason.message : 'aborted';
  const info: UpstreamErrorInfo = aborted
    ? { kind: 'timeout', message: reason }
    : { kind: 'connection', message: (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message };
  return createUpstreamError(provider, info, error);
}

/** An error status with its body text as an UpstreamError, keeping `retry-after`. */
function upstreamFailure(provider: string, answer: { status: number; text: string; retryAfter: string | null }, readErrorBody: ErrorBodyReader) {
  const { status, text } = answer;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy, say): the text itself is the message.
  }
  const read = readErrorBody(status, body);
  const retryAfterSeconds = read.retryAfterSeconds ?? parseRetryAfter(answer.retryAfter);
  return createUpstreamError(provider, {
    kind: read.kind ?? kindForStatus(status),
    message: read.message ?? (text.slice(0, 200) || `HTTP ${status}`),
    status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** Turns a non-2xx upstream response into an UpstreamError, keeping `retry-after`. */
export async function readUpstreamFailure(provider: string, response: Response, readErrorBody: ErrorBodyReader) {
  const text = await response.text().catch(() => '');
  return upstreamFailure(provider, { status: response.status, text, retryAfter: response.headers.get('retry-after') }, readErrorBody);
}

/**
 * Calls the upstream. Resolves with the raw Response for 2xx; rejects with an UpstreamError
 * for connection failures, timeouts (the signal) and error statuses.
 */
export async function fetchUpstream(request: UpstreamRequest, readErrorBody: ErrorBodyReader): Promise<Response> {
  const response = await sendUpstream(request);
  if (!response.ok) throw await readUpstreamFailure(request.provider, response, readErrorBody);
  return response;
}

/** The type a JSON body goes with: the caller's when it names one (a provider may build its headers with it once, not per call). */
function jsonHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return 'content-type' in headers ? headers : { 'content-type': 'application/json', ...headers };
}

function requestInit(request: UpstreamRequest): RequestInit {
  return {
    method: request.method ?? 'POST',
    headers: request.body === undefined ? request.headers : jsonHeaders(request.headers),
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: request.signal,
  };
}

/** Like fetchUpstream but hands back error statuses as responses. */
export async function sendUpstream(request: UpstreamRequest): Promise<Response> {
  try {
    return await request.fetch(request.url, requestInit(request));
  } catch (error) {
    throw connectionFailure(request.provider, error, request.signal);
  }
}

function fromResponse(response: Response): PassthroughResponse {
  return {
    status: response.status,
    headers: response.headers,
    // A web ReadableStream is async-iterable in Node.
    body: response.body as unknown as AsyncIterable<Uint8Array> | null,
    discard: () => void response.body?.cancel().catch(() => undefined),
  };
}

/**
 * The upstream's answer as it arrives, error statuses included (passthrough relays them): the
 * transport's own Node stream when it offers one (`raw`), a plain fetch's Response adapted otherwise.
 */
export async function sendRaw(request: UpstreamRequest): Promise<PassthroughResponse> {
  const transport = request.fetch as Partial<RawAnswerFetch>;
  if (typeof transport.raw !== 'function') return fromResponse(await sendUpstream(request));
  try {
    return await transport.raw(request.url, requestInit(request));
  } catch (error) {
    throw connectionFailure(request.provider, error, request.signal);
  }
}

/** A 2xx stream as it arrives, and the `retry-after` its head carried. */
export interface UpstreamStream {
  readonly body: AsyncIterable<Uint8Array>;
  /**
   * An upstream may answer 200 and refuse in the stream's first event (an overload, a rate
   * limit) while its head says when to come back: that error is then told with this wait.
   */
  readonly retryAfterSeconds?: number;
}

/**
 * Calls the upstream for a stream: resolves with the body as it arrives (the transport's Node
 * stream when it offers one: no web stream in between), rejects like fetchUpstream otherwise.
 */
export async function fetchUpstreamStream(request: UpstreamRequest, readErrorBody: ErrorBodyReader): Promise<UpstreamStream> {
  const answer = await sendRaw(request);
  if (answer.status >= 200 && answer.status < 300) {
    if (!answer.body) throw createUpstreamError(request.provider, { kind: 'malformed-response', message: 'the stream response has no body', status: answer.status });
    const retryAfterSeconds = parseRetryAfter(answer.headers.get('retry-after'));
    return retryAfterSeconds === undefined ? { body: answer.body } : { body: answer.body, retryAfterSeconds };
  }
  const text = await readPassthroughBody(answer.body).then((bytes) => bytes.toString('utf8'), () => '');
  throw upstreamFailure(request.provider, { status: answer.status, text, retryAfter: answer.headers.get('retry-after') }, readErrorBody);
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
