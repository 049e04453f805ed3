import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Takes over the raw response for SSE: writes status and headers, and reports when the
 * client goes away before we finished (so the upstream is aborted and delivery billed).
 */
export function openSseResponse(request: FastifyRequest, reply: FastifyReply, status: number, headers: Record<string, string>) {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(status, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no', 'request-id': request.id, ...headers });
  raw.flushHeaders();
  const clientGone = new AbortController();
  raw.on('close', () => {
    if (!raw.writableFinished) clientGone.abort(new Error('client closed the connection'));
  });
  return {
    signal: clientGone.signal,
    write(text: string): boolean {
      if (!text || clientGone.signal.aborted) return !clientGone.signal.aborted;
      raw.write(text);
      return true;
    },
    end(text = ''): void {
      if (!clientGone.signal.aborted) raw.end(text);
    },
  };
}
