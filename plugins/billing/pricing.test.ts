import { describe, expect, it } from 'vitest';
import { computeCredits, estimateMaxCredits, estimateMaxTokens, priceForShape } from './pricing';

const sonnet = { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000, cachedInputPerMTok: 300_000, cacheWritePerMTok: 3_750_000 };

describe('computeCredits', () => {
  it('bills tokens per million, rounding the sum up once', () => {
    expect(computeCredits(sonnet, { inputTokens: 1000, outputTokens: 500 })).toBe(3000 + 7500);
    expect(computeCredits(sonnet, { inputTokens: 1, outputTokens: 0 })).toBe(3);
    expect(computeCredits({ inputPerMTok: 1 }, { inputTokens: 1 })).toBe(1);
    expect(computeCredits({ inputPerMTok: 1 }, { inputTokens: 0 })).toBe(0);
  });

  it('bills cache reads and writes at their own rates, out of inputTokens', () => {
    // 1000 input of which 600 cache reads and 200 cache writes: 200 plain.
    const credits = computeCredits(sonnet, { inputTokens: 1000, cachedInputTokens: 600, cacheWriteTokens: 200 });
    expect(credits).toBe(Math.ceil((200 * 3_000_000 + 600 * 300_000 + 200 * 3_750_000) / 1e6));
  });

  it('bills one-hour cache writes, a part of the cache writes, at their own rate', () => {
    const withHour = { ...sonnet, cacheWrite1hPerMTok: 6_000_000 };
    // 1000 input: 200 cache writes, 150 of them to the one-hour cache; 800 plain.
    expect(computeCredits(withHour, { inputTokens: 1000, cacheWriteTokens: 200, cacheWrite1hTokens: 150 })).toBe(Math.ceil((800 * 3_000_000 + 50 * 3_750_000 + 150 * 6_000_000) / 1e6));
    // No one-hour price: they cost what other writes do. More one-hour writes than writes: capped at the writes.
    expect(computeCredits(sonnet, { inputTokens: 1000, cacheWriteTokens: 200, cacheWrite1hTokens: 150 })).toBe(computeCredits(sonnet, { inputTokens: 1000, cacheWriteTokens: 200 }));
    expect(computeCredits(withHour, { inputTokens: 1000, cacheWriteTokens: 200, cacheWrite1hTokens: 900 })).toBe(computeCredits(withHour, { inputTokens: 1000, cacheWriteTokens: 200, cacheWrite1hTokens: 200 }));
    expect(estimateMaxCredits(withHour, { inputTokens: 1000, maxOutputTokens: 0 })).toBe(6000);
  });

  it('falls back to the input rate for cache rates that are absent', () => {
    expect(computeCredits({ inputPerMTok: 2_000_000 }, { inputTokens: 1000, cachedInputTokens: 1000 })).toBe(2000);
  });

  it('bills a prompt\'s image tokens, a part of inputTokens, at their own rate (GPT image models)', () => {
    // gpt-image-1: text input $5/MTok, image input $10/MTok, image output $40/MTok.
    const gptImage = { inputPerMTok: 5_000_000, imageInputPerMTok: 10_000_000, outputPerMTok: 40_000_000 };
    expect(computeCredits(gptImage, { inputTokens: 20 + 323, imageInputTokens: 323, outputTokens: 1056 })).toBe(Math.ceil((20 * 5_000_000 + 323 * 10_000_000 + 1056 * 40_000_000) / 1e6));
    // More image tokens than input: capped at the input. No image price: they cost what text does.
    expect(computeCredits(gptImage, { inputTokens: 100, imageInputTokens: 900 })).toBe(1000);
    expect(computeCredits({ inputPerMTok: 5_000_000 }, { inputTokens: 100, imageInputTokens: 100 })).toBe(500);
    expect(estimateMaxCredits(gptImage, { inputTokens: 100, maxOutputTokens: 0 })).toBe(1000);
  });

  it('bills the images of a model priced by tokens by their output tokens when counted, by its per-image price when not', () => {
    const gptImage = { inputPerMTok: 5_000_000, outputPerMTok: 40_000_000, perImage: 42_000 };
    expect(computeCredits(gptImage, { images: 2, inputTokens: 10, outputTokens: 2 * 1056 })).toBe(Math.ceil((10 * 5_000_000 + 2 * 1056 * 40_000_000) / 1e6));
    expect(computeCredits(gptImage, { images: 2, inputTokens: 10 })).toBe(50 + 2 * 42_000);
    expect(estimateMaxCredits(gptImage, { inputTokens: 10, maxOutputTokens: 0, images: 2 })).toBe(50 + 2 * 42_000);
    // A model priced per image alone bills per image whatever tokens are counted.
    expect(computeCredits({ perImage: 40_000 }, { images: 2, outputTokens: 500 })).toBe(80_000);
  });

  it('holds the images of a model priced by tokens at the dearer of their output tokens and their per-image price', () => {
    // gpt-image-1 medium 1024x1024: 1,056 output tokens at $40/MTok ($0.04224) over its $0.042 list price; high: 4,160 ($0.1664) under $0.167.
    const medium = { inputPerMTok: 5_000_000, imageInputPerMTok: 10_000_000, outputPerMTok: 40_000_000, perImage: 42_000, outputTokensPerImage: 1056 };
    const bounds = { inputTokens: 10, maxOutputTokens: 0, images: 2 };
    expect(estimateMaxCredits(medium, bounds)).toBe(100 + 2 * 42_240);
    expect(computeCredits(medium, { images: 2, inputTokens: 10, outputTokens: 2 * 1056 })).toBeLessThanOrEqual(estimateMaxCredits(medium, bounds));
    const high = { ...medium, perImage: 167_000, outputTokensPerImage: 4160 };
    expect(estimateMaxCredits(high, bounds)).toBe(100 + 2 * 167_000);
    // The upstream reporting no tokens bills the per-image price: the hold covers that too.
    expect(computeCredits(high, { images: 2, inputTokens: 10 })).toBeLessThanOrEqual(estimateMaxCredits(high, bounds));
    // Output tokens only count on a model with an output price.
    expect(estimateMaxCredits({ perImage: 40_000, outputTokensPerImage: 4160 }, bounds)).toBe(2 * 40_000);
  });

  it('counts, for tokens-per-minute limits, the prompt, the output allowance and the output tokens of the images asked', () => {
    expect(estimateMaxTokens({ inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 }, { inputTokens: 120, maxOutputTokens: 1000 })).toBe(1120);
    // gpt-image-1 high 1024x1024: 4,160 output tokens an image.
    const high = priceForShape({ outputPerMTok: 40_000_000, outputTokensPerImageByQuality: { low: { '1024x1024': 272 }, high: { '1024x1024': 4160 } } }, { quality: 'high', size: '1024x1024' });
    expect(estimateMaxTokens(high, { inputTokens: 10 + 323, maxOutputTokens: 0, images: 2 })).toBe(333 + 2 * 4160);
    // A model priced per image (DALL·E, Imagen) counts no output tokens: only its prompt.
    expect(estimateMaxTokens({ perImage: 40_000 }, { inputTokens: 10, maxOutputTokens: 0, images: 2 })).toBe(10);
    expect(estimateMaxTokens({ perSearch: 2_000 }, { inputTokens: Number.NaN, maxOutputTokens: -5, searches: 3 })).toBe(0);
  });

  it('adds per-unit charges and ignores nonsense counts', () => {
    expect(computeCredits({ perImage: 40_000 }, { images: 3 })).toBe(120_000);
    expect(computeCredits({ perVideoSecond: 100_000 }, { videoSeconds: 4.2 })).toBe(500_000);
    expect(computeCredits({ perSearch: 2_000 }, { searches: 5 })).toBe(10_000);
    expect(computeCredits(sonnet, { inputTokens: -5, outputTokens: Number.NaN })).toBe(0);
  });
});

