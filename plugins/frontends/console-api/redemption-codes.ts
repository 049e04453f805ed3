import { assertCredits } from '../../billing/credit-amount';
import type { BillingService, Wallet } from '../../billing/billing-service';
import type { Store } from '../../stores/store';
import { consoleErrors } from './errors';
import { digestToken, newSecretToken } from './secret-token';

/** Prepaid credit codes: the operator mints them (`bytespike console-codes`), an org redeems one once. */
export interface RedemptionCodes {
  create(credits: number, note?: string): Promise<string>;
  redeem(orgId: string, code: string): Promise<Wallet>;
}

export function createRedemptionCodes(store: Store, billing: BillingService, now: () => Date = () => new Date()): RedemptionCodes {
  return {
    async create(credits, note) {
      const code = newSecretToken('bsr_');
      await store.insertRedemptionCode({ codeHash: digestToken(code), credits: assertCredits('credits', credits, 1), note: note ?? null, createdAt: now().toISOString(), redeemedAt: null, redeemedBy: null });
      return code;
    },
    async redeem(orgId, code) {
      // The claim is one conditional UPDATE: two orgs racing for one code cannot both win it.
      const claimed = typeof code === 'string' ? await store.claimRedemptionCode(digestToken(code.trim()), orgId, now().toISOString()) : null;
      if (!claimed) throw consoleErrors.create('BSK_CONSOLE_CODE_INVALID');
      return billing.topUp(orgId, claimed.credits, `redemption code${claimed.note ? `: ${claimed.note}` : ''}`);
    },
  };
}
