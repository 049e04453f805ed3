import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSpec } from './faults';
import { buildProviderError, type ProviderName } from './provider-errors';
import { encodeSseFrame, payloadFrame, type Reply, type SseFrame } from './reply';
import { hasSseShape, shapeSseEvent } from './sse-shape';

export interface DeliveryOptions {
  readonly provider: ProviderName;
  readonly chunkDelayMs: number;
  /** Transport faults to apply (status and hang faults never reach this point). */
  readonly fault?: FaultSpec;
  /** Headers every reply of this request carries (request ids). */
  readonly headers: Record<string, string>;
  /** See Route.errorsInBody. */
  readonly errorsInBody?: boolean;
}

/** Resolves once the chunk is handed to the socket, or false when the client has gone. */
async function writeChunk(response: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (response.destroyed) return false;
  if (response.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
  return !response.destroyed;
}

/** Waits until the client gives up: the `hang` and `stall` faults, for timeout tests. */
export function waitForClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => response.once('close', resolve));
}

/** Closes the connection mid-response, once what was written so far has reached the client. */
function cutConnection(response: ServerResponse): void {
  response.socket?.destroySoon();
}

/** OpenRouter's words for the codes of errors it sends in-band (https://openrouter.ai/docs/api-reference/errors). */
const IN_BAND_MESSAGES: Readonly<Record<number, string>> = {
  408: 'Request timed out (simulated)',
  429: 'Rate limit exceeded (simulated)',
  502: 'Provider returned error (simulated)',
  503: 'No available model provider that meets your routing requirements (simulated)',
};

/** The `{ code, message }` of an error a server sends in-band, once the model is answering (Route.errorsInBody). */
function inBandError(fault: FaultSpec | undefined): { code: number; message: string } {
  const code = fault?.errorCode ?? 502;
  return { code, message: IN_BAND_MESSAGES[code] ?? `Provider returned error ${code} (simulated)` };
}

/** The fields every chunk of the stream carries (id, model…), read from its first chunk. */
function chunkEnvelope(frames: readonly SseFrame[]): Record<string, unknown> {
  const first = frames.find((frame) => !frame.comment && frame.data.startsWith('{'));
  if (!first) return {};
  const { choices: _choices, usage: _usage, ...envelope } = JSON.parse(first.data) as Record<string, unknown>;
  return envelope;
}

/**
 * The provider's in-stream error: Anthropic's `event: error`, an `error` payload elsewhere. The
 * Responses API numbers it like its other events and wraps the error in a typed payload.
 * OpenRouter's is a chunk with the error beside a choice finished by it
 * (https://openrouter.ai/docs/api-reference/errors, "Streaming Error Formats").
 */
function streamErrorFrame(reply: Extract<Reply, { kind: 'sse' }>, sequenceNumber: number, options: DeliveryOptions): SseFrame {
  if (options.errorsInBody) {
    const payload = { ...chunkEnvelope(reply.frames), error: inBandError(options.fault), choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] };
    return payloadFrame(payload, reply.framing);
  }
  const status = options.provider === 'anthropic' ? 529 : 500;
  const body = buildProviderError(options.provider, status).body as { error?: unknown };
  const payload = reply.framing === 'openai-responses' ? { type: 'error', sequence_number: sequenceNumber, error: body.error } : body;
  return payloadFrame(payload, reply.framing);
}

/** A frame whose data is the first half of the next one: valid SSE, unparsable JSON. */
function insertMalformedFrame(frames: readonly SseFrame[], position: number): SseFrame[] {
  const index = Math.min(position, frames.length - 1);
  const victim = frames[Math.max(0, index)] ?? { data: '{}' };
  const broken = { ...victim, data: victim.data.slice(0, Math.max(1, Math.floor(victim.data.length / 2))) };
  return [...frames.slice(0, index), broken, ...frames.slice(index)];
}

/**
 * `retry-after` on the head of a stream that will fail (`error-after` with `retry-after`): a
 * server that answers 200 and then refuses in the stream (an overload, a rate limit) may still
 * say in its head when to come back, as OpenRouter does in its 200 bodies.
 */
function streamFailureHeaders(fault: FaultSpec | undefined): Record<string, string> {
  return fault?.errorAfter !== undefined && fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
}