describe('estimateMaxCredits', () => {
  it('prices all input at the dearest input rate and every allowed output token', () => {
    expect(estimateMaxCredits(sonnet, { inputTokens: 1000, maxOutputTokens: 1000 })).toBe(3750 + 15_000);
  });

  it('is never below the real cost of any usage within the bounds', () => {
    const bounds = { inputTokens: 1234, maxOutputTokens: 567 };
    const maximum = estimateMaxCredits(sonnet, bounds);
    for (const cachedInputTokens of [0, 600, 1234]) {
      expect(computeCredits(sonnet, { inputTokens: 1234, outputTokens: 567, cachedInputTokens })).toBeLessThanOrEqual(maximum);
      expect(computeCredits(sonnet, { inputTokens: 1234, outputTokens: 567, cacheWriteTokens: 1234 - cachedInputTokens })).toBeLessThanOrEqual(maximum);
    }
  });
});

describe('long-context prices', () => {
  // Gemini 2.5 Pro: $1.25 / $10 up to a 200k-token prompt, $2.50 / $15 past it, for the whole request.
  const pro = { inputPerMTok: 1_250_000, outputPerMTok: 10_000_000, cachedInputPerMTok: 125_000, longContext: { aboveInputTokens: 200_000, inputPerMTok: 2_500_000, outputPerMTok: 15_000_000, cachedInputPerMTok: 250_000 } };

  it('bill a prompt up to the threshold at the base prices and a longer one wholly at the long ones', () => {
    expect(computeCredits(pro, { inputTokens: 200_000, outputTokens: 1000 })).toBe(250_000 + 10_000);
    expect(computeCredits(pro, { inputTokens: 200_001, outputTokens: 1000 })).toBe(Math.ceil((200_001 * 2_500_000 + 1000 * 15_000_000) / 1e6));
  });

  it('count cache reads toward the threshold and bill them at the long cache price', () => {
    const credits = computeCredits(pro, { inputTokens: 300_000, cachedInputTokens: 250_000, outputTokens: 0 });
    expect(credits).toBe((50_000 * 2_500_000 + 250_000 * 250_000) / 1e6);
  });

  it('keep the base price of a rate the tier does not name', () => {
    const partial = { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000, longContext: { aboveInputTokens: 10, inputPerMTok: 3_000_000 } };
    expect(computeCredits(partial, { inputTokens: 11, outputTokens: 1_000_000 })).toBe(33 + 2_000_000);
  });

  it('are what the hold reserves for a long prompt, so the hold covers the bill', () => {
    expect(estimateMaxCredits(pro, { inputTokens: 200_000, maxOutputTokens: 1000 })).toBe(250_000 + 10_000);
    const long = { inputTokens: 400_000, maxOutputTokens: 1000 };
    const hold = estimateMaxCredits(pro, long);
    expect(hold).toBe(1_000_000 + 15_000);
    expect(computeCredits(pro, { inputTokens: 400_000, outputTokens: 1000 })).toBeLessThanOrEqual(hold);
  });
});

