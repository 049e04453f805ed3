import type { FastifyRequest } from 'fastify';
import type { ConsoleSession } from './console-identity';
import { consoleErrors } from './errors';

/** The session of a request that passed the scope's session hook. */
const sessions = new WeakMap<FastifyRequest, ConsoleSession>();

export function attachSession(request: FastifyRequest, session: ConsoleSession): void {
  sessions.set(request, session);
}

export function sessionOf(request: FastifyRequest): ConsoleSession {
  const session = sessions.get(request);
  if (!session) throw consoleErrors.create('BSK_CONSOLE_SESSION_MISSING');
  return session;
}

/**
 * The session whose org the URL names. Another org's id answers 404, as an org that does
 * not exist would: a member cannot learn which ids belong to real orgs.
 */
export function sessionForOrg(request: FastifyRequest): ConsoleSession {
  const session = sessionOf(request);
  const orgId = (request.params as { orgId?: string }).orgId;
  if (orgId !== session.org.id) throw consoleErrors.create('BSK_CONSOLE_ORG_NOT_FOUND', { orgId });
  return session;
}

/** Like `sessionForOrg`, for owner and admin pages. */
export function adminSessionForOrg(request: FastifyRequest): ConsoleSession {
  const session = sessionForOrg(request);
  if (session.member.role === 'member') throw consoleErrors.create('BSK_CONSOLE_ROLE_DENIED', { role: session.member.role });
  return session;
}

export function isAdmin(session: ConsoleSession): boolean {
  return session.member.role !== 'member';
}
