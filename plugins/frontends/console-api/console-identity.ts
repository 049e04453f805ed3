import type { Logger } from '../../../kernel/logger';
import type { AccountsService, Org } from '../../billing/accounts-service';
import { newId } from '../../billing/credit-amount';
import { billingErrors } from '../../billing/errors';
import type { RateLimiter } from '../../billing/rate-limiter';
import type { ConsoleMemberRow, InviteRow, UserRow } from '../../stores/console-repository';
import type { MemberRole, Store } from '../../stores/store';
import { consoleErrors } from './errors';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hash';
import { digestToken, newSecretToken } from './secret-token';

/** A signed-in person acting as one member of one org. */
export interface ConsoleSession {
  readonly user: UserRow;
  readonly member: ConsoleMemberRow;
  readonly org: Org;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** A new session: the token goes into the cookie, never into the store. */
export interface IssuedSession extends ConsoleSession {
  readonly token: string;
}

export interface ConsoleIdentityOptions {
  readonly store: Store;
  readonly accounts: AccountsService;
  readonly rateLimiter: RateLimiter;
  readonly logger: Logger;
  readonly sessionTtlSeconds: number;
  readonly inviteTtlSeconds: number;
  readonly signInAttempts: { readonly limit: number; readonly windowSeconds: number };
  readonly now?: () => Date;
}

export interface ConsoleIdentity {
  signUp(input: { email: string; password: string; orgName: string }): Promise<IssuedSession>;
  /** Rate-limited per email and per client address. */
  signIn(input: { email: string; password: string; orgId?: string; clientAddress: string }): Promise<IssuedSession>;
  /** The live session of a cookie token, or null (unknown, expired, or the member was suspended). */
  resolveSession(token: string): Promise<ConsoleSession | null>;
  signOut(token: string): Promise<void>;
  invite(inviter: ConsoleSession, input: { email: string; role: MemberRole }): Promise<{ invite: InviteRow; token: string }>;
  describeInvite(token: string): Promise<{ invite: InviteRow; org: Org; accountExists: boolean }>;
  /** Joins the invited org: signs up with `password`, or checks it for an existing account. */
  acceptInvite(token: string, password: string): Promise<IssuedSession>;
  memberships(email: string): Promise<{ org: Org; member: ConsoleMemberRow }[]>;
  /** A new session of the same user acting as another of its memberships. */
  switchMember(user: UserRow, member: ConsoleMemberRow): Promise<IssuedSession>;
}

const MIN_PASSWORD = 10;
const ADDRESS_LIMIT_FACTOR = 10;

function invalidEmail(): never {
  throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param: 'email', reason: 'must be an email address' });
}

function checkPassword(password: string): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD || password.length > 256) throw consoleErrors.create('BSK_CONSOLE_PASSWORD_WEAK', { minimum: MIN_PASSWORD });
  return password;
}

