import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CliCommand } from '../../../kernel/cli/command';
import { isBskError } from '../../../kernel/errors';
import { createByteSpikeApi } from '../../tools/shared/bytespike-api';
import { createToolServer } from '../../tools/shared/create-tool-server';
import type { McpToolServerDefinition } from '../../tools/shared/tool-server-definition';
import { mcpErrors } from './errors';
import { findServer } from './mcp-routes';

const USAGE = `Usage: bytespike mcp <server>

Serves one ByteSpike MCP tool server over stdio, for Claude Desktop or any MCP host. Tool calls
go to your gateway over HTTP with your key: they are billed and limited like any request, and
the tools offered follow the key's scopes and model allowlist.

Environment:
  BYTESPIKE_API_KEY    your ByteSpike key (required)
  BYTESPIKE_BASE_URL   the gateway, e.g. https://gateway.example.com (required)

Claude Desktop (claude_desktop_config.json):
  "mcpServers": { "bytespike-images": { "command": "npx", "args": ["bytespike", "mcp", "image-tools"],
    "env": { "BYTESPIKE_API_KEY": "bsk_...", "BYTESPIKE_BASE_URL": "https://gateway.example.com" } } }
`;

function requireEnv(env: NodeJS.ProcessEnv, variable: string, hint: string): string {
  const value = env[variable]?.trim();
  if (!value) throw mcpErrors.create('BSK_MCP_MISSING_ENV', { variable, hint });
  return value;
}

/** Resolves when the host closes our stdin (it is done with us) or the transport closes. */
function untilClosed(transport: StdioServerTransport): Promise<void> {
  return new Promise((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
}

export function createMcpCommand(servers: () => readonly McpToolServerDefinition[]): CliCommand {
  return {
    name: 'mcp',
    summary: 'serve a ByteSpike MCP tool server (image-tools, video-tools, text-writing-tools) over stdio',
    usage: USAGE,
    async run(args, io, kernel) {
      const [name] = args.positionals;
      if (!name) {
        io.err(`${USAGE}\nServers: ${servers().map((server) => server.name).join(', ')}\n`);
        return 2;
      }
      try {
        const definition = findServer(servers(), name);
        const env = kernel.info.env;
        const api = createByteSpikeApi({
          baseUrl: requireEnv(env, 'BYTESPIKE_BASE_URL', 'set it to your gateway URL'),
          apiKey: requireEnv(env, 'BYTESPIKE_API_KEY', 'set it to your ByteSpike key'),
          fetch: globalThis.fetch,
        });
        // The key's models decide the tools; a refused key is reported here, before any host waits on us.
        const models = await api.listModels();
        const server = createToolServer(definition, { api, models, logger: kernel.logger.child({ command: 'mcp', mcpServer: name }) });
        const transport = new StdioServerTransport();
        const closed = untilClosed(transport);
        await server.connect(transport);
        await closed;
        await server.close();
        return 0;
      } catch (error) {
        io.err(`error: ${isBskError(error) ? `${error.message} [${error.code}]` : (error as Error).message}\n`);
        return isBskError(error) && error.status === 400 ? 2 : 1;
      }
    },
  };
}
