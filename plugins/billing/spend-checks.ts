import type { KeyRow, MemberRow, OrgRow, SpendBucket, StoreRepository } from '../stores/store';
import { billingErrors } from './errors';
import { type Period, periodWindow } from './time-windows';

/** Lifetime totals back key credit caps. */
const LIFETIME = 'life';

type SpenderScope = { readonly orgId: string } | { readonly memberId: string };

function scopeName(scope: SpenderScope): string {
  return 'orgId' in scope ? `org:${scope.orgId}` : `member:${scope.memberId}`;
}

/**
 * The running totals a settlement adds to: the org's and the member's day and month, and
 * the lifetime of the key and every ancestor, by id (a capped key's cap covers its derived keys).
 */
export function spendBuckets(context: { orgId: string; memberId: string; keyChain: readonly string[]; at: Date }): SpendBucket[] {
  const periods = (['daily', 'monthly'] as const).map((period) => periodWindow(period, context.at).bucket);
  return [
    ...periods.flatMap((period) => [{ scope: scopeName({ orgId: context.orgId }), period }, { scope: scopeName({ memberId: context.memberId }), period }]),
    ...context.keyChain.map((keyId) => ({ scope: `key:${keyId}`, period: LIFETIME })),
  ];
}

/** Settled in the current period plus everything held right now. */
export async function spentInPeriod(tx: StoreRepository, scope: SpenderScope, period: Period, now: Date): Promise<number> {
  return (await tx.spendTotal({ scope: scopeName(scope), period: periodWindow(period, now).bucket })) + (await tx.openHolds(scope));
}

interface PeriodLimit {
  readonly period: Period;
  readonly limit: number | null;
}

/** Spend in the current period must leave room for `needed`. */
async function checkPeriods(tx: StoreRepository, limits: readonly PeriodLimit[], scope: SpenderScope, needed: number, now: Date): Promise<void> {
  for (const { period, limit } of limits) {
    if (limit === null) continue;
    const spent = await spentInPeriod(tx, scope, period, now);
    if (spent + needed <= limit) continue;
    const { resetsAt } = periodWindow(period, now);
    const details = { period, limit, spent, needed, resetsAt, retryAfterSeconds: Math.ceil((Date.parse(resetsAt) - now.getTime()) / 1000) };
    throw billingErrors.create('orgId' in scope ? 'BSK_BILLING_ORG_LIMIT' : 'BSK_BILLING_MEMBER_QUOTA', details);
  }
}

/** What a reservation needs of each key in a chain (the key first, the root last). */
export type KeyChainLink = Pick<KeyRow, 'id' | 'prefix' | 'creditLimit'>;

/** A capped key's cap covers its own spend and every key derived from it, for its whole life. */
async function checkKeyCaps(tx: StoreRepository, chain: readonly KeyChainLink[], needed: number): Promise<void> {
  for (const link of chain) {
    if (link.creditLimit === null) continue;
    const tree = await tx.listKeyTree(link.id);
    const spent = (await tx.spendTotal({ scope: `key:${link.id}`, period: LIFETIME })) + (await tx.openHolds({ keyIds: tree.map((key) => key.id) }));
    if (spent + needed > link.creditLimit) throw billingErrors.create('BSK_BILLING_KEY_CAP', { prefix: link.prefix, keyId: link.id, limit: link.creditLimit, spent, needed });
  }
}

/**
 * Everything a reservation must pass, in the order a person would want to hear about it:
 * the wallet (402), the org's spend limits and the member's quotas (429), the key caps (403).
 * Runs inside the reservation's transaction, after the org row is locked.
 */
export async function checkSpendAllowed(tx: StoreRepository, context: { org: OrgRow; member: MemberRow; chain: readonly KeyChainLink[]; needed: number; now: Date }): Promise<void> {
  const { org, member, chain, needed, now } = context;
  if (org.balance < needed) throw billingErrors.create('BSK_BILLING_INSUFFICIENT_CREDITS', { orgId: org.id, available: org.balance, needed });
  await checkPeriods(tx, [{ period: 'daily', limit: org.dailyLimit }, { period: 'monthly', limit: org.monthlyLimit }], { orgId: org.id }, needed, now);
  await checkPeriods(tx, [{ period: 'daily', limit: member.creditsPerDay }, { period: 'monthly', limit: member.creditsPerMonth }], { memberId: member.id }, needed, now);
  await checkKeyCaps(tx, chain, needed);
}
