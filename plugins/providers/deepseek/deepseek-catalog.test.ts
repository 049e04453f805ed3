import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { activateProviderPlugin } from '../shared/provider-test-support';

/**
 * DeepSeek's catalog as of its pricing page (https://api-docs.deepseek.com/quick_start/pricing,
 * zh-cn likewise): deepseek-flash (DeepSeek-V4.1-Flash; the retired deepseek-v4-flash and
 * deepseek-v4-flash-vision-exp names served by it, at its price) and deepseek-v4-pro
 * (DeepSeek-V4-Pro-0813); 1M context, 384K output; vision on Flash only; per million tokens,
 * peak $0.006 / $0.30 / $1.20 and $0.044 / $1.32 / $3.96 (cache hit / miss / output), off-peak
 * half. deepseek-chat and deepseek-reasoner were retired on 2026-07-24 15:59 UTC; until then
 * DeepSeek served them as V4 Flash with thinking off and on, and the gateway still does.
 */
const PLUGIN = join(import.meta.dirname);
const BEIJING_PEAK = { utcOffsetMinutes: 480, weekdays: [1, 2, 3, 4, 5], hours: [{ from: 9, until: 12 }, { from: 14, until: 18 }] };

async function catalog(section: Record<string, unknown> = {}): Promise<readonly ModelInfo[]> {
  const [provider] = (await activateProviderPlugin(PLUGIN, { env: { DEEPSEEK_API_KEY: 'k' }, section })).providers;
  return provider!.models();
}

describe('the DeepSeek catalog', () => {
  it('lists Flash and V4 Pro at the pricing page\'s peak and off-peak prices, with its context, output and vision', async () => {
    const models = await catalog();
    const flash = models.find((model) => model.id === 'deepseek/deepseek-flash')!;
    expect(flash).toMatchObject({ upstreamId: 'deepseek-flash', contextWindow: 1_000_000, maxOutputTokens: 384_000, aliases: ['deepseek-flash', 'deepseek-v4-flash', 'deepseek-v4-flash-vision-exp'] });
    expect(flash.capabilities).toEqual(expect.arrayContaining(['vision', 'reasoning', 'tools']));
    expect(flash.pricing).toEqual({ inputPerMTok: 300_000, cachedInputPerMTok: 6_000, outputPerMTok: 1_200_000, offPeak: { inputPerMTok: 150_000, cachedInputPerMTok: 3_000, outputPerMTok: 600_000, peak: BEIJING_PEAK } });
    const pro = models.find((model) => model.id === 'deepseek/deepseek-v4-pro')!;
    expect(pro).toMatchObject({ upstreamId: 'deepseek-v4-pro', contextWindow: 1_000_000, maxOutputTokens: 384_000 });
    expect(pro.capabilities).not.toContain('vision');
    expect(pro.pricing).toEqual({ inputPerMTok: 1_320_000, cachedInputPerMTok: 44_000, outputPerMTok: 3_960_000, offPeak: { inputPerMTok: 660_000, cachedInputPerMTok: 22_000, outputPerMTok: 1_980_000, peak: BEIJING_PEAK } });
    for (const model of models) expect(model.pricing.offPeak!.inputPerMTok! * 2).toBe(model.pricing.inputPerMTok);
  });

  it('keeps deepseek-chat and deepseek-reasoner as Flash with thinking off and on, at Flash\'s prices, and lists no retired upstream name', async () => {
    const models = await catalog();
    const flash = models.find((model) => model.id === 'deepseek/deepseek-flash')!;
    expect(models.find((model) => model.id === 'deepseek/deepseek-chat')).toMatchObject({ upstreamId: 'deepseek-flash', thinking: 'disabled', pricing: flash.pricing });
    expect(models.find((model) => model.id === 'deepseek/deepseek-reasoner')).toMatchObject({ upstreamId: 'deepseek-flash', thinking: 'enabled', pricing: flash.pricing });
    expect(new Set(models.map((model) => model.upstreamId))).toEqual(new Set(['deepseek-flash', 'deepseek-v4-pro']));
  });

  it('takes the operator\'s off-peak dates (Chinese public holidays) onto every model, and config models beside the mode entries', async () => {
    const models = await catalog({ offPeakDates: ['2026-10-01', '2026-10-02'], models: [{ id: 'deepseek-flash', displayName: 'Flash' }] });
    for (const model of models) expect(model.pricing.offPeak!.peak.offPeakDates).toEqual(['2026-10-01', '2026-10-02']);
    expect(models.find((model) => model.id === 'deepseek/deepseek-flash')!.displayName).toBe('Flash');
    await expect(activateProviderPlugin(PLUGIN, { section: { offPeakDates: ['1 October'] } })).rejects.toThrow(/offPeakDates/);
  });
});
