import { definePlugin } from '../../../kernel/plugin';
import { createAuthorizationServer } from './authorization-server';
import { registerOAuthRoutes } from './oauth-routes';

interface OAuthConfig {
  readonly codeTtlSeconds: number;
}

export const activate = definePlugin<OAuthConfig>((ctx) => {
  const store = ctx.use('store');
  const accounts = ctx.use('accounts');
  const server = createAuthorizationServer({ store, accounts, logger: ctx.logger, codeTtlSeconds: ctx.config.codeTtlSeconds });
  registerOAuthRoutes(ctx.use('http').app, { server, guard: ctx.use('console').guard, gateway: ctx.use('gateway'), logger: ctx.logger });
});
