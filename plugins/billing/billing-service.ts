import type { Modality } from '../../kernel/canonical/model';
import { type BillableUsage, countOf } from '../../kernel/canonical/usage';
import type { Logger } from '../../kernel/logger';
import type { InstanceRow, LedgerEntryInput, RequestLogRow, ReservationRow, SpendAddition, Store, StoreRepository } from '../stores/store';
import { type AuthenticatedKey, found } from './accounts-service';
import { assertCredits, assertOptionalCredits, newId } from './credit-amount';
import { billingErrors } from './errors';
import { isProcessGone, processTable } from './process-liveness';
import { retryWhileUnavailable } from './retry-while-unavailable';
import { checkSpendAllowed, type KeyChainLink, spendBuckets, spentInPeriod } from './spend-checks';
import { createUsageReports, type UsageReports } from './usage-reports';

export interface Hold {
  readonly requestId: string;
  readonly orgId: string;
  readonly memberId: string;
  readonly keyId: string;
  readonly model: string;
  readonly modality: Modality;
  readonly heldCredits: number;
  readonly expiresAt: string;
}

export interface SettleOutcome {
  /** The real cost (from `computeCredits`). */
  readonly credits: number;
  readonly usage: BillableUsage;
  readonly model: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly firstTokenMs?: number;
  readonly flags?: Record<string, unknown>;
}

export interface Settlement {
  readonly requestId: string;
  /** What was billed: `min(requestedCredits, held + free balance)`. */
  readonly credits: number;
  readonly requestedCredits: number;
  readonly heldCredits: number;
  /** True when the wallet could not cover the whole cost and the bill was cut to what it held. */
  readonly capped: boolean;
}

export interface SettleOptions {
  /**
   * Told the settlement as soon as its figure is decided, once. On a store that runs its work
   * in call order (SQLite), that is before the settlement's writes: whatever this process does
   * after the call (a client's next request, a wallet read) is queued behind them, so the
   * caller can answer its client first and take the writes off the request's latency.
   * Elsewhere (PostgreSQL) it is told after the commit. A throwing listener is logged and never
   * undoes the settlement; a settlement whose writes then fail bills nothing (the hold expires).
   */
  readonly onDecided?: (settlement: Settlement) => void;
}

export interface ReleaseOutcome {
  readonly status?: number;
  readonly latencyMs?: number;
  readonly firstTokenMs?: number;
  readonly flags?: Record<string, unknown>;
}

export interface Released {
  readonly requestId: string;
  /** Credits returned by this call (0 when the hold was already closed). */
  readonly releasedCredits: number;
  readonly status: ReservationRow['status'];
}

export interface Wallet {
  readonly orgId: string;
  /** The ledger sum. Open holds are already taken out of it; `reserved` says how much of that is in flight. */
  readonly balance: number;
  readonly reserved: number;
  readonly limits: { readonly daily: number | null; readonly monthly: number | null };
  /** Settled this UTC day / month, plus open holds. */
  readonly spent: { readonly today: number; readonly month: number };
}

