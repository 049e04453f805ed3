import type { Database, Statement } from 'better-sqlite3';
import { createSqliteConsoleRepository } from './console-repository';
import { createSqliteFlagSettingsRepository } from './flag-settings-repository';
import { createSqliteMediaRepository } from './media-repository';
import { createSqliteSkillRepository } from './skill-repository';
import { createSqliteStoredResponseRepository } from './stored-response-repository';
import { MEMBER_COLUMNS, ORG_COLUMNS, RESERVATION_COLUMNS, RESERVATION_WITH_ORG_COLUMNS, RESERVATION_WIDTH, toMember, toOrg, toReservation } from './row-values';
import { type InstanceRow, type KeyRow, type LedgerEntryInput, type LedgerEntryRow, type RequestLogRow, type SpendScope, type StoreRepository, sumByOrg, type UsageRow } from '../store';
import type { Synchronous } from './synchronous';

type Row = Record<string, unknown>;

/** Synchronous twin of StoreRepository: better-sqlite3 is synchronous; the store wraps it in promises. */
export type SyncRepository = Synchronous<StoreRepository>;

function toKey(row: Row): KeyRow {
  return {
    id: row.id as string, orgId: row.org_id as string, memberId: row.member_id as string, parentId: row.parent_id as string | null,
    name: row.name as string, prefix: row.prefix as string, hash: row.hash as string,
    scopes: JSON.parse(row.scopes as string) as string[], models: row.models === null ? null : (JSON.parse(row.models as string) as string[]),
    creditLimit: row.credit_limit as number | null, rpm: row.rpm as number | null, tpm: (row.tpm as number | null) ?? null, expiresAt: row.expires_at as string | null,
    createdAt: row.created_at as string, revokedAt: row.revoked_at as string | null, lastUsedAt: row.last_used_at as string | null,
  };
}

function toLedgerEntry(row: Row): LedgerEntryRow {
  return {
    id: row.id as number, orgId: row.org_id as string, kind: row.kind as LedgerEntryRow['kind'], amount: row.amount as number,
    requestId: row.request_id as string | null, memberId: row.member_id as string | null, keyId: row.key_id as string | null, note: row.note as string | null, createdAt: row.created_at as string,
  };
}

function toRequestLog(row: Row): RequestLogRow {
  return {
    requestId: row.request_id as string, orgId: row.org_id as string, memberId: row.member_id as string, keyId: row.key_id as string,
    model: row.model as string, modality: row.modality as string, status: row.status as number, latencyMs: row.latency_ms as number,
    firstTokenMs: row.first_token_ms as number | null, inputTokens: row.input_tokens as number, outputTokens: row.output_tokens as number,
    cachedInputTokens: row.cached_input_tokens as number, cacheWriteTokens: row.cache_write_tokens as number, reasoningTokens: row.reasoning_tokens as number,
    images: row.images as number, videoSeconds: row.video_seconds as number, searches: row.searches as number, credits: row.credits as number,
    flags: JSON.parse(row.flags as string) as Record<string, unknown>, createdAt: row.created_at as string,
  };
}

const KEY_TREE_CTE = `WITH RECURSIVE tree(id) AS (SELECT id FROM api_keys WHERE id = ? UNION ALL SELECT child.id FROM api_keys child JOIN tree ON child.parent_id = tree.id)`;
const KEY_CHAIN_CTE = `WITH RECURSIVE chain(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM api_keys WHERE id = ? UNION ALL SELECT parent.id, parent.parent_id, chain.depth + 1 FROM api_keys parent JOIN chain ON parent.id = chain.parent_id)`;

// The hot reads' texts, built once: the statement cache is keyed by text, and a string built
// per call would be hashed again on every lookup.
const SELECT_ORG = `SELECT ${ORG_COLUMNS} FROM orgs WHERE id = ?`;
const SELECT_MEMBER = `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`;
const SELECT_MEMBER_BY_EMAIL = `SELECT ${MEMBER_COLUMNS} FROM members WHERE org_id = ? AND email = ?`;
const SELECT_RESERVATION = `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE request_id = ?`;
const SELECT_RESERVATION_WITH_ORG = `SELECT ${RESERVATION_WITH_ORG_COLUMNS} FROM reservations r JOIN orgs o ON o.id = r.org_id WHERE r.request_id = ?`;
// Judged dead by a heartbeat it has not moved since, and holding nothing: a live instance's next beat inserts it again.
const REMOVE_DEAD_INSTANCE = "DELETE FROM instances WHERE id = ? AND heartbeat_at = ? AND NOT EXISTS (SELECT 1 FROM reservations WHERE status = 'open' AND instance_id = ?)";
const SELECT_OPEN_RESERVATIONS = `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE status = 'open' ORDER BY created_at`;

