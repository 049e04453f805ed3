/**
 * The persistence contract of the gateway. Callers (accounts, billing, admin) speak only
 * this repository-style interface, never SQL, so the embedded SQLite store and the
 * scale-out PostgreSQL store are interchangeable.
 *
 * Conventions every implementation keeps:
 * - Money is integer credits (1 credit = 1 micro-USD); ids are opaque strings.
 * - Timestamps are ISO-8601 UTC strings (`2025-01-31T12:00:00.000Z`); they sort as text.
 * - `transaction(fn)` runs `fn` atomically and serialised against every other writer of
 *   the same rows: SQLite takes the database write lock (`BEGIN IMMEDIATE`); PostgreSQL
 *   runs `fn` on one pooled client and `lockOrg` becomes `SELECT … FOR UPDATE`. Calls made
 *   on the store itself (outside `fn`) each run on their own. Transactions do not nest.
 */

import type { ConsoleRepository } from './console-repository';
import type { FlagSettingsRepository } from './flag-settings-repository';
import type { MediaRepository } from './media-repository';
import type { SkillRepository } from './skill-repository';
import type { StoredResponseRepository } from './stored-response-repository';

export type MemberRole = 'owner' | 'admin' | 'member';

export type LedgerKind = 'top-up' | 'hold' | 'settle' | 'release' | 'refund';

export type ReservationStatus = 'open' | 'settled' | 'released' | 'expired';

export interface OrgRow {
  readonly id: string;
  readonly name: string;
  /** Wallet balance: always the sum of the org's ledger entries (kept in step by `appendLedger`). */
  readonly balance: number;
  readonly dailyLimit: number | null;
  readonly monthlyLimit: number | null;
  readonly createdAt: string;
}

export interface MemberQuota {
  readonly creditsPerDay: number | null;
  readonly creditsPerMonth: number | null;
  readonly rpm: number | null;
  /** Tokens per minute (input + output) over all the member's keys. */
  readonly tpm: number | null;
}

export interface MemberRow extends MemberQuota {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: MemberRole;
  readonly createdAt: string;
}

