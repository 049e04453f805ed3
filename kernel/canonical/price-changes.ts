import type { ModelPricing, PriceChange } from './model';
import { parseIsoDate } from './model-lifecycle';

/** The prices a model bills from `fromMs` (epoch ms) until the next change. */
interface PricingPeriod {
  readonly fromMs: number;
  readonly pricing: ModelPricing;
}

const TOKEN_PRICES = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'cacheWritePerMTok', 'cacheWrite1hPerMTok'] as const;

/**
 * What is wrong with a model's price changes, as `<index>.<field>: reason`, or undefined: each
 * `from` a real date later than the one before (a schedule out of order would bill the wrong
 * prices without a sign), each price whole credits.
 */
export function priceChangesProblem(changes: readonly PriceChange[]): string | undefined {
  let previousMs = Number.NEGATIVE_INFINITY;
  for (const [index, change] of changes.entries()) {
    const fromMs = parseIsoDate(change.from);
    if (Number.isNaN(fromMs)) return `${index}.from: "${change.from}" is not a date (YYYY-MM-DD)`;
    if (fromMs <= previousMs) return `${index}.from: ${change.from} is not later than the change before it; list changes oldest first`;
    previousMs = fromMs;
    for (const name of TOKEN_PRICES) {
      const price = change[name];
      if (price !== undefined && !(Number.isSafeInteger(price) && price >= 0)) return `${index}.${name}: must be a whole number of credits, got ${price}`;
    }
  }
  return undefined;
}

/** The listed prices with each change applied in turn, newest period first (the order a lookup reads them). */
function buildPeriods(listed: ModelPricing, changes: readonly PriceChange[]): PricingPeriod[] {
  const periods: PricingPeriod[] = [];
  let pricing = listed;
  for (const change of changes) {
    const prices: Record<string, number> = {};
    for (const name of TOKEN_PRICES) if (change[name] !== undefined) prices[name] = change[name];
    pricing = { ...pricing, ...prices };
    periods.push({ fromMs: parseIsoDate(change.from), pricing });
  }
  return periods.reverse();
}

// Keyed by the catalog's pricing object, built once (at catalog load, see schedulePriceChanges):
// a request then only compares its admission moment with a date or two.
const periodsByPricing = new WeakMap<ModelPricing, readonly PricingPeriod[]>();

function periodsOf(listed: ModelPricing, changes: readonly PriceChange[]): readonly PricingPeriod[] {
  let periods = periodsByPricing.get(listed);
  if (!periods) {
    periods = buildPeriods(listed, changes);
    periodsByPricing.set(listed, periods);
  }
  return periods;
}

/**
 * Checks a catalog entry's price changes and works out its prices for each period, once, when the
 * catalog is loaded; the problem (see priceChangesProblem) when there is one.
 */
export function schedulePriceChanges(listed: ModelPricing): string | undefined {
  const changes = listed.priceChanges;
  if (!changes?.length) return undefined;
  const problem = priceChangesProblem(changes);
  if (problem === undefined) periodsOf(listed, changes);
  return problem;
}

/** The model's prices at `at`: the listed ones changed by every change from on or before it. No `at` is the listed prices. */
export function pricingInEffect(listed: ModelPricing, at: Date | undefined): ModelPricing {
  const changes = listed.priceChanges;
  if (!changes?.length || at === undefined) return listed;
  const atMs = at.getTime();
  for (const period of periodsOf(listed, changes)) if (period.fromMs <= atMs) return period.pricing;
  return listed;
}