describe('priceForShape', () => {
  // OpenAI's list prices for DALL·E 3 per image.
  const dalle3 = { perImage: 40_000, perImageByQuality: { standard: { '1024x1024': 40_000, '1792x1024': 80_000 }, hd: { '1024x1024': 80_000, '1792x1024': 120_000 } } };
  // A video model dearer at its larger resolution, as a video provider's catalog may price one.
  const videoBySize = { perVideoSecond: 300_000, perVideoSecondBySize: { '1280x720': 300_000, '1792x1024': 500_000 } };

  it('prices an image by the quality and size asked for, and n multiplies', () => {
    const hd = priceForShape(dalle3, { quality: 'hd', size: '1792x1024' });
    expect(hd.perImage).toBe(120_000);
    expect(computeCredits(hd, { images: 2 })).toBe(240_000);
    expect(estimateMaxCredits(priceForShape(dalle3, { quality: 'standard', size: '1024x1024' }), { inputTokens: 0, maxOutputTokens: 0, images: 1 })).toBe(40_000);
  });

  it('holds an auto (or unknown) quality or size at the dearest it could become', () => {
    expect(priceForShape(dalle3, { quality: 'auto', size: '1024x1024' }).perImage).toBe(80_000);
    expect(priceForShape(dalle3, { quality: 'standard', size: 'auto' }).perImage).toBe(80_000);
    expect(priceForShape(dalle3, {}).perImage).toBe(120_000);
  });

  it('gives an image\'s output tokens by the quality and size asked, an auto one the most it could become', () => {
    // OpenAI's output tokens of a GPT Image 1 image (image generation guide, "Models prior to gpt-image-2").
    const gptImage = { outputPerMTok: 40_000_000, outputTokensPerImageByQuality: { low: { '1024x1024': 272, '1536x1024': 400, '1024x1536': 408 }, high: { '1024x1024': 4160, '1536x1024': 6208, '1024x1536': 6240 } } };
    expect(priceForShape(gptImage, { quality: 'low', size: '1536x1024' }).outputTokensPerImage).toBe(400);
    expect(priceForShape(gptImage, { quality: 'auto', size: '1024x1024' }).outputTokensPerImage).toBe(4160);
    expect(priceForShape(gptImage, { quality: 'low', size: 'auto' }).outputTokensPerImage).toBe(408);
    expect(priceForShape(gptImage, {}).outputTokensPerImage).toBe(6240);
    expect(priceForShape(gptImage, { quality: 'hd' })).not.toHaveProperty('outputTokensPerImage');
  });

  it('prices a video second by its size; a model without a table keeps its one price', () => {
    expect(priceForShape(videoBySize, { size: '1792x1024' }).perVideoSecond).toBe(500_000);
    expect(priceForShape(videoBySize, { size: '1280x720' }).perVideoSecond).toBe(300_000);
    expect(priceForShape({ perVideoSecond: 150_000 }, { size: '1280x720' })).toEqual({ perVideoSecond: 150_000 });
    expect(priceForShape({ perImage: 20_000 }, { quality: 'hd' })).toEqual({ perImage: 20_000 });
  });
});

