import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRun } from '../../router/chat-pipeline';
import type { HeaderLookup } from '../../../kernel/canonical/provider';
import { forEachRead, readPassthroughBody } from '../../../kernel/canonical/passthrough-body';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { markRequestPhase } from '../../../kernel/request-phases';
import { answerWhenCharged } from './answer-when-charged';
import type { ChatWire, FinalUsageEvent } from './chat-wire';
import { gatewayHeaders } from './gateway-headers';
import { RawSseSplitter } from './raw-sse-splitter';
import { openSseResponse } from './sse-response';

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

/**
 * Sends an upstream error or a complete JSON body through unchanged. The upstream's own
 * credentials failing (401/403) is the gateway's problem, not the client's key: that
 * becomes a 502 in the client's protocol.
 */
async function relayWhole(reply: FastifyReply, run: PassthroughRun, wire: ChatWire, clientGone: AbortSignal): Promise<void> {
  const bytes = await readPassthroughBody(run.response.body, (chunk) => run.tap.write(chunk)).catch(() => Buffer.alloc(0));
  markRequestPhase(reply.request.id, 'body-read');
  await answerWhenCharged(reply, (onCharged) => run.finish(run.tap.end(), clientGone.aborted, onCharged), (credits) => {
    const headers = { ...run.headers, ...gatewayHeaders({ estimatedCredits: credits, overheadMs: run.overheadMs, model: run.model.id }) };
    if (run.response.status === 401 || run.response.status === 403) {
      const error = wire.toError(createUpstreamError(run.model.provider, { kind: 'authentication', message: 'the upstream rejected the gateway\'s credentials', status: run.response.status }));
      reply.code(error.status).headers({ ...error.headers, ...headers }).send(error.body);
      return;
    }
    reply.code(run.response.status).headers({ ...relayedHeaders(run.response.headers), ...headers }).send(bytes);
  });
}

/**
 * Streams upstream SSE to the client byte for byte, in whole events: what one upstream read
 * completes goes out in one write (one syscall, not one per event). The one event that
 * carries the final usage is held until the stream ends, then sent with the settled credits
 * added (the only bytes passthrough changes).
 */
async function relayStream(reply: FastifyReply, run: PassthroughRun, wire: ChatWire, clientGone: AbortController): Promise<void> {
  const sse = openSseResponse(reply, run.response.status, { ...relayedHeaders(run.response.headers), 'content-type': 'text/event-stream; charset=utf-8', ...run.headers, ...gatewayHeaders({ estimatedCredits: run.reservedCredits, overheadMs: run.overheadMs, model: run.model.id }) }, clientGone.signal);
  const splitter = new RawSseSplitter();
  let held: FinalUsageEvent | null = null;
  const pending: string[] = [];
  let dropped = false;
  try {
    await forEachRead(run.response.body, (chunk) => {
      run.tap.write(chunk);
      let ready = '';
      for (const event of splitter.push(chunk)) {
        const finalUsage = wire.readFinalUsageEvent(event);
        if (finalUsage) held = finalUsage;
        else if (held !== null) pending.push(event);
        else ready += event;
      }
      sse.write(ready);
    });
  } catch {
    // The upstream dropped (or the client left and we aborted it); the tap decides the bill below.
    dropped = true;
  }
  const result = run.tap.end();
  // An upstream that vanished without an error event of its own (the connection dropped, or the
  // body just ended unfinished): tell the client in its protocol.
  const diedSilently = !clientGone.signal.aborted && (dropped || (result.finishReason === null && result.error === null));
  const rest = pending.join('') + splitter.rest() + (diedSilently ? wire.formatStreamError(wire.toError(createUpstreamError(run.model.provider, { kind: 'connection', message: 'the upstream stream ended before it finished' }))) : '');
  await answerWhenCharged(reply, (onCharged) => run.finish(result, clientGone.signal.aborted, onCharged), (credits) => {
    const final = held === null ? '' : run.hideFinalUsage ? wire.withoutUsage(held) : wire.annotateFinalUsage(held, credits);
    sse.end(final + rest);
  });
}

export async function pipePassthrough(request: FastifyRequest, reply: FastifyReply, run: PassthroughRun, wire: ChatWire, clientGone: AbortController): Promise<void> {
  markRequestPhase(request.id, 'relaying');
  const streaming = (run.response.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!streaming || run.response.status >= 400) return relayWhole(reply, run, wire, clientGone.signal);
  return relayStream(reply, run, wire, clientGone);
}
