import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../../../kernel/logger';
import type { AccountsService, AuthenticatedKey } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import { billingErrors } from '../../billing/errors';
import { presentedApiKey } from './admin-token';
import { blameParameter } from './blame-parameter';
import { type KeyBody, parseInput, schemas } from './request-body';
import { sendAdminError } from './wire-error';
import { generationJson, keyJson, keyOptionsFromJson, usageJson } from './wire-format';

export interface KeyRouteDependencies {
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  readonly logger: Logger;
}

/**
 * Routes for key holders, authenticated by their own API key: derive, list and revoke
 * sub-keys, read usage and one generation. Owner/admin root keys see their whole org's usage
 * and manage its keys when they hold `keys:derive`; any other key sees and manages itself and
 * what was derived from it.
 */
export function registerKeyRoutes(app: FastifyInstance, dependencies: KeyRouteDependencies): void {
  const { accounts, billing, logger } = dependencies;
  const authenticate = (request: FastifyRequest): Promise<AuthenticatedKey> => accounts.authenticate(presentedApiKey(request.headers));
  const visibleKeyIds = async (holder: AuthenticatedKey) => (accounts.seesWholeOrg(holder) ? undefined : (await accounts.keysVisibleTo(holder)).map((key) => key.id));

  app.register(async (scope) => {
    scope.setErrorHandler((error, _request, reply) => sendAdminError(reply, error, logger));

    scope.post('/v1/keys', async (request, reply) => {
      const holder = await authenticate(request);
      const created = await accounts.deriveKey(holder, keyOptionsFromJson(parseInput<KeyBody>(schemas.createKey, request.body)));
      return reply.code(201).header('cache-control', 'no-store').send(keyJson(created));
    });
    scope.get('/v1/keys', async (request) => ({ data: (await accounts.keysVisibleTo(await authenticate(request))).map(keyJson) }));
    scope.delete('/v1/keys/:id', async (request) => {
      const holder = await authenticate(request);
      return blameParameter('id', accounts.revokeKey((request.params as { id: string }).id, holder));
    });
    scope.get('/v1/usage', async (request) => {
      const holder = await authenticate(request);
      const query = parseInput<{ from?: string; to?: string }>(schemas.usageQuery, request.query);
      const keyIds = await visibleKeyIds(holder);
      return usageJson(await billing.usage({ orgId: holder.orgId, ...query, ...(keyIds ? { keyIds } : {}) }));
    });
    scope.get('/v1/generation', async (request) => {
      const holder = await authenticate(request);
      const { id } = parseInput<{ id: string }>(schemas.generationQuery, request.query);
      const generation = await blameParameter('id', billing.getGeneration(id, holder.orgId));
      const keyIds = await visibleKeyIds(holder);
      if (keyIds && !keyIds.includes(generation.keyId)) throw billingErrors.create('BSK_BILLING_GENERATION_NOT_FOUND', { requestId: id, param: 'id' });
      return generationJson(generation);
    });
  });
}
