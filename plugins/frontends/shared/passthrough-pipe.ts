import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRun } from '../../router/chat-pipeline';
import type { HeaderLookup, TapResult } from '../../../kernel/canonical/provider';
import type { UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { bodyInterruption, forEachRead, readWholeBody, type WholeBody } from '../../../kernel/canonical/passthrough-body';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { markRequestPhase } from '../../../kernel/request-phases';
import { answerableError, drainStopOf } from '../../http/request-stops';
import { answerWhenCharged } from './answer-when-charged';
import type { AnswerKeeper, ChatWire, FinalUsageEvent } from './chat-wire';
import { gatewayHeaders } from './gateway-headers';
import { RawSseSplitter, rawEventData } from './raw-sse-splitter';
import { openSseResponse } from './sse-response';
import { isJsonObject } from './wire-reader';

type PassthroughRun = Extract<ChatRun, { mode: 'passthrough' }>;

/** Upstream headers worth relaying to the client on passthrough (never auth or hop-by-hop ones). */
const RELAYED_HEADERS = ['content-type', 'retry-after', 'anthropic-ratelimit-requests-remaining', 'x-ratelimit-remaining-requests'];

function relayedHeaders(headers: HeaderLookup): Record<string, string> {
  const relayed: Record<string, string> = {};
  for (const name of RELAYED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) relayed[name] = value;
  }
  return relayed;
}

/** The transport's Node stream (node-http-fetch.ts) can be paused; a plain fetch's adapted body cannot. */
function isPausable(body: AsyncIterable<Uint8Array> | null): body is AsyncIterable<Uint8Array> & Pick<Readable, 'pause' | 'resume'> {
  return typeof (body as Partial<Readable> | null)?.pause === 'function';
}

/**
 * Why a whole answer cannot go to the client as it came, or null when it can. The upstream
 * rejecting the gateway's own credentials (401) is the gateway's problem, not the client's
 * key. A success whose body was cut off (or timed out), is not the JSON it should be, or is an
 * error (OpenRouter answers 200 with `{ error }` once the model has started,
 * https://openrouter.ai/docs/api-reference/errors) is no answer: the tap knows it when the body
 * has been read, and the hold is released, as on the translated path; the client gets an error
 * its SDK raises, not a 200 without choices (a failed Responses object is the protocol's own
 * answer, and goes as it came). Other error statuses go through as they came (a
 * 403 is the upstream account's permission, which the client's protocol says itself).
 */
function unrelayable(status: number, tapped: TapResult, interrupted: UpstreamErrorInfo | null): UpstreamErrorInfo | null {
  if (status === 401) return { kind: 'authentication', message: 'the upstream rejected the gateway\'s credentials', status };
  if (status >= 400) return null;
  if (interrupted) return interrupted;
  if (tapped.error && !tapped.errorIsAnswer) return { ...tapped.error, status };
  return null;
}

/** The answer a whole JSON body holds, for a keeper (only then is the body parsed). */
function keepWholeAnswer(keeper: AnswerKeeper, bytes: Buffer): void {
  let answer: unknown;
  try {
    answer = JSON.parse(bytes.toString('utf8'));
  } catch {
    return;
  }
  if (isJsonObject(answer)) keeper.keep(answer);
}

/**
 * The bytes a relayed whole answer goes with: an error body naming the gateway's request, a
 * success without usage given the usage billed; any other body as it came, byte for byte.
 */
function relayedBody(reply: FastifyReply, run: PassthroughRun, wire: ChatWire, bytes: Buffer, tapped: TapResult): Buffer {
  const { status } = run.response;
  if (status >= 400) return wire.relayErrorBody ? wire.relayErrorBody(bytes, reply.request.id) : bytes;
  const billed = tapped.usage === null && wire.withBilledUsage ? run.billedUsage() : null;
  return billed ? wire.withBilledUsage!(bytes, billed) : bytes;
}

/** The whole answer: read already by the call (a non-streamed success), or read now (an error status). */
async function wholeBodyOf(reply: FastifyReply, run: PassthroughRun): Promise<WholeBody> {
  if (run.wholeBody) return run.wholeBody;
  const whole = await readWholeBody(run.response, run.tap);
  markRequestPhase(reply.request.id, 'body-read');
  return whole;
}

/**
 * Sends an upstream error or a complete JSON body through as it came (but see `relayedBody`),
 * unless it is `unrelayable`: then the client gets that error in its protocol. A body the
 * drain's deadline cut short is no answer the client had: it gets the drain's 503, and the hold
 * is released.
 */