describe('off-peak prices (DeepSeek: half price outside Beijing 9:00-12:00 and 14:00-18:00, Monday to Friday)', () => {
  const peak = { utcOffsetMinutes: 480, weekdays: [1, 2, 3, 4, 5], hours: [{ from: 9, until: 12 }, { from: 14, until: 18 }] };
  const flash = { inputPerMTok: 300_000, cachedInputPerMTok: 6_000, outputPerMTok: 1_200_000, offPeak: { inputPerMTok: 150_000, cachedInputPerMTok: 3_000, outputPerMTok: 600_000, peak } };
  const usage = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 };
  const atPeak = 600_000 * 0.3 + 400_000 * 0.006 + 100_000 * 1.2; // 302,400 credits
  const offPeak = atPeak / 2;
  // 2026-11-30 is a Monday: Beijing 09:00 is 01:00 UTC.
  const at = (iso: string) => new Date(iso);

  it('bills the listed (peak) prices inside the peak hours, and half outside them, to the minute of the boundary', () => {
    expect(computeCredits(flash, usage, at('2026-11-30T00:59:59.999Z'))).toBe(offPeak);
    expect(computeCredits(flash, usage, at('2026-11-30T01:00:00.000Z'))).toBe(atPeak);
    expect(computeCredits(flash, usage, at('2026-11-30T03:59:59.999Z'))).toBe(atPeak);
    expect(computeCredits(flash, usage, at('2026-11-30T04:00:00.000Z'))).toBe(offPeak); // Beijing's lunch hour
    expect(computeCredits(flash, usage, at('2026-11-30T06:00:00.000Z'))).toBe(atPeak);
    expect(computeCredits(flash, usage, at('2026-11-30T10:00:00.000Z'))).toBe(offPeak);
  });

  it('reads the weekday on Beijing\'s clock: the weekend is off-peak all day, Friday 09:00 Beijing peak, though still Thursday in UTC before it', () => {
    expect(computeCredits(flash, usage, at('2026-11-28T02:00:00.000Z'))).toBe(offPeak); // Saturday
    expect(computeCredits(flash, usage, at('2026-11-29T07:00:00.000Z'))).toBe(offPeak); // Sunday
    expect(computeCredits(flash, usage, at('2026-11-27T02:00:00.000Z'))).toBe(atPeak); // Friday
    expect(computeCredits(flash, usage, at('2026-11-26T17:00:00.000Z'))).toBe(offPeak); // Friday 01:00 Beijing
  });

  it('bills an operator-listed holiday (a Beijing date) off-peak all day, and without the list at the peak price', () => {
    const holidays = { ...flash, offPeak: { ...flash.offPeak, peak: { ...peak, offPeakDates: ['2026-10-01'] } } };
    expect(computeCredits(holidays, usage, at('2026-10-01T02:00:00.000Z'))).toBe(offPeak); // Thursday, National Day
    expect(computeCredits(flash, usage, at('2026-10-01T02:00:00.000Z'))).toBe(atPeak);
    expect(computeCredits(holidays, usage, at('2026-10-02T02:00:00.000Z'))).toBe(atPeak);
  });

  it('stays integer credits rounded up once, and bills the peak prices when no moment is given', () => {
    expect(computeCredits(flash, { inputTokens: 1, outputTokens: 1 }, at('2026-11-28T02:00:00.000Z'))).toBe(Math.ceil((150_000 + 600_000) / 1e6));
    expect(computeCredits(flash, usage)).toBe(atPeak);
  });

  it('holds at the prices of the same moment, so the hold covers the bill', () => {
    const bounds = { inputTokens: 1_000_000, maxOutputTokens: 100_000 };
    expect(estimateMaxCredits(flash, bounds, at('2026-11-30T02:00:00.000Z'))).toBe(300_000 + 120_000);
    expect(estimateMaxCredits(flash, bounds, at('2026-11-30T12:00:00.000Z'))).toBe(150_000 + 60_000);
    expect(estimateMaxCredits(flash, bounds)).toBe(300_000 + 120_000);
  });
});

