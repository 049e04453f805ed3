import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeyInfo } from '../../billing/accounts-service';
import { billingErrors } from '../../billing/errors';
import { type KeyBody, parseInput } from '../admin/request-body';
import { keyJson, keyOptionsFromJson } from '../admin/wire-format';
import type { ConsoleSession } from './console-identity';
import { consoleSchemas } from './console-schemas';
import type { ConsoleServices } from './console-services';
import { keyAsHolder } from './key-holder';
import { isAdmin, sessionForOrg } from './org-access';

/**
 * Keys page: owners and admins manage every key of the org, members their own. A key's
 * value is in the answer to its creation only (`cache-control: no-store`).
 */
export function registerKeyPageRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { accounts, store, logger, now } = services;
  const visibleKeys = (session: ConsoleSession): Promise<KeyInfo[]> =>
    accounts.listKeys(isAdmin(session) ? { orgId: session.org.id } : { orgId: session.org.id, memberId: session.member.id });
  const visibleKey = async (request: FastifyRequest): Promise<{ session: ConsoleSession; key: KeyInfo }> => {
    const session = sessionForOrg(request);
    const keyId = (request.params as { keyId: string }).keyId;
    const key = (await visibleKeys(session)).find((candidate) => candidate.id === keyId);
    if (!key) throw billingErrors.create('BSK_KEYS_NOT_FOUND', { keyId });
    return { session, key };
  };

  scope.get('/orgs/:orgId/keys', async (request) => ({ data: (await visibleKeys(sessionForOrg(request))).map(keyJson) }));
  scope.post('/orgs/:orgId/keys', async (request, reply) => {
    const session = sessionForOrg(request);
    const created = await accounts.createKey(session.member.id, keyOptionsFromJson(parseInput<KeyBody>(consoleSchemas.createKey, request.body)));
    logger.info({ orgId: session.org.id, keyId: created.id, by: session.member.id }, 'key created in the console');
    return reply.code(201).send(keyJson(created));
  });
  scope.post('/orgs/:orgId/keys/:keyId/derive', async (request, reply) => {
    const { session, key } = await visibleKey(request);
    const parent = await keyAsHolder(store, accounts, key, now());
    const created = await accounts.deriveKey(parent, keyOptionsFromJson(parseInput<KeyBody>(consoleSchemas.createKey, request.body)));
    logger.info({ orgId: session.org.id, keyId: created.id, parentId: key.id, by: session.member.id }, 'key derived in the console');
    return reply.code(201).send(keyJson(created));
  });
  scope.delete('/orgs/:orgId/keys/:keyId', async (request) => {
    const { session, key } = await visibleKey(request);
    const result = await accounts.revokeKey(key.id);
    logger.info({ orgId: session.org.id, keyId: key.id, revoked: result.revoked.length, by: session.member.id }, 'key revoked in the console');
    return result;
  });
}