/** `(?, ?), (?, ?)` for a multi-row VALUES list: one statement instead of one per row. */
function rows(count: number, width: number): string {
  const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: count }, () => row).join(', ');
}

/**
 * A statement's text per row count, built once: the statement cache is keyed by text, and a
 * string built per call would be hashed again on every lookup.
 */
function multiRow(head: string, width: number, tail = ''): (count: number) => string {
  const texts: string[] = [];
  return (count) => (texts[count] ??= `${head} VALUES ${rows(count, width)}${tail}`);
}

const insertLedgerEntries = multiRow('INSERT INTO ledger_entries (org_id, kind, amount, request_id, member_id, key_id, note, created_at)', 8);
const addSpendTotals = multiRow('INSERT INTO spend_totals (scope, period, credits)', 3, ' ON CONFLICT (scope, period) DO UPDATE SET credits = credits + excluded.credits');

/**
 * Open holds in scope, read from the one partial index on open holds (org, member, key,
 * amount): a member's or a key tree's holds are a range of their org's, found through the
 * member's or the first key's org.
 */
function spendCondition(scope: SpendScope): { where: string; values: unknown[] } {
  if ('orgId' in scope) return { where: 'org_id = ?', values: [scope.orgId] };
  if ('memberId' in scope) return { where: 'org_id = (SELECT org_id FROM members WHERE id = ?) AND member_id = ?', values: [scope.memberId, scope.memberId] };
  if (!scope.keyIds.length) return { where: '0', values: [] };
  return { where: `org_id = (SELECT org_id FROM api_keys WHERE id = ?) AND key_id IN (${scope.keyIds.map(() => '?').join(', ')})`, values: [scope.keyIds[0], ...scope.keyIds] };
}

