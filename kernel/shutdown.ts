import type { Logger } from './logger';

/**
 * Resolves on the first SIGINT/SIGTERM so the caller can drain (dispose the kernel, which
 * lets the HTTP host finish in-flight requests and settle their bills). A second signal
 * while draining exits at once: an operator pressing Ctrl-C twice means it.
 */
export function waitForShutdownSignal(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (again: NodeJS.Signals) => {
        logger.warn({ signal: again }, 'second signal while draining; exiting now');
        exit(1);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      logger.info({ signal }, 'draining before exit');
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