export interface KeyRow {
  readonly id: string;
  readonly orgId: string;
  readonly memberId: string;
  readonly parentId: string | null;
  readonly name: string;
  /** The first characters of the raw key, safe to display. */
  readonly prefix: string;
  /** HMAC-SHA256 of the raw key (hex); the raw key itself is never stored. */
  readonly hash: string;
  readonly scopes: readonly string[];
  /** Model allowlist (ids or `provider/*` patterns); null allows every model. */
  readonly models: readonly string[] | null;
  readonly creditLimit: number | null;
  readonly rpm: number | null;
  /** Tokens per minute (input + output). */
  readonly tpm: number | null;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface LedgerEntryInput {
  readonly orgId: string;
  readonly kind: LedgerKind;
  /** Signed: positive adds to the balance (top-up, release, refund), negative takes from it (hold, settle). */
  readonly amount: number;
  readonly requestId: string | null;
  readonly memberId: string | null;
  readonly keyId: string | null;
  readonly note: string | null;
  readonly createdAt: string;
}

export interface LedgerEntryRow extends LedgerEntryInput {
  /** Increasing with insertion order. */
  readonly id: number;
}

/** One request's hold on a wallet, from reserve until settle, release or expiry. */
export interface ReservationRow {
  readonly requestId: string;
  readonly orgId: string;
  readonly memberId: string;
  readonly keyId: string;
  readonly model: string;
  readonly modality: string;
  readonly held: number;
  readonly status: ReservationStatus;
  /** Credits the settlement asked for, and what was actually charged (≤ requested). */
  readonly requested: number | null;
  readonly charged: number | null;
  /** The billing process that holds it; holds of a process that stopped heartbeating are stale. */
  readonly instanceId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly closedAt: string | null;
}

/** A reservation and its org, read under the org's wallet lock. */
export interface LockedReservation {
  readonly reservation: ReservationRow;
  readonly org: OrgRow;
}

export interface ReservationClose {
  readonly status: Exclude<ReservationStatus, 'open'>;
  readonly requested: number | null;
  readonly charged: number | null;
  readonly closedAt: string;
}

export interface RequestLogRow {
  readonly requestId: string;
  readonly orgId: string;
  readonly memberId: string;
  readonly keyId: string;
  readonly model: string;
  readonly modality: string;
  /** HTTP status the client got (0 when unknown, e.g. a hold that expired). */
  readonly status: number;
  readonly latencyMs: number;
  readonly firstTokenMs: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
  readonly images: number;
  readonly videoSeconds: number;
  readonly searches: number;
  readonly credits: number;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** Whose open holds to add up. */
export type SpendScope = { readonly orgId: string } | { readonly memberId: string } | { readonly keyIds: readonly string[] };

/**
 * A running total of settled credits: `scope` names who spent (`org:<id>`, `member:<id>`,
 * `key:<id>`), `period` when (`day:2025-03-15`, `month:2025-03`, `life`).
 */
export interface SpendBucket {
  readonly scope: string;
  readonly period: string;
}

/** `credits` added to each bucket's running total. */
export interface SpendAddition {
  readonly buckets: readonly SpendBucket[];
  readonly credits: number;
}

export interface UsageQuery {
  readonly orgId: string;
  /** Inclusive lower and exclusive upper bounds on `createdAt`. */
  readonly from: string;
  readonly to: string;
  /** Only these keys' requests; all of the org's when absent. */
  readonly keyIds?: readonly string[];
}

/** Request-log totals grouped by UTC day, model, member and key. */
export interface UsageRow {
  readonly day: string;
  readonly model: string;
  readonly memberId: string;
  readonly keyId: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly credits: number;
}

/** One gateway process, as it heartbeats. */
export interface InstanceRow {
  readonly id: string;
  readonly heartbeatAt: string;
  /** Where `pid` names it (see plugins/billing/process-liveness.ts); null in rows from before schema version 10. */
  readonly host: string | null;
  readonly pid: number | null;
}

/** The net amount per org of some ledger entries, for one balance update per org. */
export function sumByOrg(entries: readonly LedgerEntryInput[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const entry of entries) sums.set(entry.orgId, (sums.get(entry.orgId) ?? 0) + entry.amount);
  return sums;
}

/** Every operation, usable on the store directly or inside `transaction(fn)`. */
export interface StoreRepository extends ConsoleRepository, MediaRepository, FlagSettingsRepository, SkillRepository, StoredResponseRepository {
  /** Returns the stored value of a setting, first storing `value` if there is none (race-free). */
  ensureSetting(name: string, value: string): Promise<string>;

  insertOrg(org: Omit<OrgRow, 'balance'>): Promise<void>;
  getOrg(id: string): Promise<OrgRow | null>;
  /**
   * Serialises concurrent writers of one org's wallet until the transaction ends, and reads the
   * org as the lock leaves it (null if there is none): one round trip where the lock is held.
   */
  lockOrg(id: string): Promise<OrgRow | null>;
  updateOrgLimits(id: string, limits: { dailyLimit: number | null; monthlyLimit: number | null }): Promise<void>;

  insertMember(member: MemberRow): Promise<void>;
  getMember(id: string): Promise<MemberRow | null>;
  findMemberByEmail(orgId: string, email: string): Promise<MemberRow | null>;
  updateMemberQuota(id: string, quota: MemberQuota): Promise<void>;

  insertKey(key: KeyRow): Promise<void>;
  getKey(id: string): Promise<KeyRow | null>;
  findKeyByHash(hash: string): Promise<KeyRow | null>;
  /** The key and its ancestors, the key first, the root last. */
  listKeyChain(id: string): Promise<KeyRow[]>;
  /** The key and all its descendants. */
  listKeyTree(id: string): Promise<KeyRow[]>;
  listKeys(filter: { orgId: string; memberId?: string }): Promise<KeyRow[]>;
  /** Revokes the key and every descendant not yet revoked; returns the ids it revoked. */
  revokeKeyTree(id: string, at: string): Promise<string[]>;
  touchKey(id: string, at: string): Promise<void>;

