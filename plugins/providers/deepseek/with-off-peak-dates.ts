import type { ModelInfo } from '../../../kernel/canonical/model';

/**
 * The catalog with `dates` off-peak all day on every model that has off-peak prices. DeepSeek
 * bills Chinese public holidays off-peak, which no rule computes (the State Council sets them
 * each year, with make-up workdays), so the operator lists them; without the list a holiday
 * weekday bills at the peak price, the dearer, never less than DeepSeek charges.
 */
export function withOffPeakDates(catalog: readonly ModelInfo[], dates: readonly string[] | undefined): readonly ModelInfo[] {
  if (!dates?.length) return catalog;
  return catalog.map((model) => {
    const offPeak = model.pricing.offPeak;
    if (!offPeak) return model;
    return { ...model, pricing: { ...model.pricing, offPeak: { ...offPeak, peak: { ...offPeak.peak, offPeakDates: [...(offPeak.peak.offPeakDates ?? []), ...dates] } } } };
  });
}
