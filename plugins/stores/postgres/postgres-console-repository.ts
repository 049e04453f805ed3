import type { ConsoleMemberRow, ConsoleRepository, RequestLogQuery } from '../console-repository';
import type { MemberRow, RequestLogRow } from '../store';
import type { Queryable } from './postgres-repository';
import { nullableText, type Row, toInvite, toOAuthCode, toRedemptionCode, toSession, toUser } from '../console-rows';

function requestLogConditions(query: RequestLogQuery): { where: string; values: unknown[] } {
  const clauses = ['org_id = $1', 'created_at >= $2', 'created_at < $3'];
  const values: unknown[] = [query.orgId, query.from, query.to];
  if (query.keyIds) {
    values.push([...query.keyIds]);
    clauses.push(`key_id = ANY($${values.length}::text[])`);
  }
  if (query.model !== undefined) {
    values.push(query.model);
    clauses.push(`model = $${values.length}`);
  }
  if (query.outcome) clauses.push(query.outcome === 'ok' ? 'status BETWEEN 200 AND 299' : 'status NOT BETWEEN 200 AND 299');
  return { where: clauses.join(' AND '), values };
}

/** The Console's tables on PostgreSQL: the SQLite twin's statements with numbered placeholders. */
export function createPostgresConsoleRepository(db: Queryable, mapping: { toMember(row: Row): MemberRow; toRequestLog(row: Row): RequestLogRow }): ConsoleRepository {
  const one = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows[0];
  const all = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows;
  const run = async (sql: string, values: unknown[]) => void (await db.query(sql, values));
  const changed = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount ?? 0;
  const maybe = async <T>(row: Promise<Row | undefined>, map: (row: Row) => T): Promise<T | null> => {
    const found = await row;
    return found ? map(found) : null;
  };
  const toMember = (row: Row): ConsoleMemberRow => ({ ...mapping.toMember(row), suspendedAt: nullableText(row.suspended_at) });

  return {
    insertUser: (user) => run('INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)', [user.id, user.email, user.passwordHash, user.createdAt]),
    getUser: (id) => maybe(one('SELECT * FROM users WHERE id = $1', [id]), toUser),
    findUserByEmail: (email) => maybe(one('SELECT * FROM users WHERE email = $1', [email]), toUser),

    insertSession: (session) =>
      run('INSERT INTO console_sessions (id_hash, user_id, member_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [session.idHash, session.userId, session.memberId, session.csrfToken, session.createdAt, session.expiresAt]),
    getSession: (idHash) => maybe(one('SELECT * FROM console_sessions WHERE id_hash = $1', [idHash]), toSession),
    deleteSession: (idHash) => run('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]),
    deleteExpiredSessions: (at) => changed('DELETE FROM console_sessions WHERE expires_at < $1', [at]),

    listMembers: async (orgId) => (await all('SELECT * FROM members WHERE org_id = $1 ORDER BY created_at, id', [orgId])).map(toMember),
    listMembershipsByEmail: async (email) => (await all('SELECT * FROM members WHERE email = $1 ORDER BY created_at, id', [email])).map(toMember),
    updateMemberRole: (memberId, role) => run('UPDATE members SET role = $1 WHERE id = $2', [role, memberId]),
    setMemberSuspended: (memberId, at) => run('UPDATE members SET suspended_at = $1 WHERE id = $2', [at, memberId]),
    isMemberSuspended: async (memberId) => nullableText((await one('SELECT suspended_at FROM members WHERE id = $1', [memberId]))?.suspended_at) !== null,

    insertInvite: (invite) =>
      run('INSERT INTO invites (id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [invite.id, invite.orgId, invite.email, invite.role, invite.tokenHash, invite.invitedBy, invite.createdAt, invite.expiresAt, invite.acceptedAt]),
    findInviteByTokenHash: (tokenHash) => maybe(one('SELECT * FROM invites WHERE token_hash = $1', [tokenHash]), toInvite),
    listInvites: async (orgId) => (await all('SELECT * FROM invites WHERE org_id = $1 ORDER BY created_at, id', [orgId])).map(toInvite),
    acceptInvite: async (id, at) => (await changed('UPDATE invites SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL', [at, id])) === 1,

    insertRedemptionCode: (code) =>
      run('INSERT INTO redemption_codes (code_hash, credits, note, created_at, redeemed_at, redeemed_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [code.codeHash, code.credits, code.note, code.createdAt, code.redeemedAt, code.redeemedBy]),
    claimRedemptionCode: (codeHash, orgId, at) =>
      maybe(one('UPDATE redemption_codes SET redeemed_at = $1, redeemed_by = $2 WHERE code_hash = $3 AND redeemed_at IS NULL RETURNING *', [at, orgId, codeHash]), toRedemptionCode),

    getLowBalanceThreshold: async (orgId) => {
      const value = (await one('SELECT low_balance_threshold FROM orgs WHERE id = $1', [orgId]))?.low_balance_threshold;
      return value === null || value === undefined ? null : Number(value);
    },
    setLowBalanceThreshold: (orgId, credits) => run('UPDATE orgs SET low_balance_threshold = $1 WHERE id = $2', [credits, orgId]),

    insertOAuthCode: (code) =>
      run(
        'INSERT INTO oauth_codes (code_hash, client_id, redirect_uri, code_challenge, member_id, scopes, device_name, created_at, expires_at, used_at, issued_key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [code.codeHash, code.clientId, code.redirectUri, code.codeChallenge, code.memberId, JSON.stringify(code.scopes), code.deviceName, code.createdAt, code.expiresAt, code.usedAt, code.issuedKeyId],
      ),
    consumeOAuthCode: (codeHash, at) => maybe(one('UPDATE oauth_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL RETURNING *', [at, codeHash]), toOAuthCode),
    getOAuthCode: (codeHash) => maybe(one('SELECT * FROM oauth_codes WHERE code_hash = $1', [codeHash]), toOAuthCode),
    setOAuthCodeIssuedKey: (codeHash, keyId) => run('UPDATE oauth_codes SET issued_key_id = $1 WHERE code_hash = $2', [keyId, codeHash]),

    async listRequestLogs(query) {
      const { where, values } = requestLogConditions(query);
      return (await all(`SELECT * FROM request_logs WHERE ${where} ORDER BY created_at DESC, request_id LIMIT $${values.length + 1}`, [...values, query.limit])).map(mapping.toRequestLog);
    },
  };
}