describe('price changes on a known date (Gemini 3.8 Flash: $0.75 / $3.75 through 2026-12-31, $1.50 / $7.50 from 2027-01-01)', () => {
  const flash = { inputPerMTok: 750_000, outputPerMTok: 3_750_000, cachedInputPerMTok: 75_000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 }] };
  const usage = { inputTokens: 1_000_000, cachedInputTokens: 200_000, outputTokens: 100_000 };
  const at = (iso: string) => new Date(iso);

  it('bills the listed prices to the last millisecond of 2026-12-31 UTC, and the new ones from 00:00 UTC on 2027-01-01; a price the change does not give stays', () => {
    expect(computeCredits(flash, usage, at('2026-12-31T23:59:59.999Z'))).toBe(800_000 * 0.75 + 200_000 * 0.075 + 100_000 * 3.75);
    expect(computeCredits(flash, usage, at('2027-01-01T00:00:00.000Z'))).toBe(800_000 * 1.5 + 200_000 * 0.075 + 100_000 * 7.5);
    expect(computeCredits(flash, usage, at('2031-06-01T00:00:00.000Z'))).toBe(800_000 * 1.5 + 200_000 * 0.075 + 100_000 * 7.5);
    expect(computeCredits(flash, usage)).toBe(computeCredits(flash, usage, at('2026-12-31T23:59:59.999Z')));
  });

  it('holds at the prices of the same moment, so the hold covers the bill', () => {
    const bounds = { inputTokens: 1_000_000, maxOutputTokens: 100_000 };
    expect(estimateMaxCredits(flash, bounds, at('2026-12-31T23:59:59.999Z'))).toBe(750_000 + 375_000);
    expect(estimateMaxCredits(flash, bounds, at('2027-01-01T00:00:00.000Z'))).toBe(1_500_000 + 750_000);
  });

  it('applies each change in turn, and keeps long-context and off-peak prices as listed', () => {
    const stepped = { inputPerMTok: 100, outputPerMTok: 1000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 200 }, { from: '2027-03-01', outputPerMTok: 3000 }], longContext: { aboveInputTokens: 2_000_000, inputPerMTok: 900 } };
    const small = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(computeCredits(stepped, small, at('2027-02-28T23:59:59.999Z'))).toBe(200 + 1000);
    expect(computeCredits(stepped, small, at('2027-03-01T00:00:00.000Z'))).toBe(200 + 3000);
    expect(computeCredits(stepped, small, at('2026-06-01T00:00:00.000Z'))).toBe(100 + 1000);
    expect(computeCredits(stepped, { inputTokens: 3_000_000, outputTokens: 0 }, at('2027-03-01T00:00:00.000Z'))).toBe(2700);
  });
});
