import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { GatewayService } from '../../router/gateway-service';
import { sendAdminError } from '../admin/wire-error';
import type { SessionGuard } from '../console-api/session-guard';
import { isRequestBodyError, normalizeHttpError } from '../../http/http-errors';
import type { AuthorizationServer } from './authorization-server';
import { checkClient, parseAuthorizeRequest, redirectBack } from './authorize-request';
import { oauthErrorName } from './errors';
import { authorizationServerMetadata } from './server-metadata';

export interface OAuthRouteDependencies {
  readonly server: AuthorizationServer;
  readonly guard: SessionGuard;
  readonly gateway: GatewayService;
  readonly logger: Logger;
}

type Params = Record<string, unknown>;

/** The host's own 415 message asks for JSON; token requests are form-encoded. */
const FORM_ENCODING_NEEDED = 'send the token request body as application/x-www-form-urlencoded (RFC 6749 §4.1.3)';

/**
 * Token-endpoint errors in RFC 6749 §5.2's shape; every refusal is logged. A body
 * the host could not read (not form or JSON, too large) is the client's malformed request:
 * `invalid_request`, with the 400 §5.2 gives every error but `invalid_client`.
 */
function sendTokenError(reply: FastifyReply, caught: unknown, logger: Logger): FastifyReply {
  const error = normalizeHttpError(caught);
  if (!isBskError(error)) {
    logger.error({ err: error }, 'oauth token endpoint failed');
    return reply.code(500).send({ error: 'server_error', error_description: 'internal error; the gateway log has the details' });
  }
  logger.warn({ code: error.code }, 'oauth token request refused');
  if (isRequestBodyError(error)) return reply.code(400).send({ error: 'invalid_request', error_description: error.code === 'BSK_HTTP_UNSUPPORTED_MEDIA_TYPE' ? FORM_ENCODING_NEEDED : error.message });
  return reply.code(error.status).send({ error: oauthErrorName(error.code), error_description: error.message });
}

/**
 * Errors of a request whose client and redirect URI are good go back to the client (with
 * its `state`); anything else is answered here, never redirected.
 */
function sendAuthorizeError(reply: FastifyReply, caught: unknown, params: Params, logger: Logger): FastifyReply {
  logger.warn({ code: isBskError(caught) ? caught.code : 'unknown' }, 'oauth authorize request refused');
  let redirectUri: string;
  try {
    redirectUri = checkClient(params).redirectUri;
  } catch {
    return sendAdminError(reply, caught, logger);
  }
  const state = typeof params.state === 'string' && params.state ? params.state : undefined;
  if (!state || !isBskError(caught)) return sendAdminError(reply, caught, logger);
  return reply.redirect(redirectBack(redirectUri, { error: oauthErrorName(caught.code), error_description: caught.message, state }));
}

/** `/.well-known/oauth-authorization-server`, `/oauth/authorize` (+ the consent page's two calls) and `/oauth/token`. */
export function registerOAuthRoutes(app: FastifyInstance, dependencies: OAuthRouteDependencies): void {
  const { server, guard, gateway, logger } = dependencies;
  app.register(async (scope) => {
    // Token requests are form-encoded (RFC 6749 §4.1.3); this parser stays inside this scope.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    scope.get('/.well-known/oauth-authorization-server', async (request) => authorizationServerMetadata(`${request.protocol}://${request.host}`));

    scope.get('/oauth/authorize', async (request, reply) => {
      const params = request.query as Params;
      try {
        parseAuthorizeRequest(params);
      } catch (error) {
        return sendAuthorizeError(reply, error, params, logger);
      }
      // The Console signs the person in if needed, then shows the consent page.
      return reply.redirect(`/console/#/oauth/consent?${new URLSearchParams(params as Record<string, string>).toString()}`);
    });

    const consentRequest = async (request: FastifyRequest, params: Params) => {
      const session = await guard.require(request);
      return { session, authorize: parseAuthorizeRequest(params) };
    };

    scope.get('/oauth/authorize/details', async (request, reply) => {
      try {
        const { session, authorize } = await consentRequest(request, request.query as Params);
        const models = gateway.catalog.list().filter((model) => (authorize.scopes as readonly string[]).includes(model.modality)).map((model) => model.id);
        return {
          client: { id: authorize.clientId, name: 'DOSIA' }, org: { id: session.org.id, name: session.org.name }, member: { email: session.member.email, role: session.member.role },
          scopes: authorize.scopes, models, device_name: authorize.deviceName, redirect_uri: authorize.redirectUri,
        };
      } catch (error) {
        return sendAdminError(reply, error, logger);
      }
    });

    scope.post('/oauth/authorize/decision', async (request, reply) => {
      try {
        const body = (request.body ?? {}) as Params;
        const { session, authorize } = await consentRequest(request, body);
        guard.checkStateChange(request, session);
        if (body.approve !== true) return { redirect_to: redirectBack(authorize.redirectUri, { error: 'access_denied', state: authorize.state }) };
        const code = await server.issueCode(session, authorize);
        logger.info({ orgId: session.org.id, memberId: session.member.id, client: authorize.clientId }, 'oauth consent given');
        return { redirect_to: redirectBack(authorize.redirectUri, { code, state: authorize.state }) };
      } catch (error) {
        logger.warn({ code: isBskError(error) ? error.code : 'unknown' }, 'oauth consent refused');
        return sendAdminError(reply, error, logger);
      }
    });

    // The route's error handler also hears the bodies the host cannot read.
    scope.post('/oauth/token', { errorHandler: (error, _request, reply) => sendTokenError(reply, error, logger) }, async (request) => server.exchangeCode((request.body ?? {}) as Params));
  });
}
