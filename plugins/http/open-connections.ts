import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';

/**
 * The server's open connections, each with the request it carries, for the drain: it closes
 * the ones that never sent a byte, and at its deadline answers the requests still unanswered
 * (request-stops.ts). Kept per connection, not per request: a request costs a map look-up and
 * write in each of two hooks that run anyway (no allocation: its connection's entry exists), and
 * a client that leaves mid-answer leaves nothing behind, its connection's close removing it.
 */
export interface OpenConnections {
  /** From the onRequest hook: `reply`'s connection carries it now. `inject`'s requests have no connection here. */
  carry(reply: FastifyReply): void;
  /** From the onResponse hook: answered, so an idle keep-alive connection keeps nothing of it (a body can be megabytes). */
  answered(reply: FastifyReply): void;
  /**
   * Closes the connections that never sent a byte. Node's `closeIdleConnections` leaves those
   * open (they have no request, finished or not), and no timeout of Node's applies to them, so
   * one (a client's pool opening a connection for a request it then aborted) kept the drain
   * waiting for its whole deadline.
   */
  closeSilent(): void;
  /** The request each open connection carries, null once answered (the last to arrive: HTTP pipelining, which no SDK uses, can send more). */
  carried(): IterableIterator<FastifyReply | null>;
}

export function trackOpenConnections(server: Server): OpenConnections {
  const open = new Map<Socket, FastifyReply | null>();
  server.on('connection', (socket: Socket) => {
    open.set(socket, null);
    socket.once('close', () => open.delete(socket));
  });
  return {
    carry(reply) {
      const { socket } = reply.request.raw;
      if (open.has(socket)) open.set(socket, reply);
    },
    answered(reply) {
      const { socket } = reply.request.raw;
      if (open.get(socket) === reply) open.set(socket, null);
    },
    closeSilent() {
      for (const socket of open.keys()) if (socket.bytesRead === 0) socket.destroy();
    },
    carried: () => open.values(),
  };
}
