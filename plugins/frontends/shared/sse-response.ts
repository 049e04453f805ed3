import type { FastifyReply } from 'fastify';

/**
 * Takes over the raw response for SSE and writes status and headers. `clientGone` is the
 * request's own signal (the chat handler aborts it when the client leaves before the answer
 * finished, which aborts the upstream and bills what was delivered): writes stop once it fires.
 *
 * What is written in one turn of the event loop leaves in one packet: the socket is corked
 * until the turn ends (setImmediate). An upstream that sends its head and its whole stream
 * together (a short answer) then costs the client one write and one wake-up instead of three:
 * the headers, the events, and the final usage event written after the settlement.
 */
export function openSseResponse(reply: FastifyReply, status: number, headers: Record<string, string>, clientGone: AbortSignal) {
  reply.hijack();
  const raw = reply.raw;
  let corked = false;
  const corkForThisTurn = () => {
    if (corked) return;
    corked = true;
    raw.cork();
    setImmediate(() => {
      corked = false;
      raw.uncork();
    });
  };
  corkForThisTurn();
  raw.writeHead(status, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no', ...headers });
  raw.flushHeaders();
  // Ended by us: what comes later (an error event after an early end) is dropped, never written after the end.
  let ended = false;
  return {
    write(text: string): boolean {
      const open = !ended && !clientGone.aborted;
      if (!text || !open) return open;
      corkForThisTurn();
      raw.write(text);
      return true;
    },
    end(text = ''): void {
      if (ended) return;
      ended = true;
      if (!clientGone.aborted) raw.end(text);
    },
  };
}
