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

/** `serve`: listen, print the address, and drain on SIGINT/SIGTERM (the kernel disposes the server). */
export function createServeCommand(host: HttpHost, product: string): CliCommand {
  return {
    name: 'serve',
    summary: 'run the server (default 127.0.0.1:8787; PORT/HOST env too)',
    usage: `Usage: ${product} serve [--port P] [--host H]\n\nListens until SIGINT/SIGTERM, then finishes in-flight requests before exiting.`,
    async run(args, io, kernel) {
      const address = await host.listen({ port: parsePort(optionString(args, 'port')), host: optionString(args, 'host') });
      io.err(`${product} listening on ${address}\n`);
      await waitForShutdownSignal(kernel.logger);
      // Drain before the kernel disposes anything: in-flight streams finish and settle while billing and the store are still up.
      await host.app.close();
      return 0;
    },
  };
}
