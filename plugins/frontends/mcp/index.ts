import { definePlugin } from '../../../kernel/plugin';
import { createMcpCommand } from './mcp-command';
import { registerMcpRoutes } from './mcp-routes';

export const activate = definePlugin((ctx) => {
  const servers = () => ctx.contributions('mcp-tool-server');
  // `bytespike mcp` boots without the HTTP host and the gateway (see "commands" in plugin.json): stdio only.
  const http = ctx.tryUse('http');
  if (http) registerMcpRoutes({ http, gateway: () => ctx.use('gateway'), servers, logger: ctx.logger });
  ctx.contribute('cli-command', createMcpCommand(servers));
});