async function relayWhole(reply: FastifyReply, run: PassthroughRun, wire: ChatWire, clientGone: AbortSignal, keeper: AnswerKeeper | null): Promise<void> {
  const { bytes, tapped, interrupted } = await wholeBodyOf(reply, run);
  const failure = unrelayable(run.response.status, tapped, interrupted);
  const stopped = (interrupted !== null || failure !== null) && drainStopOf(clientGone) !== null;
  // The release records what the client was told.
  const result = failure && run.response.status < 400 ? { ...tapped, error: failure } : tapped;
  await answerWhenCharged(reply, (onCharged) => run.finish(result, clientGone.aborted && !stopped, onCharged), (credits) => {
    const values = { estimatedCredits: credits, overheadMs: run.overheadMs, model: run.model, requestedModel: run.requestedModel };
    if (failure || stopped) {
      const error = wire.toError(answerableError(reply, clientGone, failure && createUpstreamError(run.model.provider, failure)), reply.request.id);
      reply.code(error.status).headers(gatewayHeaders(values, { ...error.headers, ...run.headers })).send(error.body);
      return;
    }
    if (keeper && run.response.status < 300) keepWholeAnswer(keeper, bytes);
    reply.code(run.response.status).headers(gatewayHeaders(values, Object.assign(relayedHeaders(run.response.headers), run.headers))).send(relayedBody(reply, run, wire, bytes, tapped));
  });
}

/** The final usage event the upstream did not send, with what was billed; none after a release. */
function billedUsageEvent(run: PassthroughRun, wire: ChatWire, lastEvent: string | null, credits: number): string {
  const usage = run.billedUsage();
  return usage && wire.formatBilledUsage ? wire.formatBilledUsage(lastEvent, usage, credits) : '';
}

/**
 * Streams upstream SSE to the client byte for byte, in whole events: what one upstream read
 * completes goes out in one write (one syscall, not one per event). The one event that
 * carries the final usage is held until the stream ends, then sent with the settled credits
 * added; an error event names the gateway's request (ChatWire.relayEvent). Those are the only
 * bytes passthrough changes. While the client's socket is full, the upstream
 * is paused: a client that stops reading stops the upstream, and the gateway never holds more
 * of a stream than its sockets' buffers. At an event the tap finds is not JSON, the relay
 * stops (the events before it in the same read still go): the client gets its protocol's
 * error instead, and the hold is released, as on the translated path. So does an upstream
 * that drops or outlives the deadline mid-stream (a timeout told as one, as before the head).
 */
