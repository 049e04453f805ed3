import type { ConsoleMemberRow, ConsoleRepository } from '../console-repository';
import type { RequestLogRow } from '../store';
import { type Row, toInvite, toOAuthCode, toRedemptionCode, toSession, toUser } from '../console-rows';
import { MEMBER_COLUMNS, toMember } from './row-values';
import type { Synchronous } from './synchronous';

/** The prepared-statement helpers of one connection (shared with the main repository). */
export interface SqlRunner {
  one(text: string, ...values: unknown[]): Row | undefined;
  all(text: string, ...values: unknown[]): Row[];
  run(text: string, ...values: unknown[]): { changes: number };
  /** Rows as value arrays, in the order of the columns selected (no row objects: see sqlite-repository.ts). */
  allValues(text: string, ...values: unknown[]): unknown[][];
}

type SyncConsoleRepository = Synchronous<ConsoleRepository>;

function requestLogConditions(query: Parameters<ConsoleRepository['listRequestLogs']>[0]): { where: string; values: unknown[] } {
  const clauses = ['org_id = ?', 'created_at >= ?', 'created_at < ?'];
  const values: unknown[] = [query.orgId, query.from, query.to];
  if (query.keyIds) {
    clauses.push(`key_id IN (${query.keyIds.map(() => '?').join(', ') || 'NULL'})`);
    values.push(...query.keyIds);
  }
  if (query.model !== undefined) {
    clauses.push('model = ?');
    values.push(query.model);
  }
  if (query.outcome) clauses.push(query.outcome === 'ok' ? 'status BETWEEN 200 AND 299' : 'status NOT BETWEEN 200 AND 299');
  return { where: clauses.join(' AND '), values };
}

/** The Console's tables as plain SQL; kept to what PostgreSQL runs unchanged but for placeholders. */
export function createSqliteConsoleRepository(sql: SqlRunner, mapping: { toRequestLog(row: Row): RequestLogRow }): SyncConsoleRepository {
  const { one, all, run, allValues } = sql;
  const members = `SELECT ${MEMBER_COLUMNS}, suspended_at FROM members`;
  const toConsoleMember = (values: unknown[]): ConsoleMemberRow => ({ ...toMember(values), suspendedAt: values.at(-1) as string | null });
  return {
    insertUser: (user) => void run('INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)', user.id, user.email, user.passwordHash, user.createdAt),
    getUser: (id) => {
      const row = one('SELECT * FROM users WHERE id = ?', id);
      return row ? toUser(row) : null;
    },
    findUserByEmail: (email) => {
      const row = one('SELECT * FROM users WHERE email = ?', email);
      return row ? toUser(row) : null;
    },

    insertSession: (session) =>
      void run('INSERT INTO console_sessions (id_hash, user_id, member_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        session.idHash, session.userId, session.memberId, session.csrfToken, session.createdAt, session.expiresAt),
    getSession: (idHash) => {
      const row = one('SELECT * FROM console_sessions WHERE id_hash = ?', idHash);
      return row ? toSession(row) : null;
    },
    deleteSession: (idHash) => void run('DELETE FROM console_sessions WHERE id_hash = ?', idHash),
    deleteExpiredSessions: (at) => run('DELETE FROM console_sessions WHERE expires_at < ?', at).changes,

    listMembers: (orgId) => allValues(`${members} WHERE org_id = ? ORDER BY created_at, id`, orgId).map(toConsoleMember),
    listMembershipsByEmail: (email) => allValues(`${members} WHERE email = ? ORDER BY created_at, id`, email).map(toConsoleMember),
    updateMemberRole: (memberId, role) => void run('UPDATE members SET role = ? WHERE id = ?', role, memberId),
    setMemberSuspended: (memberId, at) => void run('UPDATE members SET suspended_at = ? WHERE id = ?', at, memberId),
    isMemberSuspended: (memberId) => one('SELECT suspended_at FROM members WHERE id = ?', memberId)?.suspended_at != null,

    insertInvite: (invite) =>
      void run('INSERT INTO invites (id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        invite.id, invite.orgId, invite.email, invite.role, invite.tokenHash, invite.invitedBy, invite.createdAt, invite.expiresAt, invite.acceptedAt),
    findInviteByTokenHash: (tokenHash) => {
      const row = one('SELECT * FROM invites WHERE token_hash = ?', tokenHash);
      return row ? toInvite(row) : null;
    },
    listInvites: (orgId) => all('SELECT * FROM invites WHERE org_id = ? ORDER BY created_at, id', orgId).map(toInvite),
    acceptInvite: (id, at) => run('UPDATE invites SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL', at, id).changes === 1,

    insertRedemptionCode: (code) =>
      void run('INSERT INTO redemption_codes (code_hash, credits, note, created_at, redeemed_at, redeemed_by) VALUES (?, ?, ?, ?, ?, ?)',
        code.codeHash, code.credits, code.note, code.createdAt, code.redeemedAt, code.redeemedBy),
    claimRedemptionCode: (codeHash, orgId, at) => {
      const row = one('UPDATE redemption_codes SET redeemed_at = ?, redeemed_by = ? WHERE code_hash = ? AND redeemed_at IS NULL RETURNING *', at, orgId, codeHash);
      return row ? toRedemptionCode(row) : null;
    },

    getLowBalanceThreshold: (orgId) => (one('SELECT low_balance_threshold FROM orgs WHERE id = ?', orgId)?.low_balance_threshold as number | null | undefined) ?? null,
    setLowBalanceThreshold: (orgId, credits) => void run('UPDATE orgs SET low_balance_threshold = ? WHERE id = ?', credits, orgId),

    insertOAuthCode: (code) =>
      void run(
        'INSERT INTO oauth_codes (code_hash, client_id, redirect_uri, code_challenge, member_id, scopes, device_name, created_at, expires_at, used_at, issued_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        code.codeHash, code.clientId, code.redirectUri, code.codeChallenge, code.memberId, JSON.stringify(code.scopes), code.deviceName, code.createdAt, code.expiresAt, code.usedAt, code.issuedKeyId,
      ),
    consumeOAuthCode: (codeHash, at) => {
      const row = one('UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING *', at, codeHash);
      return row ? toOAuthCode(row) : null;
    },
    getOAuthCode: (codeHash) => {
      const row = one('SELECT * FROM oauth_codes WHERE code_hash = ?', codeHash);
      return row ? toOAuthCode(row) : null;
    },
    setOAuthCodeIssuedKey: (codeHash, keyId) => void run('UPDATE oauth_codes SET issued_key_id = ? WHERE code_hash = ?', keyId, codeHash),

    listRequestLogs(query) {
      const { where, values } = requestLogConditions(query);
      return all(`SELECT * FROM request_logs WHERE ${where} ORDER BY created_at DESC, request_id LIMIT ?`, ...values, query.limit).map(mapping.toRequestLog);
    },
  };
}
