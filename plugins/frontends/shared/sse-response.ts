import type { FastifyReply } from 'fastify';
import { drainStopOf } from '../../http/request-stops';

export interface SseResponse {
  /** Writes events unless the stream ended or the client left; false then (nothing more will go out). */
  write(text: string): boolean;
  /**
   * Null while the client keeps up. After a write that filled the client's socket, a promise
   * that resolves when it drained, or when the client left: until then the caller reads no
   * more of its upstream, so a client that stops reading stops the upstream too, instead of
   * the gateway holding the rest of the answer in memory.
   */
  whenDrained(): Promise<void> | null;
  end(text?: string): void;
}

/** Aborted, and not by the drain's deadline: nothing more can reach the client. */
function clientLeft(clientGone: AbortSignal): boolean {
  return clientGone.aborted && drainStopOf(clientGone) === null;
}

/**
 * Takes over the raw response for SSE and writes status and headers. `clientGone` is the
 * request's own signal (HttpHost.watchRequest: aborted when the client leaves before the answer
 * finished, which aborts the upstream and bills what was delivered): writes stop once it fires,
 * unless the drain's deadline fired it (drainStopOf), which leaves the client connected for the
 * stream's error ending.
 *
 * What is written in one turn of the event loop leaves in one packet: the socket is corked
 * until the turn ends (setImmediate). An upstream that sends its head and its whole stream
 * together (a short answer) then costs the client one write and one wake-up instead of three:
 * the headers, the events, and the final usage event written after the settlement. Corking
 * never holds back a drain: the socket reports itself full only past its buffer's size, and
 * the turn's end uncorks it, which lets it drain.
 */
export function openSseResponse(reply: FastifyReply, status: number, headers: Record<string, string>, clientGone: AbortSignal): SseResponse {
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
  // The last write found the client's socket full ('drain' clears it); `drained` is the one wait for that.
  let full = false;
  let drained: Promise<void> | null = null;
  const waitForDrain = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        raw.off('drain', done);
        raw.off('close', done);
        clientGone.removeEventListener('abort', done);
        full = false;
        drained = null;
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
      clientGone.addEventListener('abort', done, { once: true });
    });
  return {
    write(text) {
      const open = !ended && !clientLeft(clientGone);
      if (!text || !open) return open;
      corkForThisTurn();
      if (!raw.write(text)) full = true;
      return true;
    },
    whenDrained() {
      if (!full || ended || clientGone.aborted) return null;
      return (drained ??= waitForDrain());
    },
    end(text = '') {
      if (ended) return;
      ended = true;
      if (!clientLeft(clientGone)) raw.end(text);
    },
  };
}
