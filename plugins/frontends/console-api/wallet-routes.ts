import type { FastifyInstance } from 'fastify';
import { assertOptionalCredits } from '../../billing/credit-amount';
import type { Wallet } from '../../billing/billing-service';
import { parseInput } from '../admin/request-body';
import { walletJson } from '../admin/wire-format';
import { consoleSchemas } from './console-schemas';
import type { ConsoleServices } from './console-services';
import { adminSessionForOrg, sessionForOrg } from './org-access';

/** Wallet page: balance and reserved, top-up by redemption code, spend limits, the low-balance alert. */
export function registerWalletRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { billing, store, codes, logger } = services;
  const walletView = async (wallet: Wallet) => {
    const threshold = await store.getLowBalanceThreshold(wallet.orgId);
    return { ...walletJson(wallet), low_balance_threshold: threshold, low_balance: threshold !== null && wallet.balance < threshold };
  };

  scope.get('/orgs/:orgId/wallet', async (request) => walletView(await billing.wallet(sessionForOrg(request).org.id)));
  scope.post('/orgs/:orgId/wallet/redeem', async (request) => {
    const session = adminSessionForOrg(request);
    const { code } = parseInput<{ code: string }>(consoleSchemas.redeem, request.body);
    const wallet = await codes.redeem(session.org.id, code);
    logger.info({ orgId: session.org.id, memberId: session.member.id }, 'redemption code redeemed');
    return walletView(wallet);
  });
  scope.patch('/orgs/:orgId/wallet/limits', async (request) => {
    const session = adminSessionForOrg(request);
    return walletView(await billing.setLimits(session.org.id, parseInput(consoleSchemas.limits, request.body)));
  });
  scope.patch('/orgs/:orgId/wallet/alert', async (request) => {
    const session = adminSessionForOrg(request);
    const { threshold } = parseInput<{ threshold: number | null }>(consoleSchemas.alert, request.body);
    await store.setLowBalanceThreshold(session.org.id, assertOptionalCredits('threshold', threshold));
    return walletView(await billing.wallet(session.org.id));
  });
}
