import type { Server } from 'node:http';
import type { Logger } from '../../kernel/logger';

/** While draining, how often connections whose last response has ended are closed. */
const IDLE_SWEEP_MS = 50;

/**
 * Runs Fastify's `close` (no new connections; the idle ones closed) and bounds it. Node closes
 * only the keep-alive connections idle at that moment: one whose response was still in flight
 * stays open after it ends (Fastify keeps them 72 s), and with it the process. Those are closed
 * as soon as their response has ended, and those that never sent a byte (`closeSilent`) at
 * once; whatever is still open after `timeoutMs` is cut, and its request ends as if its client
 * had left (a stream bills what it delivered, anything else releases its hold).
 */
export async function closeWithin(close: () => Promise<void>, server: Server, closeSilent: () => void, timeoutMs: number, logger: Logger): Promise<void> {
  const sweep = setInterval(() => {
    server.closeIdleConnections();
    closeSilent();
  }, IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    server.getConnections((_error, connections) => {
      logger.warn({ connections, drainTimeoutMs: timeoutMs }, 'drain time is up; cutting the connections still open');
      server.closeAllConnections();
    });
  }, timeoutMs);
  try {
    await close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
