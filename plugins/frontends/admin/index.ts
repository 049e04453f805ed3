import { definePlugin } from '../../../kernel/plugin';
import { createAdminCommand } from './admin-command';
import { registerAdminRoutes } from './admin-routes';
import { registerKeyRoutes } from './key-routes';

interface AdminConfig {
  readonly adminToken?: string;
}

export const activate = definePlugin<AdminConfig>((ctx) => {
  const accounts = ctx.use('accounts');
  const billing = ctx.use('billing');
  const flags = ctx.tryUse('flag-settings');
  ctx.contribute('cli-command', createAdminCommand(accounts, billing, flags));
  const http = ctx.tryUse('http');
  if (!http) return;
  registerKeyRoutes(http.app, { accounts, billing, logger: ctx.logger });
  if (ctx.config.adminToken) registerAdminRoutes(http.app, { accounts, billing, flags, adminToken: ctx.config.adminToken, logger: ctx.logger });
  else ctx.logger.info('admin API off: set BYTESPIKE_ADMIN_TOKEN to enable /admin/v1');
});
