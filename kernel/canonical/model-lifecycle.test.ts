import { describe, expect, it } from 'vitest';
import type { ModelInfo } from './model';
import { isRetired, parseIsoDate, retirementOf } from './model-lifecycle';

const model = (fields: Partial<ModelInfo>): ModelInfo => ({ id: 'p/m', provider: 'p', upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], pricing: {}, ...fields });

describe('model lifecycle', () => {
  it('reads a YYYY-MM-DD date as its first moment, UTC, and nothing else as a date', () => {
    expect(parseIsoDate('2026-11-30')).toBe(Date.UTC(2026, 10, 30));
    for (const wrong of ['2026-02-30', '2026-13-01', '30/11/2026', '2026-11-30T00:00:00Z', '']) expect(parseIsoDate(wrong), wrong).toBeNaN();
  });

  it('retires a model from the first millisecond of its retirement day', () => {
    const deprecated = model({ retiresAt: '2026-11-30' });
    expect(isRetired(deprecated, Date.UTC(2026, 10, 29, 23, 59, 59, 999))).toBe(false);
    expect(isRetired(deprecated, Date.UTC(2026, 10, 30))).toBe(true);
    expect(isRetired(model({}), Date.UTC(2100, 0, 1))).toBe(false);
  });

  it('gives a deprecated model a Sunset header (RFC 8594 HTTP-date), and a Deprecation header (RFC 9745) only when the deprecation date is known', () => {
    expect(retirementOf(model({ retiresAt: '2026-11-30' }))!.headers).toEqual({ sunset: 'Mon, 30 Nov 2026 00:00:00 GMT' });
    expect(retirementOf(model({ retiresAt: '2026-02-19', deprecatedAt: '2025-12-19' }))!.headers).toEqual({ sunset: 'Thu, 19 Feb 2026 00:00:00 GMT', deprecation: `@${Date.UTC(2025, 11, 19) / 1000}` });
    expect(retirementOf(model({}))).toBeUndefined();
  });
});