async function relayStream(reply: FastifyReply, run: PassthroughRun, wire: ChatWire, clientGone: AbortController, keeper: AnswerKeeper | null): Promise<void> {
  // The headers built in one object, each added once (spreading several into one costs V8 a slow store per header).
  const headers = relayedHeaders(run.response.headers);
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  const sse = openSseResponse(reply, run.response.status, gatewayHeaders({ estimatedCredits: run.reservedCredits, overheadMs: run.overheadMs, model: run.model, requestedModel: run.requestedModel }, Object.assign(headers, run.headers)), clientGone.signal);
  const splitter = new RawSseSplitter();
  const body = run.response.body;
  const pausable = isPausable(body) ? body : null;
  const follower = wire.followPassthrough?.() ?? null;
  let held: FinalUsageEvent | null = null;
  const pending: string[] = [];
  // A client that asked for the final usage event gets one from an upstream that sent none too
  // (servers that ignore stream_options, Groq's usage in x_groq): the stream's end waits for the bill.
  const awaitsUsage = !run.hideFinalUsage && wire.isStreamEnd !== undefined;
  let streamEnd: string | null = null;
  let lastEvent: string | null = null;
  let interrupted: UpstreamErrorInfo | null = null;
  const requestId = reply.request.id;
  /** One whole upstream event: what of it goes to the client now ('' while it or an earlier one is held). */
  const relayOne = (upstreamEvent: string): string => {
    const event = wire.relayEvent ? wire.relayEvent(upstreamEvent, requestId) : upstreamEvent;
    follower?.see(event);
    const finalUsage = wire.readFinalUsageEvent(event);
    if (finalUsage) {
      // A later usage event: the held one was a running count (vLLM's continuous_usage_stats
      // puts one on every chunk), not the final one, so it goes on with what followed it.
      const released = held === null ? '' : (run.hideFinalUsage ? wire.withoutUsage(held) : held.raw) + pending.splice(0).join('');
      held = finalUsage;
      return released;
    }
    if (held !== null || streamEnd !== null) pending.push(event);
    else if (awaitsUsage && wire.isStreamEnd!(event)) streamEnd = event;
    else {
      lastEvent = event;
      return event;
    }
    return '';
  };
  try {
    await forEachRead(body, (chunk) => {
      run.tap.write(chunk);
      const malformed = run.tap.malformed;
      let ready = '';
      for (const upstreamEvent of splitter.push(chunk)) {
        // The events before it in this read go on; it and those after it do not.
        if (malformed && rawEventData(upstreamEvent) === malformed.data) break;
        ready += relayOne(upstreamEvent);
      }
      sse.write(ready);
      // Thrown to stop reading: the body is destroyed, and the failure told below.
      if (malformed) throw new Error(malformed.error.message);
      // The client's socket is full: read no more upstream until it drains (or the client leaves).
      const drained = pausable && sse.whenDrained();
      if (drained) {
        pausable.pause();
        void drained.then(() => pausable.resume());
      }
    });
  } catch (error) {
    // The upstream dropped or timed out (or the client left and we aborted it), or the tap met an
    // event that is not JSON; the tap decides the bill below.
    interrupted = bodyInterruption(error, run.response.status);
  }
  const malformedInRead = run.tap.malformed?.error ?? null;
  const tapped = run.tap.end();
  // Met in a read, or in the unterminated event `end` read last: that one only when the body
  // ended there, since a drop or a deadline cuts an event without it being malformed.
  const malformed = malformedInRead ?? (interrupted ? null : run.tap.malformed?.error ?? null);
  // An upstream that vanished without an error event of its own (the connection dropped, the
  // deadline passed, or the body just ended unfinished), or sent an event that is not JSON: tell
  // the client in its protocol.
  const endedUnfinished = tapped.finishReason === null && tapped.error === null;
  const failureInfo = malformed ?? interrupted ?? (endedUnfinished ? { kind: 'connection' as const, message: 'the upstream stream ended before it finished' } : null);
  // The drain's deadline aborted the upstream: the client, still connected, gets the stream's
  // error ending with the drain's stop, and is billed what it was sent, as a cancellation is.
  const stop = interrupted && drainStopOf(clientGone.signal);
  const failure = stop ? wire.toError(stop, requestId) : failureInfo && !clientGone.signal.aborted ? wire.toError(createUpstreamError(run.model.provider, failureInfo), requestId) : null;
  // A release records what the client was told (a timeout, say, where the tap saw a stream cut short).
  const result = failureInfo && tapped.error ? { ...tapped, error: failureInfo } : tapped;
  // The last event of a stream that ended well without the blank line after it (`data: [DONE]`
  // and nothing more, as some servers end) was read by the tap, and billed: it is relayed as the
  // others are, a final usage event annotated, a `[DONE]` after the usage the gateway adds, and
  // ended by the blank line it lacked, so that a conforming parser does not discard it. After a
  // failure it does not go on (it is the malformed one, or one after it, or half an event that
  // would break the error event).
  const last = failureInfo ? '' : splitter.end();
  const relayedLast = last && relayOne(last);
  const rest = pending.join('') + (failure === null ? '' : follower ? follower.fail(failure) : wire.formatStreamError(failure));
  await answerWhenCharged(reply, (onCharged) => run.finish(result, clientGone.signal.aborted, onCharged), (credits) => {
    const final = held !== null ? (run.hideFinalUsage ? wire.withoutUsage(held) : wire.annotateFinalUsage(held, credits))
      : streamEnd === null ? '' : billedUsageEvent(run, wire, lastEvent, credits) + streamEnd;
    if (keeper && held !== null && failure === null && !clientGone.signal.aborted) {
      const answer = wire.answerInFinalEvent?.(held);
      if (answer) keeper.keep(answer);
    }
    sse.end(relayedLast + final + rest);
  });
}

/** `keeper` hears the whole answer when the protocol keeps answers (see ChatWire.restoreState). */
export async function pipePassthrough(request: FastifyRequest, reply: FastifyReply, run: PassthroughRun, wire: ChatWire, context: { clientGone: AbortController; keeper: AnswerKeeper | null }): Promise<void> {
  // The call read a non-streamed answer already (and marked its phases).
  if (run.wholeBody) return relayWhole(reply, run, wire, context.clientGone.signal, context.keeper);
  markRequestPhase(request.id, 'relaying');
  const streaming = (run.response.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!streaming || run.response.status >= 400) return relayWhole(reply, run, wire, context.clientGone.signal, context.keeper);
  return relayStream(reply, run, wire, context.clientGone, context.keeper);
}
