import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseInput } from '../admin/request-body';
import type { IssuedSession } from './console-identity';
import { consoleSchemas } from './console-schemas';
import type { ConsoleServices } from './console-services';
import { consoleErrors } from './errors';
import { sessionOf } from './org-access';
import { sessionJson } from './session-json';

const PUBLIC = { config: { consolePublic: true } };

/** Sign-up, sign-in, sign-out, the current session, switching org, and invite links. */
export function registerAuthRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { identity, guard } = services;
  const started = async (reply: FastifyReply, issued: IssuedSession, status = 200) => {
    guard.setCookie(reply, issued);
    return reply.code(status).send(sessionJson(issued, await identity.memberships(issued.user.email)));
  };

  scope.post('/sign-up', PUBLIC, async (request, reply) => {
    const body = parseInput<{ email: string; password: string; org_name: string }>(consoleSchemas.signUp, request.body);
    return started(reply, await identity.signUp({ email: body.email, password: body.password, orgName: body.org_name }), 201);
  });
  scope.post('/sign-in', PUBLIC, async (request, reply) => {
    const body = parseInput<{ email: string; password: string; org_id?: string }>(consoleSchemas.signIn, request.body);
    return started(reply, await identity.signIn({ email: body.email, password: body.password, ...(body.org_id ? { orgId: body.org_id } : {}), clientAddress: request.ip }));
  });
  scope.post('/sign-out', async (request, reply) => {
    await identity.signOut(guard.token(request)!);
    guard.clearCookie(reply);
    return reply.code(204).send();
  });
  scope.get('/session', async (request) => {
    const session = sessionOf(request);
    return sessionJson(session, await identity.memberships(session.user.email));
  });
  scope.post('/session/org', async (request, reply) => {
    const { org_id: orgId } = parseInput<{ org_id: string }>(consoleSchemas.switchOrg, request.body);
    const session = sessionOf(request);
    const target = (await identity.memberships(session.user.email)).find(({ member }) => member.orgId === orgId);
    if (!target) throw consoleErrors.create('BSK_CONSOLE_ORG_NOT_FOUND', { orgId });
    if (target.member.suspendedAt !== null) throw consoleErrors.create('BSK_CONSOLE_SUSPENDED');
    await identity.signOut(guard.token(request)!);
    return started(reply, await identity.switchMember(session.user, target.member));
  });
  scope.get('/invites/:token', PUBLIC, async (request) => {
    const { invite, org, accountExists } = await identity.describeInvite((request.params as { token: string }).token);
    return { org_name: org.name, email: invite.email, role: invite.role, expires_at: invite.expiresAt, account_exists: accountExists };
  });
  scope.post('/invites/:token/accept', PUBLIC, async (request, reply) => {
    const { password } = parseInput<{ password: string }>(consoleSchemas.acceptInvite, request.body);
    return started(reply, await identity.acceptInvite((request.params as { token: string }).token, password), 201);
  });
}
