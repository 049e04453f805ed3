import type { RequestLogRow, Store, UsageRow } from '../stores/store';
import { found } from './accounts-service';
import { billingErrors } from './errors';
import { monthRange, periodWindow } from './time-windows';

/** One request as `GET /v1/generation` reports it. */
export type Generation = RequestLogRow;

export interface UsageReport {
  readonly from: string;
  readonly to: string;
  readonly requests: number;
  readonly totalCredits: number;
  /** Grouped by UTC day, model, member and key. */
  readonly rows: readonly UsageRow[];
}

/** A month's single bill; each breakdown sums to `total_credits`. */
export interface Invoice {
  readonly month: string;
  readonly org_id: string;
  readonly total_credits: number;
  readonly by_model: Readonly<Record<string, number>>;
  readonly by_member: Readonly<Record<string, number>>;
  readonly by_key: Readonly<Record<string, number>>;
}

export interface UsageReports {
  getGeneration(requestId: string, orgId: string): Promise<Generation>;
  /** Default range: the current UTC month. `keyIds` narrows to those keys. */
  usage(query: { orgId: string; from?: string; to?: string; keyIds?: readonly string[] }): Promise<UsageReport>;
  invoice(orgId: string, month: string): Promise<Invoice>;
}

function parseInstant(param: string, value: string): string {
  const time = Date.parse(value);
  if (!Number.isFinite(time)) throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param, reason: 'must be an ISO-8601 date or date-time' });
  return new Date(time).toISOString();
}

function addTo(totals: Record<string, number>, name: string, credits: number): void {
  totals[name] = (totals[name] ?? 0) + credits;
}

/** Reports read the request log, which holds one row per settled or released request. */
export function createUsageReports(store: Store, now: () => Date): UsageReports {
  const requireOrg = (orgId: string) => found(store.getOrg(orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId }));
  return {
    getGeneration: (requestId, orgId) => found(store.getRequestLog(requestId, orgId), () => billingErrors.create('BSK_BILLING_GENERATION_NOT_FOUND', { requestId })),

    async usage(query) {
      await requireOrg(query.orgId);
      const month = periodWindow('monthly', now());
      const from = query.from === undefined ? month.start : parseInstant('from', query.from);
      const to = query.to === undefined ? month.resetsAt : parseInstant('to', query.to);
      // The bound the client sent is at fault; with both sent, `from` is named.
      if (from > to) throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', query.from === undefined ? { param: 'to', reason: `must not be earlier than from (${from})` } : { param: 'from', reason: `must not be later than to (${to})` });
      const rows = await store.aggregateUsage({ orgId: query.orgId, from, to, ...(query.keyIds ? { keyIds: query.keyIds } : {}) });
      return { from, to, requests: rows.reduce((sum, row) => sum + row.requests, 0), totalCredits: rows.reduce((sum, row) => sum + row.credits, 0), rows };
    },

    async invoice(orgId, month) {
      const range = monthRange(month);
      if (!range) throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param: 'month', reason: 'must be YYYY-MM' });
      await requireOrg(orgId);
      const invoice = { month, org_id: orgId, total_credits: 0, by_model: {} as Record<string, number>, by_member: {} as Record<string, number>, by_key: {} as Record<string, number> };
      for (const row of await store.aggregateUsage({ orgId, ...range })) {
        invoice.total_credits += row.credits;
        addTo(invoice.by_model, row.model, row.credits);
        addTo(invoice.by_member, row.memberId, row.credits);
        addTo(invoice.by_key, row.keyId, row.credits);
      }
      return invoice;
    },
  };
}
