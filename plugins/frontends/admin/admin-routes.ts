import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../../kernel/logger';
import type { AccountsService } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import type { FlagSettings } from '../../features/flags/flag-policy';
import type { FlagSettingsService } from '../../features/flags/flag-settings';
import { createAdminTokenCheck } from './admin-token';
import { blameParameter } from './blame-parameter';
import { adminErrors } from './errors';
import { formatInvoiceCsv } from './invoice-csv';
import { type KeyBody, parseInput, type QuotaBody, schemas } from './request-body';
import { sendAdminError } from './wire-error';
import { flagSettingsJson, keyJson, keyOptionsFromJson, memberJson, orgJson, quotaFromJson, usageJson, walletJson } from './wire-format';

export interface AdminRouteDependencies {
  readonly accounts: AccountsService;
  readonly billing: BillingService;
  readonly adminToken: string;
  readonly logger: Logger;
  /** Absent when the feature-flags plugin is not loaded: the flag routes are not offered. */
  readonly flags?: FlagSettingsService | undefined;
}

type Params = Record<string, string>;

/** `GET`/`PUT /orgs/{org}/flags` and `/keys/{id}/flags`: PUT replaces the settings with the body. */
function registerFlagRoutes(scope: FastifyInstance, flags: FlagSettingsService): void {
  scope.get('/orgs/:org/flags', async (request) => {
    const orgId = (request.params as Params).org!;
    return flagSettingsJson({ org_id: orgId }, await flags.orgSettings(orgId));
  });
  scope.put('/orgs/:org/flags', async (request) => {
    const orgId = (request.params as Params).org!;
    return flagSettingsJson({ org_id: orgId }, await flags.setOrgSettings(orgId, parseInput<FlagSettings>(schemas.flagSettings, request.body)));
  });
  scope.get('/keys/:id/flags', async (request) => {
    const keyId = (request.params as Params).id!;
    return flagSettingsJson({ key_id: keyId }, await flags.keySettings(keyId));
  });
  scope.put('/keys/:id/flags', async (request) => {
    const keyId = (request.params as Params).id!;
    return flagSettingsJson({ key_id: keyId }, await flags.setKeySettings(keyId, parseInput<FlagSettings>(schemas.flagSettings, request.body)));
  });
}

/** `/admin/v1/…`: every route behind the admin bearer token, in its own Fastify scope. */
export function registerAdminRoutes(app: FastifyInstance, dependencies: AdminRouteDependencies): void {
  const { accounts, billing, logger } = dependencies;
  const tokenMatches = createAdminTokenCheck(dependencies.adminToken);
  app.register(
    async (scope) => {
      scope.setErrorHandler((error, _request, reply) => sendAdminError(reply, error, logger));
      scope.addHook('onRequest', async (request) => {
        if (!tokenMatches(request.headers.authorization)) throw adminErrors.create('BSK_ADMIN_TOKEN_INVALID');
      });

      scope.post('/orgs', async (request, reply) => reply.code(201).send(orgJson(await accounts.createOrg(parseInput(schemas.createOrg, request.body)))));
      scope.post('/orgs/:org/credits', async (request) => {
        const body = parseInput<{ amount: number; note?: string }>(schemas.addCredits, request.body);
        return walletJson(await billing.topUp((request.params as Params).org!, body.amount, body.note));
      });
      scope.get('/orgs/:org/wallet', async (request) => walletJson(await billing.wallet((request.params as Params).org!)));
      scope.patch('/orgs/:org/limits', async (request) => walletJson(await billing.setLimits((request.params as Params).org!, parseInput(schemas.setLimits, request.body))));
      scope.post('/orgs/:org/members', async (request, reply) => {
        const body = parseInput<{ email: string; role: 'owner' | 'admin' | 'member'; quota?: QuotaBody }>(schemas.addMember, request.body);
        const member = await accounts.addMember((request.params as Params).org!, { email: body.email, role: body.role, quota: quotaFromJson(body.quota ?? {}) });
        return reply.code(201).send(memberJson(member));
      });
      scope.patch('/members/:member', async (request) => {
        const body = parseInput<{ quota: QuotaBody }>(schemas.updateMember, request.body);
        return memberJson(await accounts.updateQuota((request.params as Params).member!, quotaFromJson(body.quota)));
      });
      scope.post('/members/:member/keys', async (request, reply) => {
        const created = await accounts.createKey((request.params as Params).member!, keyOptionsFromJson(parseInput<KeyBody>(schemas.createKey, request.body)));
        return reply.code(201).header('cache-control', 'no-store').send(keyJson(created));
      });
      scope.delete('/keys/:id', async (request) => blameParameter('id', accounts.revokeKey((request.params as Params).id!)));
      if (dependencies.flags) registerFlagRoutes(scope, dependencies.flags);
      scope.get('/orgs/:org/usage', async (request) => {
        const query = parseInput<{ from?: string; to?: string }>(schemas.usageQuery, request.query);
        return usageJson(await billing.usage({ orgId: (request.params as Params).org!, ...query }));
      });
      scope.get('/orgs/:org/invoice', async (request, reply) => {
        const { month } = parseInput<{ month: string }>(schemas.invoiceQuery, request.query);
        const invoice = await billing.invoice((request.params as Params).org!, month);
        if (!request.headers.accept?.includes('text/csv')) return invoice;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="invoice-${invoice.org_id}-${month}.csv"`).send(formatInvoiceCsv(invoice));
      });
    },
    { prefix: '/admin/v1' },
  );
}
