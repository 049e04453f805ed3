import type { MemberRole, MemberRow, RequestLogRow } from './store';

/**
 * What the Console and the OAuth server persist beyond accounts and billing: people who
 * sign in (users, sessions), how they join an org (invites), prepaid redemption codes,
 * member suspension, the low-balance alert, and single-use OAuth codes.
 *
 * Secrets (session ids, CSRF tokens' session, invite tokens, redemption codes, OAuth codes)
 * are stored only as SHA-256 digests (`…Hash`, hex): a leaked database cannot replay them.
 * Timestamps are ISO-8601 UTC strings, as in the rest of the store.
 */

export interface UserRow {
  readonly id: string;
  /** Lower-cased; one user per email across the gateway. */
  readonly email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface SessionRow {
  readonly idHash: string;
  readonly userId: string;
  /** The membership (org + role) this session acts as. */
  readonly memberId: string;
  /** The synchronizer token every state-changing call must echo in `x-csrf-token`. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface InviteRow {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: MemberRole;
  readonly tokenHash: string;
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly acceptedAt: string | null;
}

export interface RedemptionCodeRow {
  readonly codeHash: string;
  readonly credits: number;
  readonly note: string | null;
  readonly createdAt: string;
  readonly redeemedAt: string | null;
  readonly redeemedBy: string | null;
}

export interface OAuthCodeRow {
  readonly codeHash: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly memberId: string;
  readonly scopes: readonly string[];
  readonly deviceName: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  /** The key the code was exchanged for, so a replayed code can revoke it (RFC 9700 §4.5). */
  readonly issuedKeyId: string | null;
}

/** A member as the Console lists it: with suspension. */
export interface ConsoleMemberRow extends MemberRow {
  readonly suspendedAt: string | null;
}

export interface RequestLogQuery {
  readonly orgId: string;
  /** Inclusive lower and exclusive upper bounds on `createdAt`. */
  readonly from: string;
  readonly to: string;
  readonly keyIds?: readonly string[];
  readonly model?: string;
  /** `ok` = status 200-299, `error` = anything else. */
  readonly outcome?: 'ok' | 'error';
  /** Newest first, at most this many. */
  readonly limit: number;
}

export interface ConsoleRepository {
  insertUser(user: UserRow): Promise<void>;
  getUser(id: string): Promise<UserRow | null>;
  findUserByEmail(email: string): Promise<UserRow | null>;

  insertSession(session: SessionRow): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions that expired before `at`; returns how many. */
  deleteExpiredSessions(at: string): Promise<number>;

  /** Every member of the org, oldest first. */
  listMembers(orgId: string): Promise<ConsoleMemberRow[]>;
  /** Memberships of one email across orgs, oldest first. */
  listMembershipsByEmail(email: string): Promise<ConsoleMemberRow[]>;
  updateMemberRole(memberId: string, role: MemberRole): Promise<void>;
  /** `at` suspends, null lifts the suspension. */
  setMemberSuspended(memberId: string, at: string | null): Promise<void>;
  isMemberSuspended(memberId: string): Promise<boolean>;

  insertInvite(invite: InviteRow): Promise<void>;
  findInviteByTokenHash(tokenHash: string): Promise<InviteRow | null>;
  listInvites(orgId: string): Promise<InviteRow[]>;
  /** Marks an open invite accepted; false when it was already accepted (single use). */
  acceptInvite(id: string, at: string): Promise<boolean>;

  insertRedemptionCode(code: RedemptionCodeRow): Promise<void>;
  /** Marks an unredeemed code redeemed by `orgId` and returns it; null when unknown or already used. */
  claimRedemptionCode(codeHash: string, orgId: string, at: string): Promise<RedemptionCodeRow | null>;

  /** Credits under which the Console warns; null = no alert. */
  getLowBalanceThreshold(orgId: string): Promise<number | null>;
  setLowBalanceThreshold(orgId: string, credits: number | null): Promise<void>;

  insertOAuthCode(code: OAuthCodeRow): Promise<void>;
  /** Marks the code used and returns it; null when unknown or already used (single use, race-free). */
  consumeOAuthCode(codeHash: string, at: string): Promise<OAuthCodeRow | null>;
  getOAuthCode(codeHash: string): Promise<OAuthCodeRow | null>;
  setOAuthCodeIssuedKey(codeHash: string, keyId: string): Promise<void>;

  /** The request log, newest first. */
  listRequestLogs(query: RequestLogQuery): Promise<RequestLogRow[]>;
}