export function createConsoleIdentity(options: ConsoleIdentityOptions): ConsoleIdentity {
  const { store, accounts, rateLimiter, logger } = options;
  const now = options.now ?? (() => new Date());
  const later = (seconds: number) => new Date(now().getTime() + seconds * 1000).toISOString();

  const issueSession = async (user: UserRow, member: ConsoleMemberRow): Promise<IssuedSession> => {
    const token = newSecretToken('bss_');
    const session = { idHash: digestToken(token), userId: user.id, memberId: member.id, csrfToken: newSecretToken(), createdAt: now().toISOString(), expiresAt: later(options.sessionTtlSeconds) };
    await store.insertSession(session);
    return { token, user, member, org: await accounts.getOrg(member.orgId), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  };

  const memberRow = async (memberId: string): Promise<ConsoleMemberRow> => {
    const member = await accounts.getMember(memberId);
    return (await store.listMembers(member.orgId)).find((row) => row.id === memberId)!;
  };

  const createUser = async (email: string, password: string): Promise<UserRow> => {
    const user: UserRow = { id: newId('usr'), email, passwordHash: await hashPassword(checkPassword(password)), createdAt: now().toISOString() };
    if (await store.findUserByEmail(email)) throw consoleErrors.create('BSK_CONSOLE_EMAIL_TAKEN');
    await store.insertUser(user);
    return user;
  };

  /**
   * Every attempt counts (a right password too, or throttling would confirm it): the email's
   * limit stops guessing one account, the address's (ten times larger, for shared NATs)
   * stops spraying many.
   */
  const throttle = async (email: string, clientAddress: string) => {
    const { limit, windowSeconds } = options.signInAttempts;
    const windowMs = windowSeconds * 1000;
    const decision = await rateLimiter.take([
      { subject: `signin:email:${email}`, limit, windowMs },
      { subject: `signin:address:${clientAddress}`, limit: limit * ADDRESS_LIMIT_FACTOR, windowMs },
    ]);
    if (!decision.allowed) throw consoleErrors.create('BSK_CONSOLE_SIGNIN_THROTTLED', { retryAfterSeconds: decision.retryAfterSeconds });
  };

  const openInvite = async (token: string): Promise<InviteRow> => {
    const invite = typeof token === 'string' ? await store.findInviteByTokenHash(digestToken(token)) : null;
    if (!invite || invite.acceptedAt !== null || Date.parse(invite.expiresAt) <= now().getTime()) throw consoleErrors.create('BSK_CONSOLE_INVITE_INVALID');
    return invite;
  };

  const identity: ConsoleIdentity = {
    async signUp(input) {
      const email = String(input.email ?? '').trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) invalidEmail();
      const user = await createUser(email, input.password);
      const org = await accounts.createOrg({ name: input.orgName });
      const member = await accounts.addMember(org.id, { email, role: 'owner' });
      logger.info({ userId: user.id, orgId: org.id }, 'console sign-up');
      return issueSession(user, { ...member, suspendedAt: null });
    },

    async signIn(input) {
      const email = String(input.email ?? '').trim().toLowerCase();
      await throttle(email, input.clientAddress);
      const user = await store.findUserByEmail(email);
      const passwordMatches = await verifyPassword(String(input.password ?? ''), user?.passwordHash ?? DECOY_PASSWORD_HASH);
      if (!user || !passwordMatches) {
        logger.warn({ email, clientAddress: input.clientAddress }, 'console sign-in refused: wrong email or password');
        throw consoleErrors.create('BSK_CONSOLE_SIGNIN_FAILED');
      }
      const memberships = await store.listMembershipsByEmail(email);
      const member = memberships.find((row) => (input.orgId ? row.orgId === input.orgId : row.suspendedAt === null)) ?? memberships[0];
      if (!member) throw consoleErrors.create('BSK_CONSOLE_SIGNIN_FAILED');
      if (member.suspendedAt !== null) throw consoleErrors.create('BSK_CONSOLE_SUSPENDED');
      return issueSession(user, member);
    },

    async resolveSession(token) {
      if (typeof token !== 'string' || !token.startsWith('bss_')) return null;
      const session = await store.getSession(digestToken(token));
      if (!session) return null;
      if (Date.parse(session.expiresAt) <= now().getTime()) {
        await store.deleteSession(session.idHash);
        return null;
      }
      const user = await store.getUser(session.userId);
      const member = await memberRow(session.memberId);
      if (!user || member.suspendedAt !== null) return null;
      return { user, member, org: await accounts.getOrg(member.orgId), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },

    signOut: (token) => store.deleteSession(digestToken(token)),

    async invite(inviter, input) {
      const email = String(input.email ?? '').trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) invalidEmail();
      if (input.role === 'owner' && inviter.member.role !== 'owner') throw consoleErrors.create('BSK_CONSOLE_OWNER_ONLY');
      const token = newSecretToken('bsi_');
      const invite: InviteRow = {
        id: newId('inv'), orgId: inviter.org.id, email, role: input.role, tokenHash: digestToken(token), invitedBy: inviter.member.id,
        createdAt: now().toISOString(), expiresAt: later(options.inviteTtlSeconds), acceptedAt: null,
      };
      await store.insertInvite(invite);
      return { invite, token };
    },

    async describeInvite(token) {
      const invite = await openInvite(token);
      return { invite, org: await accounts.getOrg(invite.orgId), accountExists: (await store.findUserByEmail(invite.email)) !== null };
    },

    async acceptInvite(token, password) {
      const invite = await openInvite(token);
      const existing = await store.findUserByEmail(invite.email);
      if (existing && !(await verifyPassword(String(password ?? ''), existing.passwordHash))) throw consoleErrors.create('BSK_CONSOLE_SIGNIN_FAILED');
      const user = existing ?? (await createUser(invite.email, password));
      if (!(await store.acceptInvite(invite.id, now().toISOString()))) throw consoleErrors.create('BSK_CONSOLE_INVITE_INVALID');
      const member = await accounts.addMember(invite.orgId, { email: invite.email, role: invite.role });
      logger.info({ userId: user.id, orgId: invite.orgId, memberId: member.id }, 'console invite accepted');
      return issueSession(user, { ...member, suspendedAt: null });
    },

    async memberships(email) {
      const rows = await store.listMembershipsByEmail(email);
      return Promise.all(rows.map(async (member) => ({ org: await accounts.getOrg(member.orgId), member })));
    },

    switchMember: issueSession,
  };
  return identity;
}
