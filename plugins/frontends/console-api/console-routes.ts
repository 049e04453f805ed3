import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { normalizeHttpError } from '../../http/http-errors';
import { sendAdminError } from '../admin/wire-error';
import { registerAuthRoutes } from './auth-routes';
import type { ConsoleServices } from './console-services';
import { registerKeyPageRoutes } from './key-page-routes';
import { registerMemberRoutes } from './member-routes';
import { attachSession } from './org-access';
import { registerProviderRoutes } from './provider-routes';
import { isStateChanging } from './session-guard';
import { registerUsageRoutes } from './usage-routes';
import { registerWalletRoutes } from './wallet-routes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Console routes reachable without a session (sign-up, sign-in, invites). */
    consolePublic?: boolean;
  }
}

/** Refusals are logged (who, what, why) without bodies or secrets; 5xx are logged by the wire error. */
function logRefusal(logger: Logger, request: FastifyRequest, caught: unknown): void {
  const error = normalizeHttpError(caught);
  if (isBskError(error) && error.status < 500) logger.warn({ code: error.code, status: error.status, method: request.method, url: request.routeOptions.url, requestId: request.id }, 'console request refused');
}

/**
 * `/console/api/…`: one Fastify scope whose hook resolves the session of every non-public
 * route, and checks origin, JSON body and CSRF token on every state-changing one.
 */
export function registerConsoleRoutes(app: FastifyInstance, services: ConsoleServices): void {
  const { guard, logger } = services;
  app.register(
    async (scope) => {
      scope.setErrorHandler((error, request, reply) => {
        logRefusal(logger, request, error);
        return sendAdminError(reply, error, logger);
      });
      scope.addHook('onRequest', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      scope.addHook('preHandler', async (request) => {
        const session = request.routeOptions.config.consolePublic ? null : await guard.require(request);
        if (isStateChanging(request)) guard.checkStateChange(request, session);
        if (session) attachSession(request, session);
      });
      registerAuthRoutes(scope, services);
      registerWalletRoutes(scope, services);
      registerMemberRoutes(scope, services);
      registerKeyPageRoutes(scope, services);
      registerUsageRoutes(scope, services);
      registerProviderRoutes(scope, services);
    },
    { prefix: '/console/api' },
  );
}
