import type { FastifyReply, FastifyRequest } from 'fastify';
import { elapsedMs } from '../../../kernel/elapsed-ms';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ChatRun } from '../../router/chat-pipeline';
import { failedRunOf } from '../../router/failed-runs';
import type { GatewayService } from '../../router/gateway-service';
import type { AnswerKeeper, ChatWire, StatefulRequest, WireError } from './chat-wire';
import { forwardableHeaders, gatewayHeaders, readFlagsHeader } from './gateway-headers';
import { normalizeHttpError } from '../../http/http-errors';
import type { HttpHost } from '../../http/http-host';
import { answerableError, drainStopOf } from '../../http/request-stops';
import { markRequestPhase } from '../../../kernel/request-phases';
import { answerWhenCharged } from './answer-when-charged';
import { pipePassthrough } from './passthrough-pipe';
import { openSseResponse } from './sse-response';

const KEEP_ALIVE_MS = 10_000;

/** The body as the pipeline reads its fields (parseRequest has checked it is an object). */
const asRawBody = (body: unknown) => (body ?? {}) as Readonly<Record<string, unknown>>;

/**
 * Answers an error in the front-end's protocol, with the gateway's headers: those of
 * `requestedModel`'s retirement when the request had resolved its model (no model answered, so
 * no `bytespike-model`).
 */
export function sendWireError(reply: FastifyReply, wire: ChatWire, error: unknown, overheadMs: number, requestedModel?: ModelInfo): void {
  const wireError = wire.toError(normalizeHttpError(error), reply.request.id);
  reply.code(wireError.status).headers(gatewayHeaders({ estimatedCredits: 0, overheadMs, requestedModel }, { ...wireError.headers })).send(wireError.body);
}

/**
 * The answer of a route's Fastify error handler (a body the host could not read, one too large, a
 * wrong method): `wire`'s error shape, with the time since the request arrived as its overhead.
 * Fastify times every request already (its logger is on), from before the first hook and the
 * body's reading: `reply.elapsedTime` costs a success nothing.
 */
export function sendRouteError(reply: FastifyReply, wire: ChatWire, error: unknown): void {
  sendWireError(reply, wire, error, reply.elapsedTime);
}

async function streamCanonical(reply: FastifyReply, run: Extract<ChatRun, { mode: 'stream' }>, wire: ChatWire, context: { requestId: string; rawBody: Readonly<Record<string, unknown>>; clientGone: AbortController; canonical: Parameters<ChatWire['createStreamWriter']>[0]['request']; keeper: AnswerKeeper | null }): Promise<void> {
  const sse = openSseResponse(reply, 200, { ...run.headers, ...gatewayHeaders({ estimatedCredits: run.reservedCredits, overheadMs: run.overheadMs, model: run.model, requestedModel: run.requestedModel }) }, context.clientGone.signal);
  const writer = wire.createStreamWriter({ model: run.model.id, requestId: context.requestId, request: context.canonical, rawBody: context.rawBody });
  const keepAlive = wire.keepAlive && setInterval(() => sse.write(wire.keepAlive!), KEEP_ALIVE_MS);
  // The stream's error ending, once written: nothing follows it.
  let failure: WireError | null = null;
  const fail = (error: unknown) => {
    failure = wire.toError(error, context.requestId);
    sse.write(writer.fail ? writer.fail(failure) : wire.formatStreamError(failure));
  };
  // The stream ends once the settlement's figure is decided (before its writes, where the store allows), or after a release.
  const consumeThenSettle = async (onCharged: (credits: number) => void) => {
    run.onCharged(onCharged);
    try {
      for await (const part of run.parts) {
        // The drain's deadline aborted the upstream: what its stream says of that is not the
        // client's ending. Stopping here bills what was delivered, as a cancellation does.
        const stop = drainStopOf(context.clientGone.signal);
        if (stop) {
          fail(stop);
          break;
        }
        if (!sse.write(writer.write(part))) break;
        // The client's socket is full: pull no more parts (so no more upstream reads) until it drains.
        const drained = sse.whenDrained();
        if (drained) await drained;
      }
    } catch (error) {
      // A failed stream is released, never settled (one the drain's deadline stopped bills what
      // it delivered): nothing has ended the client's stream yet.
      fail(drainStopOf(context.clientGone.signal) ?? error);
    } finally {
      if (keepAlive) clearInterval(keepAlive);
    }
    return run.settled();
  };
  await answerWhenCharged(reply, consumeThenSettle, (credits) => {
    // The usage billed, not only the upstream's: where it reported none, the estimate the bill used.
    const ending = failure ? '' : writer.end({ settledCredits: credits, billedUsage: run.billedUsage() ?? undefined });
    // A client that left ended the stream early: what the writer closed is no whole answer.
    const answer = context.clientGone.signal.aborted ? null : writer.answer?.();
    if (answer) context.keeper?.keep(answer);
    sse.end(ending);
  });
}

/**
 * The one request handler behind every chat protocol: authenticate, parse, run the
 * pipeline, and write the answer (JSON, canonical stream, or native passthrough).
 */
export function createChatHandler(wire: ChatWire, gateway: () => GatewayService, host: HttpHost) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const receivedAt = performance.now();
    markRequestPhase(request.id, 'handler');
    const clientGone = host.watchRequest(reply);
    let run: ChatRun;
    let canonical: ReturnType<ChatWire['parseRequest']>;
    let stateful: StatefulRequest;
    try {
      const key = await gateway().authenticate(request.headers);
      markRequestPhase(request.id, 'authenticated');
      stateful = wire.restoreState ? await wire.restoreState(request.body, key) : { body: request.body, keeper: null };
      canonical = wire.parseRequest(stateful.body);
      run = await gateway().chat.run({ key, requestId: request.id, protocol: wire.protocol, request: canonical, rawBody: asRawBody(stateful.body), forwardHeaders: forwardableHeaders(request.headers), flagsHeader: readFlagsHeader(request.headers), signal: clientGone.signal, receivedAt });
    } catch (error) {
      const failed = failedRunOf(clientGone.signal);
      return sendWireError(reply, wire, answerableError(reply, clientGone.signal, error), failed?.overheadMs ?? elapsedMs(receivedAt), failed?.requestedModel);
    }
    const rawBody = asRawBody(stateful.body);
    const { keeper } = stateful;
    if (run.mode === 'passthrough') return pipePassthrough(request, reply, run, wire, { clientGone, keeper });
    if (run.mode === 'stream') return streamCanonical(reply, run, wire, { requestId: request.id, rawBody, clientGone, canonical, keeper });
    const { response, model, requestedModel, headers, overheadMs } = run;
    await answerWhenCharged(reply, run.finish, (credits) => {
      // The usage billed, as a stream reports it: where the upstream reported none, the estimate the bill used.
      const billed = run.billedUsage();
      const answer = wire.toResponse(billed ? { ...response, usage: billed } : response, { model: model.id, requestId: request.id, rawBody });
      keeper?.keep(answer as Readonly<Record<string, unknown>>);
      reply.code(200).headers({ ...headers, ...gatewayHeaders({ estimatedCredits: credits, overheadMs, model, requestedModel }) }).send(answer);
    }).catch((error: unknown) => sendWireError(reply, wire, error, overheadMs, requestedModel));
  };
}
