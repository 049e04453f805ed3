import { createPostgresConsoleRepository } from './postgres-console-repository';
import { createPostgresFlagSettingsRepository } from './postgres-flag-settings-repository';
import { createPostgresMediaRepository } from './postgres-media-repository';
import { createPostgresSkillRepository } from './postgres-skill-repository';
import { createPostgresStoredResponseRepository } from './postgres-stored-response-repository';
import { type InstanceRow, type KeyRow, type LedgerEntryInput, type LedgerEntryRow, type MemberRow, type OrgRow, type RequestLogRow, type ReservationRow, type SpendBucket, type SpendScope, type StoreRepository, type UsageRow } from '../store';

type Row = Record<string, unknown>;

/** A pool or one checked-out client: everything the repository needs from `pg`. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount?: number | null }>;
}

const nullable = <T>(value: unknown, map: (value: unknown) => T): T | null => (value === null || value === undefined ? null : map(value));
const text = (value: unknown) => value as string;
const count = (value: unknown) => Number(value);

function toOrg(row: Row): OrgRow {
  return { id: text(row.id), name: text(row.name), balance: count(row.balance), dailyLimit: nullable(row.daily_limit, count), monthlyLimit: nullable(row.monthly_limit, count), createdAt: text(row.created_at) };
}

function toMember(row: Row): MemberRow {
  return {
    id: text(row.id), orgId: text(row.org_id), email: text(row.email), role: row.role as MemberRow['role'],
    creditsPerDay: nullable(row.credits_per_day, count), creditsPerMonth: nullable(row.credits_per_month, count), rpm: nullable(row.rpm, count), tpm: nullable(row.tpm, count), createdAt: text(row.created_at),
  };
}

function toKey(row: Row): KeyRow {
  return {
    id: text(row.id), orgId: text(row.org_id), memberId: text(row.member_id), parentId: nullable(row.parent_id, text),
    name: text(row.name), prefix: text(row.prefix), hash: text(row.hash),
    scopes: JSON.parse(text(row.scopes)) as string[], models: nullable(row.models, (value) => JSON.parse(text(value)) as string[]),
    creditLimit: nullable(row.credit_limit, count), rpm: nullable(row.rpm, count), tpm: nullable(row.tpm, count), expiresAt: nullable(row.expires_at, text),
    createdAt: text(row.created_at), revokedAt: nullable(row.revoked_at, text), lastUsedAt: nullable(row.last_used_at, text),
  };
}

function toLedgerEntry(row: Row): LedgerEntryRow {
  return {
    id: count(row.id), orgId: text(row.org_id), kind: row.kind as LedgerEntryRow['kind'], amount: count(row.amount),
    requestId: nullable(row.request_id, text), memberId: nullable(row.member_id, text), keyId: nullable(row.key_id, text), note: nullable(row.note, text), createdAt: text(row.created_at),
  };
}

function toReservation(row: Row): ReservationRow {
  return {
    requestId: text(row.request_id), orgId: text(row.org_id), memberId: text(row.member_id), keyId: text(row.key_id),
    model: text(row.model), modality: text(row.modality), held: count(row.held), status: row.status as ReservationRow['status'],
    requested: nullable(row.requested, count), charged: nullable(row.charged, count), instanceId: text(row.instance_id),
    createdAt: text(row.created_at), expiresAt: text(row.expires_at), closedAt: nullable(row.closed_at, text),
  };
}

function toRequestLog(row: Row): RequestLogRow {
  return {
    requestId: text(row.request_id), orgId: text(row.org_id), memberId: text(row.member_id), keyId: text(row.key_id),
    model: text(row.model), modality: text(row.modality), status: count(row.status), latencyMs: count(row.latency_ms),
    firstTokenMs: nullable(row.first_token_ms, count), inputTokens: count(row.input_tokens), outputTokens: count(row.output_tokens),
    cachedInputTokens: count(row.cached_input_tokens), cacheWriteTokens: count(row.cache_write_tokens), reasoningTokens: count(row.reasoning_tokens),
    images: count(row.images), videoSeconds: count(row.video_seconds), searches: count(row.searches), credits: count(row.credits),
    flags: JSON.parse(text(row.flags)) as Record<string, unknown>, createdAt: text(row.created_at),
  };
}

// Judged dead by a heartbeat it has not moved since, and holding nothing: a live instance's next beat inserts it again.
const REMOVE_DEAD_INSTANCE = "DELETE FROM instances WHERE id = $1 AND heartbeat_at = $2 AND NOT EXISTS (SELECT 1 FROM reservations WHERE status = 'open' AND instance_id = $1)";
const KEY_TREE_CTE = 'WITH RECURSIVE tree(id) AS (SELECT id FROM api_keys WHERE id = $1 UNION ALL SELECT child.id FROM api_keys child JOIN tree ON child.parent_id = tree.id)';
const KEY_CHAIN_CTE = 'WITH RECURSIVE chain(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM api_keys WHERE id = $1 UNION ALL SELECT parent.id, parent.parent_id, chain.depth + 1 FROM api_keys parent JOIN chain ON parent.id = chain.parent_id)';

function spendCondition(scope: SpendScope): { where: string; value: unknown } {
  if ('orgId' in scope) return { where: 'org_id = $1', value: scope.orgId };
  if ('memberId' in scope) return { where: 'member_id = $1', value: scope.memberId };
  return { where: 'key_id = ANY($1::text[])', value: [...scope.keyIds] };
}

const REQUEST_LOG_COLUMNS = ['request_id', 'org_id', 'member_id', 'key_id', 'model', 'modality', 'status', 'latency_ms', 'first_token_ms', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'cache_write_tokens', 'reasoning_tokens', 'images', 'video_seconds', 'searches', 'credits', 'flags', 'created_at'];
const placeholders = (size: number, from = 1) => Array.from({ length: size }, (_, index) => `$${index + from}`).join(', ');
/** `($1, $2), ($3, $4)` for a multi-row VALUES list (from `$from`). */
const valueRows = (count: number, width: number, from = 1) => Array.from({ length: count }, (_, row) => `(${placeholders(width, from + row * width)})`).join(', ');

