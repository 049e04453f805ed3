import type { Server } from 'node:http';
import type { Logger } from '../../kernel/logger';

/** While draining, how often connections whose last response has ended are closed. */
const IDLE_SWEEP_MS = 50;

/**
 * After the deadline, how long the stopped requests have to write their endings (and settle
 * or release their holds) before their connections are cut: a settlement is one transaction,
 * and the drain's deadline plus this plus billing's own stop stay under Kubernetes' 30 s.
 */
const STOP_GRACE_MS = 1000;

export interface CloseWithinOptions {
  /** Fastify's `close`: no new connections; the idle ones closed. */
  readonly close: () => Promise<void>;
  readonly server: Server;
  /** Closes the connections that never sent a byte (open-connections.ts). */
  readonly closeSilent: () => void;
  /** Stops or answers the requests still unanswered (request-stops.ts); returns how many of each. */
  readonly stopRequests: () => { stopped: number; answered: number };
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * Runs Fastify's `close` and bounds it. Node closes only the keep-alive connections idle at
 * that moment: one whose response was still in flight stays open after it ends (Fastify keeps
 * them 72 s), and with it the process. Those are closed as soon as their response has ended,
 * and those that never sent a byte at once. At `timeoutMs` the requests still unanswered are
 * stopped: each ends its answer in its protocol (a stream its error ending, billed for what it
 * delivered; a request not answered yet a 503 in its route's shape, its hold released), and its
 * connection then closes as any other. Whatever is still open a moment later (a stream whose
 * handler never ends it) is cut, and its request ends as if its client had left.
 */
export async function closeWithin(options: CloseWithinOptions): Promise<void> {
  const { server, timeoutMs, logger } = options;
  const sweep = setInterval(() => {
    server.closeIdleConnections();
    options.closeSilent();
  }, IDLE_SWEEP_MS);
  let cut: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    const { stopped, answered } = options.stopRequests();
    logger.warn({ stopped, answered, drainTimeoutMs: timeoutMs }, 'drain time is up; ending the requests still running (BSK_HTTP_SHUTTING_DOWN)');
    cut = setTimeout(() => {
      server.getConnections((_error, connections) => {
        logger.warn({ connections }, 'cutting the connections still open');
        server.closeAllConnections();
      });
    }, STOP_GRACE_MS);
  }, timeoutMs);
  try {
    await options.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
    clearTimeout(cut);
  }
}
