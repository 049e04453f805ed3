import type { ModelPricing } from '../../kernel/canonical/model';
import { type BillableUsage, countOf } from '../../kernel/canonical/usage';
import { pricingInEffect } from '../../kernel/canonical/price-changes';
import { isPeak } from './peak-hours';

/**
 * Usage → credits (1 credit = 1 micro-USD). Token prices are per million tokens, so the
 * token part is summed exactly in micro-credits and rounded up once; per-unit prices
 * (images, video seconds, searches) are whole credits. All integer arithmetic.
 */
const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * The model's prices at `at`: those of its price changes in effect then (ModelPricing.priceChanges),
 * and its off-peak ones (where it has them) outside peak hours. No `at` is the listed (peak) prices.
 */
function pricesAt(listed: ModelPricing, at: Date | undefined): ModelPricing {
  const pricing = pricingInEffect(listed, at);
  const offPeak = pricing.offPeak;
  if (!offPeak || at === undefined || isPeak(offPeak.peak, at)) return pricing;
  return {
    ...pricing,
    inputPerMTok: offPeak.inputPerMTok ?? pricing.inputPerMTok,
    outputPerMTok: offPeak.outputPerMTok ?? pricing.outputPerMTok,
    cachedInputPerMTok: offPeak.cachedInputPerMTok ?? pricing.cachedInputPerMTok,
    cacheWritePerMTok: offPeak.cacheWritePerMTok ?? pricing.cacheWritePerMTok,
    cacheWrite1hPerMTok: offPeak.cacheWrite1hPerMTok ?? pricing.cacheWrite1hPerMTok,
  };
}

/** The token prices a prompt of `inputTokens` is billed at: the long-context ones past their threshold. */
function tokenPrices(pricing: ModelPricing, inputTokens: number): Omit<ModelPricing, 'longContext'> {
  const long = pricing.longContext;
  if (!long || inputTokens <= long.aboveInputTokens) return pricing;
  return {
    inputPerMTok: long.inputPerMTok ?? pricing.inputPerMTok,
    outputPerMTok: long.outputPerMTok ?? pricing.outputPerMTok,
    cachedInputPerMTok: long.cachedInputPerMTok ?? pricing.cachedInputPerMTok,
    cacheWritePerMTok: long.cacheWritePerMTok ?? pricing.cacheWritePerMTok,
    cacheWrite1hPerMTok: long.cacheWrite1hPerMTok ?? pricing.cacheWrite1hPerMTok,
  };
}

function tokenMicroCredits(base: ModelPricing, usage: BillableUsage): number {
  const input = countOf(usage.inputTokens);
  const pricing = tokenPrices(base, input);
  const cached = Math.min(countOf(usage.cachedInputTokens), input);
  const cacheWrite = Math.min(countOf(usage.cacheWriteTokens), input - cached);
  const cacheWrite1h = Math.min(countOf(usage.cacheWrite1hTokens), cacheWrite);
  // `inputTokens` includes cache reads and writes, and a prompt's image tokens (see kernel/canonical/usage.ts).
  const uncached = input - cached - cacheWrite;
  const imageInput = Math.min(countOf(usage.imageInputTokens), uncached);
  const inputPrice = pricing.inputPerMTok ?? 0;
  const cacheWritePrice = pricing.cacheWritePerMTok ?? inputPrice;
  return (
    (uncached - imageInput) * inputPrice +
    imageInput * (base.imageInputPerMTok ?? inputPrice) +
    cached * (pricing.cachedInputPerMTok ?? inputPrice) +
    (cacheWrite - cacheWrite1h) * cacheWritePrice +
    cacheWrite1h * (pricing.cacheWrite1hPerMTok ?? cacheWritePrice) +
    countOf(usage.outputTokens) * (pricing.outputPerMTok ?? 0)
  );
}

/**
 * Per-unit charges. A model priced by tokens (GPT image models) bills the images it made by their
 * output tokens when the upstream counts them; its per-image price is then only the estimate.
 */
function unitCredits(pricing: ModelPricing, units: { images?: number; videoSeconds?: number; searches?: number; outputTokens?: number }): number {
  const perImage = pricing.outputPerMTok !== undefined && countOf(units.outputTokens) > 0 ? 0 : pricing.perImage ?? 0;
  return countOf(units.images) * perImage + Math.ceil(countOfFraction(units.videoSeconds)) * (pricing.perVideoSecond ?? 0) + countOf(units.searches) * (pricing.perSearch ?? 0);
}