/**
 * After WITH: ledger entries inserted (their values from `$from`, ledgerValues' order) and each
 * org's balance moved by their sum, in one statement, so one round trip while the org's lock is held.
 */
const appendLedgerSql = (count: number, from = 1) =>
  `appended AS (INSERT INTO ledger_entries (org_id, kind, amount, request_id, member_id, key_id, note, created_at) VALUES ${valueRows(count, 8, from)} RETURNING org_id, amount)
   UPDATE orgs SET balance = orgs.balance + sums.total FROM (SELECT org_id, SUM(amount) AS total FROM appended GROUP BY org_id) AS sums WHERE orgs.id = sums.org_id`;

function ledgerValues(entries: readonly LedgerEntryInput[]): unknown[] {
  return entries.flatMap((entry) => [entry.orgId, entry.kind, entry.amount, entry.requestId, entry.memberId, entry.keyId, entry.note, entry.createdAt]);
}

const UPSERT_REQUEST_LOG = `INSERT INTO request_logs (${REQUEST_LOG_COLUMNS.join(', ')}) VALUES (${placeholders(REQUEST_LOG_COLUMNS.length)})
  ON CONFLICT (request_id) DO UPDATE SET ${REQUEST_LOG_COLUMNS.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}`;

/**
 * Closes a hold, adds what it spent to its buckets' running totals and writes its request's log
 * line in one statement (one round trip while the org's lock is held): the log row's values first
 * ($1..), then status, requested, charged, closed_at, the request id, the buckets' scopes and
 * periods (two arrays, empty when nothing was spent) and the credits. PostgreSQL runs a
 * data-modifying WITH even when nothing reads it.
 */
const CLOSE_RESERVATION_WITH_SPEND_AND_LOG = (() => {
  const at = (offset: number) => `$${REQUEST_LOG_COLUMNS.length + offset}`;
  return `WITH closed AS (UPDATE reservations SET status = ${at(1)}, requested = ${at(2)}, charged = ${at(3)}, closed_at = ${at(4)} WHERE request_id = ${at(5)}),
    spent AS (INSERT INTO spend_totals (scope, period, credits) SELECT scope, period, ${at(8)}::bigint FROM unnest(${at(6)}::text[], ${at(7)}::text[]) AS bucket(scope, period)
      ON CONFLICT (scope, period) DO UPDATE SET credits = spend_totals.credits + excluded.credits)
    ${UPSERT_REQUEST_LOG}`;
})();

/** Buckets in one fixed order: two settlements never take the same rows' locks in opposite orders. */
function sortedBuckets(buckets: readonly SpendBucket[]): SpendBucket[] {
  return [...buckets].sort((left, right) => `${left.scope}\u0000${left.period}`.localeCompare(`${right.scope}\u0000${right.period}`));
}

/** A request log row's values in REQUEST_LOG_COLUMNS order. */
function requestLogValues(log: RequestLogRow): unknown[] {
  return [
    log.requestId, log.orgId, log.memberId, log.keyId, log.model, log.modality, log.status, log.latencyMs, log.firstTokenMs, log.inputTokens, log.outputTokens,
    log.cachedInputTokens, log.cacheWriteTokens, log.reasoningTokens, log.images, log.videoSeconds, log.searches, log.credits, JSON.stringify(log.flags), log.createdAt,
  ];
}

