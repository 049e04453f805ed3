import type { FastifyInstance } from 'fastify';
import type { MemberRole } from '../../stores/store';
import { parseInput, type QuotaBody } from '../admin/request-body';
import { quotaFromJson } from '../admin/wire-format';
import { consoleSchemas } from './console-schemas';
import type { ConsoleServices } from './console-services';
import { consoleErrors } from './errors';
import { adminSessionForOrg } from './org-access';
import { consoleMemberJson } from './session-json';

interface MemberChange {
  readonly role?: MemberRole;
  readonly suspended?: boolean;
  readonly quota?: QuotaBody;
}

/** Members page (owners and admins): members with quotas and suspension, open invites, invite links. */
export function registerMemberRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { store, accounts, identity, logger, now } = services;

  scope.get('/orgs/:orgId/members', async (request) => {
    const session = adminSessionForOrg(request);
    const at = now().getTime();
    const invites = (await store.listInvites(session.org.id)).filter((invite) => invite.acceptedAt === null && Date.parse(invite.expiresAt) > at);
    return {
      data: (await store.listMembers(session.org.id)).map(consoleMemberJson),
      invites: invites.map((invite) => ({ id: invite.id, email: invite.email, role: invite.role, created_at: invite.createdAt, expires_at: invite.expiresAt })),
    };
  });

  scope.post('/orgs/:orgId/invites', async (request, reply) => {
    const session = adminSessionForOrg(request);
    const body = parseInput<{ email: string; role: MemberRole }>(consoleSchemas.invite, request.body);
    const { invite, token } = await identity.invite(session, body);
    logger.info({ orgId: session.org.id, inviteId: invite.id, role: invite.role }, 'member invited');
    // No mail server: the link is shown once to whoever invited, who passes it on.
    const inviteUrl = `${request.protocol}://${request.host}/console/#/invite/${token}`;
    return reply.code(201).send({ id: invite.id, email: invite.email, role: invite.role, expires_at: invite.expiresAt, invite_url: inviteUrl });
  });

  scope.patch('/orgs/:orgId/members/:memberId', async (request) => {
    const session = adminSessionForOrg(request);
    const memberId = (request.params as { memberId: string }).memberId;
    const target = (await store.listMembers(session.org.id)).find((member) => member.id === memberId);
    if (!target) throw consoleErrors.create('BSK_CONSOLE_MEMBER_NOT_FOUND', { memberId });
    const change = parseInput<MemberChange>(consoleSchemas.updateMember, request.body);
    const touchesRoleOrAccess = change.role !== undefined || change.suspended !== undefined;
    if (touchesRoleOrAccess && target.id === session.member.id) throw consoleErrors.create('BSK_CONSOLE_SELF_CHANGE');
    if ((target.role === 'owner' || change.role === 'owner') && session.member.role !== 'owner') throw consoleErrors.create('BSK_CONSOLE_OWNER_ONLY');
    if (change.quota) await accounts.updateQuota(memberId, quotaFromJson(change.quota));
    if (change.role !== undefined) await store.updateMemberRole(memberId, change.role);
    if (change.suspended !== undefined) await store.setMemberSuspended(memberId, change.suspended ? now().toISOString() : null);
    // Cached authenticated keys carry the role and passed the suspension check: every instance drops them.
    if (touchesRoleOrAccess) await accounts.invalidateMember(memberId);
    logger.info({ orgId: session.org.id, memberId, by: session.member.id, role: change.role, suspended: change.suspended, quota: change.quota !== undefined }, 'member changed');
    return consoleMemberJson((await store.listMembers(session.org.id)).find((member) => member.id === memberId)!);
  });
}
