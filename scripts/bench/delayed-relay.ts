import { connect, createServer, type Server, type Socket } from 'node:net';

export interface DelayedRelay {
  /** `url` with its host and port replaced by the relay's. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A TCP relay that holds every chunk `delayMs` in each direction: a database a network hop
 * away, on one machine. Chunks keep their order (timers of one duration fire in the order
 * they were set). For benchmarks only.
 */
export async function startDelayedRelay(targetUrl: string, delayMs: number): Promise<DelayedRelay> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => sockets.delete(from));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(targetUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as { port: number }).port);
  return {
    url: relayed.toString(),
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
