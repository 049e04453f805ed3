import { parseArgs } from 'node:util';
import { startUpstreamSimulator } from './index';

/**
 * `upstream-sim [--port 8790] [--host 127.0.0.1] [--api-key KEY]`: starts the simulator and
 * prints each provider's base URL, one `name url` line each, so scripts can read them.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    'api-key': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`upstream-sim: --port must be an integer from 0 to 65535, got "${values.port}"\n`);
  process.exit(2);
}

const simulator = await startUpstreamSimulator({ port, host: values.host, ...(values['api-key'] ? { apiKey: values['api-key'] } : {}) });
process.stdout.write(`upstream simulator listening on ${simulator.url} (control API: ${simulator.url}/__sim/requests)\n`);
for (const [provider, url] of Object.entries(simulator.baseUrls)) process.stdout.write(`${provider.padEnd(10)} ${url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void simulator.close().then(() => process.exit(0)));
}