  /** Appends the entries and moves each org's balance by their amounts, atomically (one balance update per org). */
  appendLedger(...entries: LedgerEntryInput[]): Promise<void>;
  listLedger(orgId: string): Promise<LedgerEntryRow[]>;

  /**
   * Inserts a hold and appends its ledger entries as appendLedger does (the `hold` entry): one
   * statement on PostgreSQL, where the org's lock is held meanwhile.
   */
  insertReservation(reservation: ReservationRow, ...entries: LedgerEntryInput[]): Promise<void>;
  getReservation(requestId: string): Promise<ReservationRow | null>;
  /**
   * Inside a transaction: the reservation read with its org's wallet locked, so that of two
   * instances racing on one hold (a settle here, a stale-hold release there) the second sees
   * what the first committed; and the org as the lock left it (no read of its own while the
   * lock is held).
   */
  getReservationForUpdate(requestId: string): Promise<LockedReservation | null>;
  /**
   * Closes a hold, adds what it spent to the running totals of its buckets (a settlement) and
   * writes its request's log line: one statement on PostgreSQL, where the org's lock is held meanwhile.
   */
  closeReservation(requestId: string, close: ReservationClose, log: RequestLogRow, spent?: SpendAddition): Promise<void>;
  listOpenReservations(): Promise<ReservationRow[]>;
  /** Sum of the open holds in scope. */
  openHolds(scope: SpendScope): Promise<number>;
  spendTotal(bucket: SpendBucket): Promise<number>;

  getRequestLog(requestId: string, orgId: string): Promise<RequestLogRow | null>;
  aggregateUsage(query: UsageQuery): Promise<UsageRow[]>;

  /** Registers the process on its first heartbeat (host and pid are written then), and moves its heartbeat on. */
  heartbeatInstance(instance: Omit<InstanceRow, 'heartbeatAt'>, at: string): Promise<void>;
  removeInstance(id: string): Promise<void>;
  /**
   * Deletes the row of an instance found dead, unless it heartbeat since (`heartbeatAt` is the
   * beat it was judged by) or an open hold still names it; returns whether it did.
   */
  removeDeadInstance(id: string, heartbeatAt: string): Promise<boolean>;
  listInstances(): Promise<InstanceRow[]>;
}

export interface TransactionOptions {
  /**
   * The transaction may resolve before it is committed, provided everything after it in this
   * process sees it, and its loss (a crash, a failed write) harms nobody: a lost hold was
   * never charged, a lost settlement leaves a hold that expires and bills nothing. SQLite
   * then commits it with the other such transactions of this turn of the event loop, after
   * the caller has written its answer; PostgreSQL commits before resolving regardless.
   */
  readonly lazyCommit?: boolean;
}

export interface Store extends StoreRepository {
  /** `sqlite` or `postgres`, and where the data is (file path or redacted URL). */
  readonly kind: string;
  readonly location: string;
  transaction<T>(fn: (tx: StoreRepository) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * True where every operation, transactions included, runs one after another in the order it
   * was called (SQLite: one connection, one queue): an operation called while a transaction is
   * still running sees all of that transaction's writes. A caller can then act on a decision
   * made inside a transaction before its writes (billing answers before a settlement's).
   */
  readonly runsInCallOrder?: boolean;
  /**
   * Where every other writer shares this process's database file (SQLite): a number that
   * changes whenever another connection (another process: `bytespike admin`, a second
   * gateway) committed since it was last read; this process's own commits leave it alone.
   * Absent where others' changes are known only by broadcast (PostgreSQL, with Redis).
   */
  dataVersion?(): number;
  /** Schema versions applied, in order. */
  migrations(): Promise<{ version: number; name: string; appliedAt: string }[]>;
  close(): Promise<void>;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    store: Store;
  }
}