async function sendStream(response: ServerResponse, reply: Extract<Reply, { kind: 'sse' }>, options: DeliveryOptions): Promise<void> {
  const fault = options.fault;
  const frames = fault?.malformedAt === undefined ? reply.frames : insertMalformedFrame(reply.frames, fault.malformedAt);
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...options.headers, ...reply.headers, ...streamFailureHeaders(fault) });
  response.flushHeaders();
  const shape = fault?.sseShape;
  const shaped = shape !== undefined && hasSseShape(shape);
  // Each byte its own write, sent at once: the client reads the stream a byte at a time.
  if (shaped && shape.byteReads) response.socket?.setNoDelay(true);
  const send = async (encoded: string, index: number, last: boolean): Promise<boolean> => {
    if (!shaped) return writeChunk(response, encoded);
    const text = shapeSseEvent(encoded, shape, index, last);
    if (!shape.byteReads) return writeChunk(response, text);
    for (const byte of Buffer.from(text)) {
      if (!(await writeChunk(response, Buffer.of(byte)))) return false;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  };
  for (const [index, frame] of frames.entries()) {
    if (fault?.disconnectAfter === index) return cutConnection(response);
    if (fault?.disconnectMidEvent === index) {
      // The event whole but for the blank line that would end it: a parser that gets no more must drop it.
      const encoded = encodeSseFrame(frame, reply.framing);
      await writeChunk(response, encoded.slice(0, encoded.length - (reply.framing === 'gemini' ? 2 : 1)));
      return cutConnection(response);
    }
    if (fault?.stall && index === 1) return waitForClose(response);
    if (fault?.errorAfter === index) {
      await send(encodeSseFrame(streamErrorFrame(reply, index, options), reply.framing), index, true);
      return void response.end();
    }
    if (index > 0 && options.chunkDelayMs > 0) await sleep(options.chunkDelayMs);
    if (!(await send(encodeSseFrame(frame, reply.framing), index, index === frames.length - 1))) return;
  }
  response.end();
}

async function sendBody(response: ServerResponse, status: number, contentType: string, body: Buffer, options: DeliveryOptions, extraHeaders?: Record<string, string>): Promise<void> {
  const fault = options.fault;
  const half = body.subarray(0, Math.floor(body.length / 2));
  const headers = { 'content-type': contentType, ...options.headers, ...extraHeaders };
  if (fault?.disconnectAfter !== undefined || fault?.disconnectMidEvent !== undefined || fault?.stall) {
    response.writeHead(status, { ...headers, 'content-length': String(body.length) });
    response.write(half);
    return fault.stall ? waitForClose(response) : cutConnection(response);
  }
  const sent = fault?.malformedAt === undefined ? body : half;
  response.writeHead(status, { ...headers, 'content-length': String(sent.length) });
  response.end(sent);
}

function isResponseObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && (body as { object?: unknown }).object === 'response';
}

/** Writes a reply; a non-streamed answer suffers a stream fault as a cut or truncated body. */
export async function sendReply(response: ServerResponse, reply: Reply, options: DeliveryOptions): Promise<void> {
  if (reply.kind === 'sse') return sendStream(response, reply, options);
  if (options.fault?.errorAfter !== undefined && options.errorsInBody) {
    // OpenRouter's shape, `{ error: { code, message } }`, and the `retry-after` it may send with a
    // 429 or a 503 (https://openrouter.ai/docs/api-reference/errors).
    const body = { error: inBandError(options.fault) };
    const retryAfter = options.fault.retryAfterSeconds;
    return sendBody(response, 200, 'application/json', Buffer.from(JSON.stringify(body)), { ...options, fault: undefined }, retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) });
  }
  if (options.fault?.errorAfter !== undefined && reply.kind === 'json' && isResponseObject(reply.body)) {
    // A Responses answer that fails comes as a 200 whose response says `status: "failed"`
    // (https://github.com/google/adk-go/pull/1359, https://github.com/openai/openai-agents-python/issues/4515).
    const failed = { ...reply.body, status: 'failed', output: [], error: { code: 'server_error', message: 'The model failed to generate a response. (simulated)' } };
    return sendBody(response, 200, 'application/json', Buffer.from(JSON.stringify(failed)), { ...options, fault: undefined }, reply.headers);
  }
  if (options.fault?.errorAfter !== undefined) {
    const error = buildProviderError(options.provider, 500);
    return sendBody(response, error.status, 'application/json', Buffer.from(JSON.stringify(error.body)), { ...options, fault: undefined }, error.headers);
  }
  if (reply.kind === 'json') return sendBody(response, reply.status, 'application/json', Buffer.from(JSON.stringify(reply.body)), options, reply.headers);
  return sendBody(response, reply.status, reply.contentType, Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body), options, reply.headers);
}
