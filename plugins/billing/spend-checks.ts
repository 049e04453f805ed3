import type { MemberRow, OrgRow, StoreRepository } from '../stores/store';
import type { AuthenticatedKey } from './accounts-service';
import { billingErrors } from './errors';
import { type Period, periodWindow } from './time-windows';

const EPOCH = new Date(0).toISOString();

interface PeriodLimit {
  readonly period: Period;
  readonly limit: number | null;
}

/** Spend in the current period (settled since its start plus all open holds) must leave room for `needed`. */
async function checkPeriods(tx: StoreRepository, limits: readonly PeriodLimit[], scope: { orgId: string } | { memberId: string }, needed: number, now: Date): Promise<void> {
  for (const { period, limit } of limits) {
    if (limit === null) continue;
    const window = periodWindow(period, now);
    const spent = await tx.spendSince(scope, window.start);
    if (spent + needed <= limit) continue;
    const details = { period, limit, spent, needed, resetsAt: window.resetsAt, retryAfterSeconds: Math.ceil((Date.parse(window.resetsAt) - now.getTime()) / 1000) };
    throw billingErrors.create('orgId' in scope ? 'BSK_BILLING_ORG_LIMIT' : 'BSK_BILLING_MEMBER_QUOTA', details);
  }
}

/** A capped key's cap covers its own spend and every key derived from it, for its whole life. */
async function checkKeyCaps(tx: StoreRepository, keyId: string, needed: number): Promise<void> {
  for (const link of await tx.listKeyChain(keyId)) {
    if (link.creditLimit === null) continue;
    const tree = await tx.listKeyTree(link.id);
    const spent = await tx.spendSince({ keyIds: tree.map((key) => key.id) }, EPOCH);
    if (spent + needed > link.creditLimit) throw billingErrors.create('BSK_BILLING_KEY_CAP', { prefix: link.prefix, keyId: link.id, limit: link.creditLimit, spent, needed });
  }
}

/**
 * Everything a reservation must pass, in the order a person would want to hear about it:
 * the wallet (402), the org's spend limits and the member's quotas (429), the key caps (403).
 * Runs inside the reservation's transaction, after the org row is locked.
 */
export async function checkSpendAllowed(tx: StoreRepository, context: { org: OrgRow; member: MemberRow; key: AuthenticatedKey; needed: number; now: Date }): Promise<void> {
  const { org, member, key, needed, now } = context;
  if (org.balance < needed) throw billingErrors.create('BSK_BILLING_INSUFFICIENT_CREDITS', { orgId: org.id, available: org.balance, needed });
  await checkPeriods(tx, [{ period: 'daily', limit: org.dailyLimit }, { period: 'monthly', limit: org.monthlyLimit }], { orgId: org.id }, needed, now);
  await checkPeriods(tx, [{ period: 'daily', limit: member.creditsPerDay }, { period: 'monthly', limit: member.creditsPerMonth }], { memberId: member.id }, needed, now);
  await checkKeyCaps(tx, key.keyId, needed);
}
