import { definePlugin } from '../../../kernel/plugin';
import { createMcpCommand } from './mcp-command';
import { registerMcpRoutes } from './mcp-routes';

export const activate = definePlugin((ctx) => {
  const servers = () => ctx.contributions('mcp-tool-server');
  registerMcpRoutes({ http: ctx.use('http'), gateway: () => ctx.use('gateway'), servers, logger: ctx.logger });
  ctx.contribute('cli-command', createMcpCommand(servers));
});