/**
 * Every StoreRepository operation as SQL on one pool or client. Sums are cast back to
 * BIGINT (PostgreSQL widens SUM(bigint) to NUMERIC); the pool parses BIGINT as a number,
 * exact for credits up to 2^53.
 */
export function createPostgresRepository(db: Queryable): StoreRepository {
  const one = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows[0];
  const all = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows;
  const run = async (sql: string, values: unknown[]) => void (await db.query(sql, values));
  const maybe = async <T>(row: Promise<Row | undefined>, map: (row: Row) => T): Promise<T | null> => {
    const found = await row;
    return found ? map(found) : null;
  };

  return {
    ...createPostgresConsoleRepository(db, { toMember, toRequestLog }),
    ...createPostgresMediaRepository(db),
    ...createPostgresFlagSettingsRepository(db),
    ...createPostgresSkillRepository(db),
    ...createPostgresStoredResponseRepository(db),
    async ensureSetting(name, value) {
      await run('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value]);
      return text((await one('SELECT value FROM settings WHERE name = $1', [name]))!.value);
    },
    insertOrg: (org) => run('INSERT INTO orgs (id, name, daily_limit, monthly_limit, created_at) VALUES ($1, $2, $3, $4, $5)', [org.id, org.name, org.dailyLimit, org.monthlyLimit, org.createdAt]),
    getOrg: (id) => maybe(one('SELECT * FROM orgs WHERE id = $1', [id]), toOrg),
    // The row lock every wallet writer takes before it reads the wallet: writers of one org queue here, other orgs run in parallel.
    lockOrg: (id) => maybe(one('SELECT * FROM orgs WHERE id = $1 FOR UPDATE', [id]), toOrg),
    updateOrgLimits: (id, limits) => run('UPDATE orgs SET daily_limit = $1, monthly_limit = $2 WHERE id = $3', [limits.dailyLimit, limits.monthlyLimit, id]),

    insertMember: (member) =>
      run('INSERT INTO members (id, org_id, email, role, credits_per_day, credits_per_month, rpm, tpm, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [member.id, member.orgId, member.email, member.role, member.creditsPerDay, member.creditsPerMonth, member.rpm, member.tpm, member.createdAt]),
    getMember: (id) => maybe(one('SELECT * FROM members WHERE id = $1', [id]), toMember),
    findMemberByEmail: (orgId, email) => maybe(one('SELECT * FROM members WHERE org_id = $1 AND email = $2', [orgId, email]), toMember),
    updateMemberQuota: (id, quota) => run('UPDATE members SET credits_per_day = $1, credits_per_month = $2, rpm = $3, tpm = $4 WHERE id = $5', [quota.creditsPerDay, quota.creditsPerMonth, quota.rpm, quota.tpm, id]),

    insertKey: (key) =>
      run(
        `INSERT INTO api_keys (id, org_id, member_id, parent_id, name, prefix, hash, scopes, models, credit_limit, rpm, tpm, expires_at, created_at, revoked_at, last_used_at) VALUES (${placeholders(16)})`,
        [key.id, key.orgId, key.memberId, key.parentId, key.name, key.prefix, key.hash, JSON.stringify(key.scopes), key.models === null ? null : JSON.stringify(key.models),
          key.creditLimit, key.rpm, key.tpm, key.expiresAt, key.createdAt, key.revokedAt, key.lastUsedAt],
      ),
    getKey: (id) => maybe(one('SELECT * FROM api_keys WHERE id = $1', [id]), toKey),
    findKeyByHash: (hash) => maybe(one('SELECT * FROM api_keys WHERE hash = $1', [hash]), toKey),
    listKeyChain: async (id) => (await all(`${KEY_CHAIN_CTE} SELECT api_keys.* FROM chain JOIN api_keys ON api_keys.id = chain.id ORDER BY chain.depth`, [id])).map(toKey),
    listKeyTree: async (id) => (await all(`${KEY_TREE_CTE} SELECT api_keys.* FROM tree JOIN api_keys ON api_keys.id = tree.id ORDER BY api_keys.created_at, api_keys.id`, [id])).map(toKey),
    listKeys: async (filter) =>
      (filter.memberId === undefined
        ? await all('SELECT * FROM api_keys WHERE org_id = $1 ORDER BY created_at, id', [filter.orgId])
        : await all('SELECT * FROM api_keys WHERE org_id = $1 AND member_id = $2 ORDER BY created_at, id', [filter.orgId, filter.memberId])
      ).map(toKey),
    revokeKeyTree: async (id, at) =>
      (await all(`${KEY_TREE_CTE} UPDATE api_keys SET revoked_at = $2 WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL RETURNING id`, [id, at])).map((row) => text(row.id)),
    touchKey: (id, at) => run('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]),

    async appendLedger(...entries) {
      if (!entries.length) return;
      await run(`WITH ${appendLedgerSql(entries.length)}`, ledgerValues(entries));
    },
    listLedger: async (orgId) => (await all('SELECT * FROM ledger_entries WHERE org_id = $1 ORDER BY id', [orgId])).map(toLedgerEntry),

    // The hold and its ledger entries in one statement: one round trip while the org's lock is held.
    insertReservation: (reservation, ...entries) => {
      const values = [reservation.requestId, reservation.orgId, reservation.memberId, reservation.keyId, reservation.model, reservation.modality, reservation.held, reservation.status,
        reservation.requested, reservation.charged, reservation.instanceId, reservation.createdAt, reservation.expiresAt, reservation.closedAt];
      const insert = `INSERT INTO reservations (request_id, org_id, member_id, key_id, model, modality, held, status, requested, charged, instance_id, created_at, expires_at, closed_at) VALUES (${placeholders(values.length)})`;
      if (!entries.length) return run(insert, values);
      return run(`WITH held AS (${insert}), ${appendLedgerSql(entries.length, values.length + 1)}`, [...values, ...ledgerValues(entries)]);
    },
    getReservation: (requestId) => maybe(one('SELECT * FROM reservations WHERE request_id = $1', [requestId]), toReservation),
    async getReservationForUpdate(requestId) {
      // The org is known only from the row, so read, lock the org, then read again: a writer that held the lock first has committed by then.
      const unlocked = await one('SELECT org_id FROM reservations WHERE request_id = $1', [requestId]);
      if (!unlocked) return null;
      const org = await maybe(one('SELECT * FROM orgs WHERE id = $1 FOR UPDATE', [unlocked.org_id]), toOrg);
      const reservation = await maybe(one('SELECT * FROM reservations WHERE request_id = $1', [requestId]), toReservation);
      return reservation && org ? { reservation, org } : null;
    },
    closeReservation: (requestId, close, log, spent) => {
      const buckets = sortedBuckets(spent?.buckets ?? []);
      return run(CLOSE_RESERVATION_WITH_SPEND_AND_LOG, [...requestLogValues(log), close.status, close.requested, close.charged, close.closedAt, requestId,
        buckets.map((bucket) => bucket.scope), buckets.map((bucket) => bucket.period), spent?.credits ?? 0]);
    },
    listOpenReservations: async () => (await all("SELECT * FROM reservations WHERE status = 'open' ORDER BY created_at", [])).map(toReservation),
    async openHolds(scope) {
      const { where, value } = spendCondition(scope);
      return count((await one(`SELECT COALESCE(SUM(held), 0)::bigint AS total FROM reservations WHERE ${where} AND status = 'open'`, [value]))!.total);
    },
    spendTotal: async (bucket) => count((await one('SELECT credits FROM spend_totals WHERE scope = $1 AND period = $2', [bucket.scope, bucket.period]))?.credits ?? 0),

    getRequestLog: (requestId, orgId) => maybe(one('SELECT * FROM request_logs WHERE request_id = $1 AND org_id = $2', [requestId, orgId]), toRequestLog),
    async aggregateUsage(query) {
      const keyFilter = query.keyIds ? 'AND key_id = ANY($4::text[])' : '';
      const rows = await all(
        `SELECT substr(created_at, 1, 10) AS day, model, member_id, key_id, COUNT(*)::bigint AS requests, SUM(input_tokens)::bigint AS input_tokens,
           SUM(output_tokens)::bigint AS output_tokens, SUM(credits)::bigint AS credits
         FROM request_logs WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 ${keyFilter}
         GROUP BY 1, model, member_id, key_id ORDER BY 1, model, member_id, key_id`,
        [query.orgId, query.from, query.to, ...(query.keyIds ? [[...query.keyIds]] : [])],
      );
      return rows.map((row): UsageRow => ({
        day: text(row.day), model: text(row.model), memberId: text(row.member_id), keyId: text(row.key_id),
        requests: count(row.requests), inputTokens: count(row.input_tokens), outputTokens: count(row.output_tokens), credits: count(row.credits),
      }));
    },

    heartbeatInstance: (instance, at) => run('INSERT INTO instances (id, heartbeat_at, host, pid) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at', [instance.id, at, instance.host, instance.pid]),
    removeInstance: (id) => run('DELETE FROM instances WHERE id = $1', [id]),
    removeDeadInstance: async (id, heartbeatAt) => ((await db.query(REMOVE_DEAD_INSTANCE, [id, heartbeatAt])).rowCount ?? 0) > 0,
    listInstances: async () => (await all('SELECT id, heartbeat_at, host, pid FROM instances', [])).map((row): InstanceRow => ({ id: text(row.id), heartbeatAt: text(row.heartbeat_at), host: nullable(row.host, text), pid: nullable(row.pid, count) })),
  };
}