/** Every StoreRepository operation as plain SQL on one connection. Statements are prepared once. */
export function createSqliteRepository(db: Database): SyncRepository {
  const cache = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let statement = cache.get(text);
    if (!statement) cache.set(text, (statement = db.prepare(text)));
    return statement;
  };
  const rawCache = new Map<string, Statement>();
  const rawSql = (text: string): Statement => {
    let statement = rawCache.get(text);
    if (!statement) rawCache.set(text, (statement = db.prepare(text).raw(true)));
    return statement;
  };
  const one = (text: string, ...values: unknown[]) => sql(text).get(...values) as Row | undefined;
  const all = (text: string, ...values: unknown[]) => sql(text).all(...values) as Row[];
  const run = (text: string, ...values: unknown[]) => sql(text).run(...values);
  const oneValues = (text: string, ...values: unknown[]) => rawSql(text).get(...values) as unknown[] | undefined;
  const allValues = (text: string, ...values: unknown[]) => rawSql(text).all(...values) as unknown[][];
  const writeRequestLog = (log: RequestLogRow) =>
    void run(
      `INSERT OR REPLACE INTO request_logs (request_id, org_id, member_id, key_id, model, modality, status, latency_ms, first_token_ms, input_tokens, output_tokens,
        cached_input_tokens, cache_write_tokens, reasoning_tokens, images, video_seconds, searches, credits, flags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      log.requestId, log.orgId, log.memberId, log.keyId, log.model, log.modality, log.status, log.latencyMs, log.firstTokenMs, log.inputTokens, log.outputTokens,
      log.cachedInputTokens, log.cacheWriteTokens, log.reasoningTokens, log.images, log.videoSeconds, log.searches, log.credits, JSON.stringify(log.flags), log.createdAt,
    );
  const readOrg = (id: string) => {
    const values = oneValues(SELECT_ORG, id);
    return values ? toOrg(values) : null;
  };

  const runner = { one, all, run, allValues };
  const appendLedger = (...entries: LedgerEntryInput[]) => {
    if (!entries.length) return;
    run(insertLedgerEntries(entries.length),
      ...entries.flatMap((entry) => [entry.orgId, entry.kind, entry.amount, entry.requestId, entry.memberId, entry.keyId, entry.note, entry.createdAt]));
    for (const [orgId, amount] of sumByOrg(entries)) run('UPDATE orgs SET balance = balance + ? WHERE id = ?', amount, orgId);
  };

  return {
    ...createSqliteConsoleRepository(runner, { toRequestLog }),
    ...createSqliteMediaRepository(runner),
    ...createSqliteFlagSettingsRepository(runner),
    ...createSqliteSkillRepository(runner),
    ...createSqliteStoredResponseRepository(runner),
    ensureSetting(name, value) {
      run('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)', name, value);
      return one('SELECT value FROM settings WHERE name = ?', name)!.value as string;
    },
    insertOrg: (org) => void run('INSERT INTO orgs (id, name, daily_limit, monthly_limit, created_at) VALUES (?, ?, ?, ?, ?)', org.id, org.name, org.dailyLimit, org.monthlyLimit, org.createdAt),
    getOrg: (id) => readOrg(id),
    // BEGIN IMMEDIATE already holds the database write lock for the whole transaction.
    lockOrg: (id) => readOrg(id),
    updateOrgLimits: (id, limits) => void run('UPDATE orgs SET daily_limit = ?, monthly_limit = ? WHERE id = ?', limits.dailyLimit, limits.monthlyLimit, id),

    insertMember: (member) =>
      void run('INSERT INTO members (id, org_id, email, role, credits_per_day, credits_per_month, rpm, tpm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        member.id, member.orgId, member.email, member.role, member.creditsPerDay, member.creditsPerMonth, member.rpm, member.tpm, member.createdAt),
    getMember: (id) => {
      const values = oneValues(SELECT_MEMBER, id);
      return values ? toMember(values) : null;
    },
    findMemberByEmail: (orgId, email) => {
      const values = oneValues(SELECT_MEMBER_BY_EMAIL, orgId, email);
      return values ? toMember(values) : null;
    },
    updateMemberQuota: (id, quota) => void run('UPDATE members SET credits_per_day = ?, credits_per_month = ?, rpm = ?, tpm = ? WHERE id = ?', quota.creditsPerDay, quota.creditsPerMonth, quota.rpm, quota.tpm, id),

    insertKey: (key) =>
      void run(
        'INSERT INTO api_keys (id, org_id, member_id, parent_id, name, prefix, hash, scopes, models, credit_limit, rpm, tpm, expires_at, created_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        key.id, key.orgId, key.memberId, key.parentId, key.name, key.prefix, key.hash, JSON.stringify(key.scopes), key.models === null ? null : JSON.stringify(key.models),
        key.creditLimit, key.rpm, key.tpm, key.expiresAt, key.createdAt, key.revokedAt, key.lastUsedAt,
      ),
    getKey: (id) => {
      const row = one('SELECT * FROM api_keys WHERE id = ?', id);
      return row ? toKey(row) : null;
    },
    findKeyByHash: (hash) => {
      const row = one('SELECT * FROM api_keys WHERE hash = ?', hash);
      return row ? toKey(row) : null;
    },
    listKeyChain: (id) => all(`${KEY_CHAIN_CTE} SELECT api_keys.* FROM chain JOIN api_keys ON api_keys.id = chain.id ORDER BY chain.depth`, id).map(toKey),
    listKeyTree: (id) => all(`${KEY_TREE_CTE} SELECT api_keys.* FROM tree JOIN api_keys ON api_keys.id = tree.id ORDER BY api_keys.created_at, api_keys.id`, id).map(toKey),
    listKeys: (filter) =>
      (filter.memberId === undefined
        ? all('SELECT * FROM api_keys WHERE org_id = ? ORDER BY created_at, id', filter.orgId)
        : all('SELECT * FROM api_keys WHERE org_id = ? AND member_id = ? ORDER BY created_at, id', filter.orgId, filter.memberId)
      ).map(toKey),
    revokeKeyTree: (id, at) => all(`${KEY_TREE_CTE} UPDATE api_keys SET revoked_at = ? WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL RETURNING id`, id, at).map((row) => row.id as string),
    touchKey: (id, at) => void run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', at, id),

    appendLedger,
    listLedger: (orgId) => all('SELECT * FROM ledger_entries WHERE org_id = ? ORDER BY id', orgId).map(toLedgerEntry),

    insertReservation(reservation, ...entries) {
      run(
        'INSERT INTO reservations (request_id, org_id, member_id, key_id, model, modality, held, status, requested, charged, instance_id, created_at, expires_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        reservation.requestId, reservation.orgId, reservation.memberId, reservation.keyId, reservation.model, reservation.modality, reservation.held, reservation.status,
        reservation.requested, reservation.charged, reservation.instanceId, reservation.createdAt, reservation.expiresAt, reservation.closedAt,
      );
      appendLedger(...entries);
    },
    getReservation: (requestId) => {
      const values = oneValues(SELECT_RESERVATION, requestId);
      return values ? toReservation(values) : null;
    },
    // BEGIN IMMEDIATE already holds the database write lock: nothing can change the rows after this read.
    getReservationForUpdate: (requestId) => {
      const values = oneValues(SELECT_RESERVATION_WITH_ORG, requestId);
      return values ? { reservation: toReservation(values), org: toOrg(values.slice(RESERVATION_WIDTH)) } : null;
    },
    closeReservation: (requestId, close, log, spent) => {
      run('UPDATE reservations SET status = ?, requested = ?, charged = ?, closed_at = ? WHERE request_id = ?', close.status, close.requested, close.charged, close.closedAt, requestId);
      if (spent?.buckets.length) run(addSpendTotals(spent.buckets.length), ...spent.buckets.flatMap((bucket) => [bucket.scope, bucket.period, spent.credits]));
      writeRequestLog(log);
    },
    listOpenReservations: () => allValues(SELECT_OPEN_RESERVATIONS).map(toReservation),
    openHolds(scope) {
      const { where, values } = spendCondition(scope);
      return one(`SELECT COALESCE(SUM(held), 0) AS total FROM reservations WHERE ${where} AND status = 'open'`, ...values)!.total as number;
    },
    spendTotal: (bucket) => (one('SELECT credits FROM spend_totals WHERE scope = ? AND period = ?', bucket.scope, bucket.period)?.credits as number | undefined) ?? 0,

    getRequestLog: (requestId, orgId) => {
      const row = one('SELECT * FROM request_logs WHERE request_id = ? AND org_id = ?', requestId, orgId);
      return row ? toRequestLog(row) : null;
    },
    aggregateUsage(query) {
      const keyFilter = query.keyIds ? `AND key_id IN (${query.keyIds.map(() => '?').join(', ') || 'NULL'})` : '';
      return all(
        `SELECT substr(created_at, 1, 10) AS day, model, member_id, key_id, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens,
           SUM(output_tokens) AS output_tokens, SUM(credits) AS credits
         FROM request_logs WHERE org_id = ? AND created_at >= ? AND created_at < ? ${keyFilter}
         GROUP BY day, model, member_id, key_id ORDER BY day, model, member_id, key_id`,
        query.orgId, query.from, query.to, ...(query.keyIds ?? []),
      ).map((row): UsageRow => ({
        day: row.day as string, model: row.model as string, memberId: row.member_id as string, keyId: row.key_id as string,
        requests: row.requests as number, inputTokens: row.input_tokens as number, outputTokens: row.output_tokens as number, credits: row.credits as number,
      }));
    },

    heartbeatInstance: (instance, at) => void run('INSERT INTO instances (id, heartbeat_at, host, pid) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at', instance.id, at, instance.host, instance.pid),
    removeInstance: (id) => void run('DELETE FROM instances WHERE id = ?', id),
    removeDeadInstance: (id, heartbeatAt) => run(REMOVE_DEAD_INSTANCE, id, heartbeatAt, id).changes > 0,
    listInstances: () => all('SELECT id, heartbeat_at, host, pid FROM instances').map((row): InstanceRow => ({ id: row.id as string, heartbeatAt: row.heartbeat_at as string, host: row.host as string | null, pid: row.pid as number | null })),
  };
}