/** Video lengths can be fractional (4.2 s bills 5 s); other counts are whole. */
function countOfFraction(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The credits a request costs: ceil(token micro-credits / 1e6) + per-unit charges, at the prices
 * of `at`, the moment the request was admitted (see ModelPricing.offPeak and priceChanges).
 */
export function computeCredits(listed: ModelPricing, usage: BillableUsage, at?: Date): number {
  const pricing = pricesAt(listed, at);
  return Math.ceil(tokenMicroCredits(pricing, usage) / TOKENS_PER_PRICE_UNIT) + unitCredits(pricing, usage);
}

export interface CostBounds {
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
  readonly images?: number;
  readonly videoSeconds?: number;
  readonly searches?: number;
}

/**
 * The most a request can cost, for the reservation: every input token at the dearest input
 * rate (cache writes, the one-hour ones most, and a prompt's image tokens cost more than plain
 * input) and every allowed output token, at the long-context prices when the prompt is past
 * their threshold, and at the prices of `at` (the bill's moment, so the hold covers the bill).
 * The images of a model that bills them by output tokens (GPT image models)
 * are held at the dearer of those tokens and the per-image price, which is the bill when the
 * upstream counts none: neither is always the larger (gpt-image-1 medium 1024x1024 is 1,056
 * tokens, 42,240 credits, over its 42,000 list price; high is 166,400, under 167,000).
 */
export function estimateMaxCredits(listed: ModelPricing, bounds: CostBounds, at?: Date): number {
  const base = pricesAt(listed, at);
  const pricing = tokenPrices(base, countOf(bounds.inputTokens));
  const inputPrice = Math.max(pricing.inputPerMTok ?? 0, pricing.cacheWritePerMTok ?? 0, pricing.cacheWrite1hPerMTok ?? 0, pricing.cachedInputPerMTok ?? 0, base.imageInputPerMTok ?? 0);
  const tokens = countOf(bounds.inputTokens) * inputPrice + countOf(bounds.maxOutputTokens) * (pricing.outputPerMTok ?? 0);
  const held = Math.ceil(tokens / TOKENS_PER_PRICE_UNIT) + unitCredits(base, bounds);
  if (base.outputTokensPerImage === undefined || pricing.outputPerMTok === undefined) return held;
  const imageOutput = countOf(bounds.images) * base.outputTokensPerImage * pricing.outputPerMTok;
  return Math.max(held, Math.ceil((tokens + imageOutput) / TOKENS_PER_PRICE_UNIT) + unitCredits(base, { ...bounds, images: 0 }));
}

/**
 * The most tokens a request can use, which a tokens-per-minute limit holds while it runs (as
 * estimateMaxCredits holds credits): its input, its output allowance, and the output tokens of
 * the images it asks for on a model that bills images by them (GPT image models:
 * `outputTokensPerImage`, which priceForShape sets for the quality and size asked).
 */
export function estimateMaxTokens(pricing: ModelPricing, bounds: CostBounds): number {
  return countOf(bounds.inputTokens) + countOf(bounds.maxOutputTokens) + countOf(bounds.images) * (pricing.outputTokensPerImage ?? 0);
}

/** What an image or video request asks for that its price depends on; `auto` leaves it to the upstream. */
export interface MediaShape {
  readonly quality?: string;
  readonly size?: string;
}

const AUTO = 'auto';

/** The table's values for `key`: all of them for `auto`, none for a key it does not list. */
function pricesFor<Value>(table: Readonly<Record<string, Value>>, key: string | undefined): Value[] {
  if (key === undefined || key === AUTO) return Object.values(table);
  return key in table ? [table[key]!] : [];
}

/**
 * The model's prices for one request: the per-image and per-second prices (and an image's output
 * tokens) of the quality and size it asks for, from the catalog's tables. An `auto` (or absent)
 * quality or size costs the dearest it could become, which is what a hold must cover; settle
 * with what the upstream made.
 */
export function priceForShape(pricing: ModelPricing, shape: MediaShape): ModelPricing {
  const imagePrices = imageValuesFor(pricing.perImageByQuality, shape);
  const imageTokens = imageValuesFor(pricing.outputTokensPerImageByQuality, shape);
  const bySize = pricing.perVideoSecondBySize;
  const secondPrices = bySize ? pricesFor(bySize, shape.size) : [];
  return {
    ...pricing,
    ...(imagePrices.length > 0 ? { perImage: Math.max(...imagePrices) } : {}),
    ...(imageTokens.length > 0 ? { outputTokensPerImage: Math.max(...imageTokens) } : {}),
    ...(secondPrices.length > 0 ? { perVideoSecond: Math.max(...secondPrices) } : {}),
  };
}

/** A quality-then-size table's values for the shape asked: every one an `auto` could become. */
function imageValuesFor(byQuality: ModelPricing['perImageByQuality'], shape: MediaShape): number[] {
  return byQuality ? pricesFor(byQuality, shape.quality).flatMap((sizes) => pricesFor(sizes, shape.size)) : [];
}
