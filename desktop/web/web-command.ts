import type { CliCommand } from '../../kernel/cli/command';
import { optionString } from '../../kernel/cli/parse-args';
import { kernelErrors } from '../../kernel/kernel-errors';
import { waitForShutdownSignal } from '../../kernel/shutdown';
import type { BridgeService } from '../bridge/bridge-service';
import { startWebServer } from './web-server';

export interface WebCommandOptions {
  readonly createService: () => BridgeService;
  readonly rendererDir: string;
  readonly defaultPort: number;
  /** Resolves when the command should stop (SIGINT/SIGTERM by default). */
  readonly untilStopped?: () => Promise<unknown>;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `--port must be an integer 0-65535, got "${value}"` });
  return port;
}

/** `dosia web [--port P]`: the URL (token included) is the first line of stdout, so scripts can read it. */
export function createWebCommand(options: WebCommandOptions): CliCommand {
  return {
    name: 'web',
    summary: 'open DOSIA in a browser: serve the UI and its bridge on 127.0.0.1',
    usage: 'Usage: dosia web [--port P]\n\nServes the DOSIA UI on 127.0.0.1 (default port 7878, 0 = any free port) and prints the URL to open,\nwith its per-launch token, as the first line. Stops on SIGINT/SIGTERM.',
    async run(args, io, kernel) {
      const port = parsePort(optionString(args, 'port'), options.defaultPort);
      const service = options.createService();
      const server = await startWebServer({ service, rendererDir: options.rendererDir, port, logger: kernel.logger });
      io.out(`${server.url}\n`);
      try {
        await (options.untilStopped ?? (() => waitForShutdownSignal(kernel.logger)))();
      } finally {
        await server.close();
        await service.close();
      }
      return 0;
    },
  };
}
