import { describe, expect, it } from 'vitest';
import { priceChangesProblem, pricingInEffect, schedulePriceChanges } from './price-changes';

describe('priceChangesProblem', () => {
  it('takes real dates, oldest first, with prices in whole credits', () => {
    expect(priceChangesProblem([{ from: '2027-01-01', inputPerMTok: 1_500_000 }, { from: '2027-06-30', outputPerMTok: 0 }])).toBeUndefined();
  });

  it.each([
    [[{ from: '2027-02-30' }], '0.from: "2027-02-30" is not a date (YYYY-MM-DD)'],
    [[{ from: 'January 1, 2027' }], '0.from: "January 1, 2027" is not a date (YYYY-MM-DD)'],
    [[{ from: '2027-06-01' }, { from: '2027-01-01' }], '1.from: 2027-01-01 is not later than the change before it; list changes oldest first'],
    [[{ from: '2027-01-01' }, { from: '2027-01-01' }], '1.from: 2027-01-01 is not later than the change before it; list changes oldest first'],
    [[{ from: '2027-01-01', inputPerMTok: 1.5 }], '0.inputPerMTok: must be a whole number of credits, got 1.5'],
    [[{ from: '2027-01-01', cachedInputPerMTok: -1 }], '0.cachedInputPerMTok: must be a whole number of credits, got -1'],
  ])('refuses %j: %s', (changes, problem) => {
    expect(priceChangesProblem(changes)).toBe(problem);
  });
});

describe('schedulePriceChanges and pricingInEffect', () => {
  it('work out each period\'s prices once, and hand back that same object at every moment of the period', () => {
    const listed = { inputPerMTok: 750_000, outputPerMTok: 3_750_000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 }] };
    expect(schedulePriceChanges(listed)).toBeUndefined();
    const later = pricingInEffect(listed, new Date('2027-01-01T00:00:00.000Z'));
    expect(later).toMatchObject({ inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 });
    expect(pricingInEffect(listed, new Date('2028-01-01T00:00:00.000Z'))).toBe(later);
    expect(pricingInEffect(listed, new Date('2026-12-31T23:59:59.999Z'))).toBe(listed);
    expect(pricingInEffect(listed, undefined)).toBe(listed);
  });

  it('report a schedule out of order instead of pricing by it', () => {
    expect(schedulePriceChanges({ inputPerMTok: 1, priceChanges: [{ from: '2027-06-01' }, { from: '2027-01-01' }] })).toContain('not later than');
  });
});
