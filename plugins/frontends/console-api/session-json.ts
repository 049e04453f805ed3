import type { ConsoleMemberRow } from '../../stores/console-repository';
import { memberJson } from '../admin/wire-format';
import type { ConsoleSession } from './console-identity';

export function consoleMemberJson(member: ConsoleMemberRow) {
  return { ...memberJson(member), suspended_at: member.suspendedAt };
}

/** What the Console knows about who it is: never the session token itself (that stays in the httpOnly cookie). */
export function sessionJson(session: ConsoleSession, memberships: readonly { org: { id: string; name: string }; member: ConsoleMemberRow }[]) {
  return {
    user: { id: session.user.id, email: session.user.email },
    org: { id: session.org.id, name: session.org.name },
    member: consoleMemberJson(session.member),
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt,
    memberships: memberships.map(({ org, member }) => ({ org_id: org.id, org_name: org.name, role: member.role, suspended: member.suspendedAt !== null })),
  };
}
