import type { CliCommand } from '../../kernel/cli/command';
import { optionString } from '../../kernel/cli/parse-args';
import { kernelErrors } from '../../kernel/kernel-errors';
import { waitForShutdownSignal } from '../../kernel/shutdown';
import type { HttpHost } from './http-host';

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `--port must be an integer 0-65535, got "${value}"` });
  return port;
}

/** `serve`: listen, print the address, and drain on SIGINT/SIGTERM (the kernel disposes the rest). */
export function createServeCommand(host: HttpHost, product: string): CliCommand {
  return {
    name: 'serve',
    summary: 'run the server (default 127.0.0.1:8787; PORT/HOST env too)',
    usage: `Usage: ${product} serve [--port P] [--host H]\n\nListens until SIGINT/SIGTERM, then finishes in-flight requests (for up to BYTESPIKE_DRAIN_TIMEOUT_SECONDS, 25) before exiting; a second signal exits at once.`,
    async run(args, io, kernel) {
      const port = parsePort(optionString(args, 'port'));
      // Before the address is printed: whoever reads it may signal at once, and a signal with
      // no handler yet kills the process outright, without the drain.
      const signalled = waitForShutdownSignal(kernel.logger);
      const address = await host.listen({ port, host: optionString(args, 'host') });
      // The boot's log lines (the store opened, which providers are enabled) wait in the server
      // logger's buffer for up to 250 ms (kernel/logger.ts); written first, they come before the
      // address, so an operator or a supervisor reading up to it has read them too.
      await new Promise<void>((resolve) => kernel.logger.flush(() => resolve()));
      io.err(`${product} listening on ${address}\n`);
      await signalled;
      // Drain before the kernel disposes anything: in-flight streams finish and settle while billing and the store are still up.
      await host.drain();
      kernel.logger.info('drained; stopping the plugins');
      return 0;
    },
  };
}
