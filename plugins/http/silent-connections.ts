import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps the server's open connections so that a drain can close the ones that never sent a
 * byte. Node's `closeIdleConnections` leaves those open (they have no request, finished or not),
 * and no timeout of Node's applies to them, so one (a client's pool opening a connection for a
 * request it then aborted) kept the drain waiting for its whole deadline. Returns the closer.
 */
export function trackSilentConnections(server: Server): () => void {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return () => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
  };
}