export interface BillingService extends UsageReports {
  reserve(input: { requestId: string; key: AuthenticatedKey; model: string; maxCredits: number; modality: Modality }): Promise<Hold>;
  settle(requestId: string, outcome: SettleOutcome, options?: SettleOptions): Promise<Settlement>;
  release(requestId: string, reason: string, outcome?: ReleaseOutcome): Promise<Released>;
  /**
   * Releases holds past their expiry, holds of processes that stopped heartbeating, and holds of
   * processes of this host that are gone (a kill -9 or an OOM kill: no need to wait until their
   * heartbeat is stale); returns how many. The instance rows of those dead processes are then
   * deleted, each once no open hold names it.
   */
  releaseStaleHolds(): Promise<number>;
  wallet(orgId: string): Promise<Wallet>;
  topUp(orgId: string, amount: number, note?: string): Promise<Wallet>;
  refund(orgId: string, amount: number, note: string, requestId?: string): Promise<Wallet>;
  setLimits(orgId: string, limits: { daily?: number | null; monthly?: number | null }): Promise<Wallet>;
  /** Registers this process (heartbeat), releases stale holds, and keeps doing both on a timer. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface BillingOptions {
  readonly store: Store;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** A hold not settled or released by then is released (default 15 minutes). */
  readonly holdTtlSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** A process whose heartbeat is older than this is gone; its open holds are released. */
  readonly staleAfterSeconds?: number;
  readonly instanceId?: string;
  /**
   * This process, as its instance row names it: where its pid means it (process-liveness.ts)
   * and the pid. Tests pass others.
   */
  readonly process?: { readonly host: string; readonly pid: number };
  /** Whether no process has this pid on this host (default: `kill(pid, 0)` says ESRCH). */
  readonly isProcessGone?: (pid: number) => boolean;
  /** How long a settlement or release keeps retrying while the database is unreachable (default 15 s). */
  readonly settleRetrySeconds?: number;
  /** How long `stop` waits for this process's in-flight requests to close their holds before releasing them (default 2 s). */
  readonly stopGraceMs?: number;
}

function toHold(row: ReservationRow): Hold {
  return { requestId: row.requestId, orgId: row.orgId, memberId: row.memberId, keyId: row.keyId, model: row.model, modality: row.modality as Modality, heldCredits: row.held, expiresAt: row.expiresAt };
}

function requestLog(reservation: ReservationRow, fields: { model: string; status: number; latencyMs: number; firstTokenMs: number | undefined; usage: BillableUsage; credits: number; flags: Record<string, unknown>; at: string }): RequestLogRow {
  const { usage } = fields;
  return {
    requestId: reservation.requestId, orgId: reservation.orgId, memberId: reservation.memberId, keyId: reservation.keyId, model: fields.model, modality: reservation.modality,
    status: countOf(fields.status), latencyMs: countOf(fields.latencyMs), firstTokenMs: fields.firstTokenMs === undefined ? null : countOf(fields.firstTokenMs),
    inputTokens: countOf(usage.inputTokens), outputTokens: countOf(usage.outputTokens), cachedInputTokens: countOf(usage.cachedInputTokens),
    cacheWriteTokens: countOf(usage.cacheWriteTokens), reasoningTokens: countOf(usage.reasoningTokens), images: countOf(usage.images),
    videoSeconds: Math.ceil(usage.videoSeconds ?? 0) || 0, searches: countOf(usage.searches), credits: fields.credits, flags: fields.flags, createdAt: fields.at,
  };
}

/**
 * Holds, settlements and releases may be acknowledged before they are committed (see
 * TransactionOptions): losing one in a crash bills nothing, and on SQLite their commits then
 * leave the request path.
 */
const LAZY = { lazyCommit: true } as const;

/** How often `stop` looks again at the holds of requests still in flight. */
const STOP_POLL_MS = 25;

/** Bounds the per-process cache of key chains; past it the cache starts over. */
const MAX_CACHED_KEY_CHAINS = 10_000;

function checkRequestId(requestId: unknown): string {
  if (typeof requestId !== 'string' || !/^[\w.:-]{1,128}$/.test(requestId)) throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param: 'requestId', reason: 'must be 1-128 characters of letters, digits, _ . : -' });
  return requestId;
}

