import type { FastifyReply, FastifyRequest } from 'fastify';
import { elapsedMs } from '../../../kernel/elapsed-ms';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext } from '../../../kernel/canonical/provider';
import type { AuthenticatedKey } from '../../billing/accounts-service';
import type { HttpHost } from '../../http/http-host';
import { answerableError } from '../../http/request-stops';
import { failedRunOf } from '../../router/failed-runs';
import type { GatewayService } from '../../router/gateway-service';
import type { RequestFlagSources } from '../../router/ports';
import { chatCompletionsWire } from '../chat-completions/chat-completions-wire';
import { sendRouteError, sendWireError } from './chat-handler';
import { gatewayHeaders, readFlagsHeader } from './gateway-headers';
import { multipartBodyOf } from './multipart-scope';
import { isJsonObject } from './wire-reader';

/** What a non-chat endpoint's handler gets: the authenticated key and the upstream call context. */
export interface UnitEndpointContext {
  readonly key: AuthenticatedKey;
  readonly request: FastifyRequest;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
  readonly call: CallContext;
  /** The request's feature flags: the header, and the `bytespike` field of a JSON or multipart body. */
  readonly flags: RequestFlagSources;
}

export interface UnitEndpointAnswer {
  readonly body: unknown;
  /** Credits billed, or held for work that finishes later (video jobs). */
  readonly estimatedCredits: number;
  /** The gateway's time before its upstream call; absent for an answer that made none, all of whose time is the gateway's. */
  readonly overheadMs?: number;
  readonly model?: ModelInfo;
  readonly status?: number;
  /** For a body of bytes (a video file); JSON otherwise. */
  readonly contentType?: string;
}

/** The answer of a request billed on the spot: the credits of its run, its overhead and model. */
export function unitAnswer(run: { readonly credits: number; readonly overheadMs: number; readonly model: ModelInfo }, body: unknown): UnitEndpointAnswer {
  return { body, estimatedCredits: run.credits, overheadMs: run.overheadMs, model: run.model };
}

/** The `bytespike` field of the body: an object in JSON, text in multipart (the last, if repeated). */
function bodyFlagSources(request: FastifyRequest): Pick<RequestFlagSources, 'body' | 'form'> {
  const multipart = multipartBodyOf(request);
  if (multipart) return { form: multipart.fields.bytespike?.at(-1) };
  return { body: isJsonObject(request.body) ? request.body.bytespike : undefined };
}

/** Every failure on these routes (body parsing included) in OpenAI's error shape, with the gateway headers. */
export function openAIErrorHandler(error: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  sendRouteError(reply, chatCompletionsWire, error);
}

/**
 * The request handling shared by embeddings, rerank, images and videos: authenticate, hand
 * the upstream call a signal that aborts when the client leaves or the drain's deadline comes
 * (HttpHost.watchRequest), answer JSON with
 * `estimated_credits` and `bytespike-overhead-ms` (JSON, or bytes of `contentType`), and
 * any error in OpenAI's shape, with the retirement headers of the model it is about once that
 * is known (the pipeline resolved it, or the video job named it: failed-runs.ts).
 */
export function createUnitEndpoint(gateway: () => GatewayService, host: HttpHost, handle: (context: UnitEndpointContext) => Promise<UnitEndpointAnswer>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const receivedAt = performance.now();
    const clientGone = host.watchRequest(reply);
    try {
      const key = await gateway().authenticate(request.headers);
      const flags = { header: readFlagsHeader(request.headers), ...bodyFlagSources(request) };
      const answer = await handle({ key, request, receivedAt, call: { signal: clientGone.signal, requestId: request.id, forwardHeaders: {} }, flags });
      if (answer.contentType) reply.type(answer.contentType);
      const { estimatedCredits, model } = answer;
      // Fastify's clock, which a route's error answer reads too (sendRouteError): it costs nothing more.
      const overheadMs = answer.overheadMs ?? reply.elapsedTime;
      // These endpoints have no fallback (the flag is refused here): the model asked for answered.
      reply.code(answer.status ?? 200).headers(gatewayHeaders(model ? { estimatedCredits, overheadMs, model, requestedModel: model } : { estimatedCredits, overheadMs })).send(answer.body);
    } catch (error) {
      // The pipeline released the hold of a call the drain's deadline aborted; the client gets the drain's 503.
      const failed = failedRunOf(clientGone.signal);
      sendWireError(reply, chatCompletionsWire, answerableError(reply, clientGone.signal, error), failed?.overheadMs ?? elapsedMs(receivedAt), failed?.requestedModel);
    }
  };
}
