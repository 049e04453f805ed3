import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BillingFixture, createBillingFixture } from '../../billing/billing-test-fixture';
import { createRedemptionCodes, type RedemptionCodes } from './redemption-codes';

let fixture: BillingFixture;
let codes: RedemptionCodes;

beforeEach(async () => {
  fixture = await createBillingFixture();
  codes = createRedemptionCodes(fixture.store, fixture.billing, () => fixture.clock.now);
});
afterEach(() => fixture.dispose());

describe('redemption codes', () => {
  it('credit exactly one of two orgs racing for the same code, through the ledger', async () => {
    const [first, second] = await Promise.all([fixture.accounts.createOrg({ name: 'One' }), fixture.accounts.createOrg({ name: 'Two' })]);
    const code = await codes.create(7_000_000, 'promo');
    const outcomes = await Promise.allSettled([codes.redeem(first!.id, code), codes.redeem(second!.id, code)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const balances = [(await fixture.billing.wallet(first!.id)).balance, (await fixture.billing.wallet(second!.id)).balance];
    const winner = balances[0] === 7_000_000 ? first! : second!;
    expect([...balances].sort()).toEqual([0, 7_000_000]);
    expect((await fixture.store.listLedger(winner.id)).map((entry) => [entry.kind, entry.amount, entry.note])).toEqual([['top-up', 7_000_000, 'redemption code: promo']]);
  });

  it('refuse unknown codes and store only a digest of each code', async () => {
    const org = await fixture.accounts.createOrg({ name: 'One' });
    const code = await codes.create(1_000);
    await expect(codes.redeem(org.id, `${code}x`)).rejects.toMatchObject({ code: 'BSK_CONSOLE_CODE_INVALID', status: 404 });
    expect(await fixture.store.claimRedemptionCode(code, org.id, fixture.clock.now.toISOString())).toBeNull();
    await expect(codes.create(0)).rejects.toMatchObject({ code: 'BSK_BILLING_INVALID_AMOUNT' });
  });
});