export function createBillingService(options: BillingOptions): BillingService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const holdTtlMs = (options.holdTtlSeconds ?? 900) * 1000;
  const heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
  const staleAfterMs = (options.staleAfterSeconds ?? 90) * 1000;
  const instanceId = options.instanceId ?? newId('proc');
  const settleRetryMs = (options.settleRetrySeconds ?? 15) * 1000;
  const stopGraceMs = options.stopGraceMs ?? 2000;
  const self = { id: instanceId, ...(options.process ?? { host: processTable(), pid: process.pid }) };
  const processGone = options.isProcessGone ?? isProcessGone;
  let timer: NodeJS.Timeout | undefined;

  const entry = (reservation: ReservationRow, kind: LedgerEntryInput['kind'], amount: number, note: string | null, at: string): LedgerEntryInput => ({
    orgId: reservation.orgId, kind, amount, requestId: reservation.requestId, memberId: reservation.memberId, keyId: reservation.keyId, note, createdAt: at,
  });

  const requireReservation = (tx: StoreRepository, requestId: string) => found(tx.getReservationForUpdate(requestId), () => billingErrors.create('BSK_BILLING_RESERVATION_NOT_FOUND', { requestId }));

  const wallet = async (orgId: string): Promise<Wallet> => {
    const org = await found(store.getOrg(orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId }));
    const at = now();
    return {
      orgId, balance: org.balance, reserved: await store.openHolds({ orgId }), limits: { daily: org.dailyLimit, monthly: org.monthlyLimit },
      spent: { today: await spentInPeriod(store, { orgId }, 'daily', at), month: await spentInPeriod(store, { orgId }, 'monthly', at) },
    };
  };

  /** Adds credits to a wallet (top-up or refund), refusing amounts that would overflow the exact-integer range. */
  const credit = async (orgId: string, kind: 'top-up' | 'refund', amount: number, note: string | null, requestId: string | null): Promise<Wallet> => {
    assertCredits('amount', amount, 1);
    await store.transaction(async (tx) => {
      const org = await found(tx.lockOrg(orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId }));
      if (org.balance + amount > Number.MAX_SAFE_INTEGER) throw billingErrors.create('BSK_BILLING_INVALID_AMOUNT', { param: 'amount', value: amount, minimum: 1, maximum: Number.MAX_SAFE_INTEGER - org.balance });
      await tx.appendLedger({ orgId, kind, amount, requestId, memberId: null, keyId: null, note, createdAt: now().toISOString() });
    });
    return wallet(orgId);
  };

  /** Closes one open hold whose owner is gone or whose time is up, returning its credits exactly. */
  const expire = (requestId: string, reason: string) =>
    store.transaction(async (tx) => {
      const reservation = (await tx.getReservationForUpdate(requestId))?.reservation;
      if (reservation?.status !== 'open') return false;
      const at = now().toISOString();
      await tx.appendLedger(entry(reservation, 'release', reservation.held, reason, at));
      await tx.closeReservation(requestId, { status: 'expired', requested: null, charged: null, closedAt: at }, requestLog(reservation, { model: reservation.model, status: 0, latencyMs: 0, firstTokenMs: undefined, usage: {}, credits: 0, flags: { released: reason }, at }));
      return true;
    });

  /**
   * A process of this host (the same PID namespace) whose pid no process has any more: it died
   * without stopping, and its heartbeat, however fresh, will not move again. Rows of other
   * hosts, or without host and pid, keep the heartbeat rule: their pids mean nothing here. So
   * does a pid a process has, whether a newer one reused it or the row's instance shares this
   * very process (the in-process test clusters run several).
   */
  const goneFromThisHost = (instance: InstanceRow) =>
    instance.host === self.host && instance.pid !== null && instance.pid > 0 && processGone(instance.pid);

  const ownRequestHolds = async () => (await store.listOpenReservations()).filter((hold) => hold.instanceId === instanceId && hold.modality !== 'videos');

  /**
   * At stop, after the HTTP host drained: a request whose connection the drain deadline cut
   * settles or releases its hold a moment later, on its own. What is still open after a short
   * grace is released here, so no hold outlives the process that took it. Video jobs are left
   * alone: their holds stay open for the job, settled by whichever instance sees it finish.
   */
  const closeOwnRequestHolds = async () => {
    const giveUpAt = Date.now() + stopGraceMs;
    let open = await ownRequestHolds();
    while (open.length && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
      open = await ownRequestHolds();
    }
    for (const hold of open) await expire(hold.requestId, 'gateway stopped before the request ended');
    if (open.length) options.logger?.warn({ released: open.length }, 'released the holds of requests still open at stop');
  };

  // A key's ancestors and their credit caps never change (parent links and caps are written
  // once, keys are never deleted), so reservations and settlements read the chain once per key
  // instead of once per request.
  const keyChains = new Map<string, readonly KeyChainLink[]>();
  const keyChain = async (tx: StoreRepository, keyId: string): Promise<readonly KeyChainLink[]> => {
    const known = keyChains.get(keyId);
    if (known) return known;
    const links = (await tx.listKeyChain(keyId)).map(({ id, prefix, creditLimit }) => ({ id, prefix, creditLimit }));
    if (keyChains.size >= MAX_CACHED_KEY_CHAINS) keyChains.clear();
    keyChains.set(keyId, links);
    return links;
  };

  const service: BillingService = {
    ...createUsageReports(store, now),

    async reserve(input) {
      const requestId = checkRequestId(input.requestId);
      const needed = assertCredits('maxCredits', input.maxCredits);
      const { key } = input;
      return store.transaction(async (tx) => {
        // The member's quotas are not what the org's lock guards: read before it, so one org's
        // reservations (which queue on that lock on PostgreSQL) hold it for fewer round trips.
        const member = await found(tx.getMember(key.memberId), () => billingErrors.create('BSK_ACCOUNTS_MEMBER_NOT_FOUND', { memberId: key.memberId }));
        // Then the lock: the same request id retried on another instance waits here, then sees the first attempt's hold.
        const org = await found(tx.lockOrg(key.orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId: key.orgId }));
        const existing = await tx.getReservation(requestId);
        if (existing) {
          if (existing.status === 'open' && existing.keyId === key.keyId) return toHold(existing);
          throw billingErrors.create('BSK_BILLING_REQUEST_CONFLICT', { requestId, state: existing.status === 'open' ? 'reserved by another key' : existing.status });
        }
        const at = now();
        await checkSpendAllowed(tx, { org, member, chain: await keyChain(tx, key.keyId), needed, now: at });
        const reservation: ReservationRow = {
          requestId, orgId: key.orgId, memberId: key.memberId, keyId: key.keyId, model: input.model, modality: input.modality, held: needed, status: 'open',
          requested: null, charged: null, instanceId, createdAt: at.toISOString(), expiresAt: new Date(at.getTime() + holdTtlMs).toISOString(), closedAt: null,
        };
        await tx.insertReservation(reservation, entry(reservation, 'hold', -needed, null, reservation.createdAt));
        return toHold(reservation);
      }, LAZY);
    },

    async settle(requestId, outcome, settleOptions = {}) {
      const requested = assertCredits('credits', outcome.credits);
      let told = false;
      const tell = (settlement: Settlement) => {
        if (told || !settleOptions.onDecided) return;
        told = true;
        try {
          settleOptions.onDecided(settlement);
        } catch (error) {
          options.logger?.error({ err: error, requestId }, 'a settlement listener failed (the settlement stands)');
        }
      };
      const settlement = await retryWhileUnavailable(() => store.transaction(async (tx) => {
        const { reservation, org } = await requireReservation(tx, requestId);
        if (reservation.status === 'settled') {
          return { requestId, credits: reservation.charged!, requestedCredits: reservation.requested!, heldCredits: reservation.held, capped: reservation.charged! < reservation.requested! };
        }
        if (reservation.status === 'released') throw billingErrors.create('BSK_BILLING_REQUEST_CONFLICT', { requestId, state: 'released' });
        // An expired hold was already given back; a late settlement bills from the free balance alone.
        const held = reservation.status === 'open' ? reservation.held : 0;
        const charged = Math.min(requested, Math.max(0, org.balance + held));
        const decided: Settlement = { requestId, credits: charged, requestedCredits: requested, heldCredits: reservation.held, capped: charged < requested };
        if (store.runsInCallOrder) tell(decided);
        const settledAt = now();
        const at = settledAt.toISOString();
        await tx.appendLedger(...(held > 0 ? [entry(reservation, 'release', held, 'settled', at)] : []), ...(charged > 0 ? [entry(reservation, 'settle', -charged, null, at)] : []));
        let spent: SpendAddition | undefined;
        if (charged > 0) {
          const chain = await keyChain(tx, reservation.keyId);
          spent = { buckets: spendBuckets({ orgId: reservation.orgId, memberId: reservation.memberId, keyChain: chain.map((link) => link.id), at: settledAt }), credits: charged };
        }
        const flags = charged < requested ? { ...outcome.flags, capped: true } : (outcome.flags ?? {});
        const logged = { model: outcome.model, status: outcome.status, latencyMs: outcome.latencyMs, firstTokenMs: outcome.firstTokenMs, usage: outcome.usage, credits: charged, flags, at };
        await tx.closeReservation(requestId, { status: 'settled', requested, charged, closedAt: at }, requestLog(reservation, logged), spent);
        return decided;
      }, LAZY), { withinMs: settleRetryMs, logger: options.logger, what: `settlement of ${requestId}` });
      tell(settlement);
      return settlement;
    },

    async release(requestId, reason, outcome = {}) {
      return retryWhileUnavailable(() => store.transaction(async (tx) => {
        const { reservation } = await requireReservation(tx, requestId);
        if (reservation.status !== 'open') return { requestId, releasedCredits: 0, status: reservation.status };
        const at = now().toISOString();
        await tx.appendLedger(entry(reservation, 'release', reservation.held, reason, at));
        const fields = { model: reservation.model, status: outcome.status ?? 0, latencyMs: outcome.latencyMs ?? 0, firstTokenMs: outcome.firstTokenMs, usage: {}, credits: 0, flags: { ...outcome.flags, released: reason }, at };
        await tx.closeReservation(requestId, { status: 'released', requested: null, charged: null, closedAt: at }, requestLog(reservation, fields));
        return { requestId, releasedCredits: reservation.held, status: 'released' as const };
      }, LAZY), { withinMs: settleRetryMs, logger: options.logger, what: `release of ${requestId}` });
    },

    async releaseStaleHolds() {
      const at = now().getTime();
      const instances = await store.listInstances();
      const dead = instances.filter((instance) => instance.id !== instanceId && (at - Date.parse(instance.heartbeatAt) >= staleAfterMs || goneFromThisHost(instance)));
      const live = new Set(instances.filter((instance) => !dead.includes(instance)).map((instance) => instance.id));
      live.add(instanceId);
      let released = 0;
      for (const reservation of await store.listOpenReservations()) {
        const reason = Date.parse(reservation.expiresAt) <= at ? 'hold expired' : live.has(reservation.instanceId) ? null : 'gateway process stopped';
        if (reason && (await expire(reservation.requestId, reason))) released++;
      }
      // Their holds released, the rows of dead instances go: a crash or kill -9 left one behind for good.
      let removed = 0;
      for (const instance of dead) if (await store.removeDeadInstance(instance.id, instance.heartbeatAt)) removed++;
      if (released || removed) options.logger?.info({ released, removedInstances: removed }, 'released stale holds; removed the rows of dead instances');
      return released;
    },

    wallet,
    topUp: (orgId, amount, note) => credit(orgId, 'top-up', amount, note ?? null, null),
    refund: (orgId, amount, note, requestId) => credit(orgId, 'refund', amount, note, requestId ?? null),

    async setLimits(orgId, limits) {
      const org = await found(store.getOrg(orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId }));
      const dailyLimit = limits.daily === undefined ? org.dailyLimit : assertOptionalCredits('daily', limits.daily);
      const monthlyLimit = limits.monthly === undefined ? org.monthlyLimit : assertOptionalCredits('monthly', limits.monthly);
      await store.updateOrgLimits(orgId, { dailyLimit, monthlyLimit });
      return wallet(orgId);
    },

    async start() {
      const beat = async () => {
        await store.heartbeatInstance(self, now().toISOString());
        await service.releaseStaleHolds();
      };
      await beat();
      timer = setInterval(() => void beat().catch((error: unknown) => options.logger?.error({ err: error }, 'billing heartbeat failed')), heartbeatMs);
      timer.unref();
    },

    async stop() {
      clearInterval(timer);
      timer = undefined;
      await closeOwnRequestHolds();
      await store.removeInstance(instanceId);
    },
  };
  return service;
}
