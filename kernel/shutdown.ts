import { constants } from 'node:os';
import type { Logger } from './logger';

/** SIGINT and SIGTERM, heard until `stop`: the first asks the process to wind down, a second exits at once. */
export interface ShutdownSignals {
  /** Aborted on the first signal. */
  readonly signal: AbortSignal;
  /** Resolves with the first signal. */
  readonly received: Promise<NodeJS.Signals>;
  /** Stops listening: a signal then has its default effect again. */
  stop(): void;
}

/**
 * Listens for SIGINT/SIGTERM so the caller can wind down (stop a boot, drain a server) instead
 * of the process dying with whatever it had open. A second signal while winding down exits at
 * once (1): an operator pressing Ctrl-C twice means it. `activity` names the winding down in the log.
 */
export function watchShutdownSignals(logger: Logger, activity: string, exit: (code: number) => void = (code) => process.exit(code)): ShutdownSignals {
  const controller = new AbortController();
  let heard!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => (heard = resolve));
  const force = (again: NodeJS.Signals) => {
    logger.warn({ signal: again }, `second signal while ${activity}; exiting now`);
    exit(1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.once('SIGINT', force);
    process.once('SIGTERM', force);
    logger.info({ signal }, `${activity} before exit`);
    controller.abort(new Error(`${signal} received`));
    heard(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received,
    stop() {
      for (const listener of [onSignal, force]) {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      }
    },
  };
}

/**
 * Resolves on the first SIGINT/SIGTERM so the caller can drain (the HTTP host lets in-flight
 * requests finish and settle their bills, then the kernel is disposed); a second signal exits at once.
 */
export function waitForShutdownSignal(logger: Logger, exit?: (code: number) => void): Promise<NodeJS.Signals> {
  return watchShutdownSignals(logger, 'draining', exit).received;
}

/** The status a process ended by this signal exits with, by convention: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
