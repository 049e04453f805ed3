import type { FastifyInstance } from 'fastify';
import { billingErrors } from '../../billing/errors';
import { periodWindow } from '../../billing/time-windows';
import { formatInvoiceCsv } from '../admin/invoice-csv';
import { parseInput } from '../admin/request-body';
import { generationJson, usageJson } from '../admin/wire-format';
import type { ConsoleSession } from './console-identity';
import { consoleSchemas } from './console-schemas';
import type { ConsoleServices } from './console-services';
import { adminSessionForOrg, isAdmin, sessionForOrg } from './org-access';
import { formatRequestLogCsv } from './request-log-csv';

interface RequestQuery {
  readonly from?: string;
  readonly to?: string;
  readonly model?: string;
  readonly key_id?: string;
  readonly outcome?: 'ok' | 'error';
  readonly limit?: string;
  readonly format?: 'json' | 'csv';
}

function instant(param: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param, reason: 'must be an ISO-8601 date or date-time' });
  return new Date(time).toISOString();
}

/** Usage charts' data, the request log (JSON or CSV), and the month's invoice (JSON or CSV). */
export function registerUsageRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { billing, store, accounts, now } = services;
  /** Members see their own keys' traffic; owners and admins the org's. */
  const ownKeyIds = async (session: ConsoleSession) => (isAdmin(session) ? undefined : (await accounts.listKeys({ orgId: session.org.id, memberId: session.member.id })).map((key) => key.id));

  scope.get('/orgs/:orgId/usage', async (request) => {
    const session = sessionForOrg(request);
    const query = parseInput<{ from?: string; to?: string }>(consoleSchemas.usageQuery, request.query);
    const keyIds = await ownKeyIds(session);
    return usageJson(await billing.usage({ orgId: session.org.id, ...query, ...(keyIds ? { keyIds } : {}) }));
  });

  scope.get('/orgs/:orgId/requests', async (request, reply) => {
    const session = sessionForOrg(request);
    const query = parseInput<RequestQuery>(consoleSchemas.requestQuery, request.query);
    const month = periodWindow('monthly', now());
    const own = await ownKeyIds(session);
    const keyIds = query.key_id ? (own && !own.includes(query.key_id) ? [] : [query.key_id]) : own;
    const rows = await store.listRequestLogs({
      orgId: session.org.id, from: instant('from', query.from, month.start), to: instant('to', query.to, month.resetsAt), limit: Number(query.limit ?? 500),
      ...(keyIds ? { keyIds } : {}), ...(query.model ? { model: query.model } : {}), ...(query.outcome ? { outcome: query.outcome } : {}),
    });
    if (query.format !== 'csv') return { data: rows.map((row) => generationJson(row).data) };
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="requests-${session.org.id}.csv"`).send(formatRequestLogCsv(rows));
  });

  scope.get('/orgs/:orgId/invoice', async (request, reply) => {
    const session = adminSessionForOrg(request);
    const { month, format } = parseInput<{ month: string; format?: 'json' | 'csv' }>(consoleSchemas.invoiceQuery, request.query);
    const invoice = await billing.invoice(session.org.id, month);
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="invoice-${invoice.org_id}-${month}.csv"`).send(formatInvoiceCsv(invoice));
    }
    const members = await store.listMembers(session.org.id);
    const keys = await accounts.listKeys({ orgId: session.org.id });
    return {
      ...invoice, org_name: session.org.name,
      member_emails: Object.fromEntries(members.map((member) => [member.id, member.email])),
      key_names: Object.fromEntries(keys.map((key) => [key.id, `${key.name} (${key.prefix}…)`])),
    };
  });
}
