import { describe, expect, it } from 'vitest';
import { computeCredits } from '../../billing/pricing';
import type { GeminiModelInfo } from './gemini-model-info';
import catalog from './models.json';

const byId = new Map((catalog as readonly GeminiModelInfo[]).map((model) => [model.id, model]));
const $ = (dollars: number) => Math.round(dollars * 1_000_000);

const CAPABILITIES = ['tools', 'vision', 'reasoning', 'json-mode', 'json-schema', 'documents', 'prompt-cache', 'streaming'];
const ALL_LEVELS = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high' };

/**
 * Google's Gemini Flash models of 2026, as Google's pages give them.
 *
 * Prices (paid tier, $ / MTok): Google's pricing page, https://ai.google.dev/gemini-api/docs/pricing,
 * as transcribed verbatim on 2026-10-07 (https://raw.githubusercontent.com/api-evangelist/deepmind/refs/heads/main/plans/deepmind-plans-pricing.yml;
 * on 2026-09-20 the same for 3.8 and 3.5 Flash: …/api-evangelist/gemini/refs/heads/main/plans/gemini-plans-pricing.yml):
 * Gemini 3.8 Flash "$0.75 through December 31, 2026." / "$1.50 starting January 1, 2027." input and
 * "$3.75 through December 31, 2026." / "$7.50 starting January 1, 2027." output (thinking included);
 * Gemini 3.5 Flash $1.50 input, $9.00 output; Gemini 3.5 Flash-Lite "$0.30 (text / image / video /
 * audio)" input, $2.50 output. No long-context tier is given for them (only the Pro models have one).
 * Gemini 3.6 Flash: Google's own page (https://ai.google.dev/gemini-api/docs/whats-new-gemini-3.6)
 * gives $1.50 input / $7.50 output, which Google's two pricing pages give as its standard price from
 * 2027-01-01, after introductory prices of $0.75 / $3.75 "through December 31, 2026" (the Gemini API
 * pricing page and the Agent Platform one, "Gemini 3.7 Flash and Gemini 3.6 Flash are offered with
 * introductory pricing of $0.75 / $3.75 … Starting January 1, 2027, standard pricing of $1.5 / $7.5";
 * neither page was in the stored copies: they are quoted verbatim in langgenius/dify-official-plugins#3736
 * and anomalyco/models.dev#4938, and the same correction was made in pydantic/genai-prices#564). The
 * entry follows the pricing pages, as 3.8 Flash's does: billing the standard price now would charge
 * twice Google's price until the year ends.
 * Gemini 3.7 Flash: the same introductory and standard prices (the Agent Platform quote above names
 * it with 3.6 Flash). Google's model page (https://ai.google.dev/gemini-api/docs/models/gemini-3.7-flash)
 * gives 1,048,576 / 65,536 tokens and thinking "Supported (low, medium, high). Note: minimal is not
 * supported and returns an error"; its later editions mark it "Deprecated: gemini-3.7-flash
 * (automatically routed to gemini-3.8-flash)", with no date, so it is kept (a client that names it
 * is served, at the same prices as the model that answers).
 * Their context-caching prices are not in what could be read first-hand: the entries give none, so
 * a cache read bills at the input price (more than Google charges, never less).
 *
 * Ids, limits and inputs: https://ai.google.dev/gemini-api/docs/models/gemini-3.5-flash and
 * …/models/gemini-3.5-flash-lite and …/models/gemini-3.6-flash (model code; 1,048,576 input and 65,536 output tokens; text,
 * image, video, audio and PDF in; caching and thinking supported);
 * https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/gemini/3-8-flash and
 * …/models/guides/gemini-3-8-flash (gemini-3.8-flash, GA, 1,048,576 / 65,536).
 * Release dates: https://ai.google.dev/gemini-api/docs/deprecations (3.8 Flash 2026-09-02, 3.7 Flash 2026-08-13, 3.6 Flash 2026-07-21,
 * 3.5 Flash-Lite 2026-07-21, 3.5 Flash 2026-05-19).
 *
 * Thinking levels: 3.8 Flash takes LOW, MEDIUM (default) and HIGH; "Explicitly setting
 * thinking_level to MINIMAL will return an API validation error" (…/models/gemini/3-8-flash), so
 * `minimal` is sent as `low`. 3.5 Flash and 3.6 Flash take MINIMAL to HIGH, default MEDIUM
 * (…/models/guides/gemini-3-6-flash, its comparison table); 3.5 Flash-Lite MINIMAL (its default)
 * to HIGH (…/models/gemini/3-5-flash-lite). No Gemini 3 model turns thinking off: off is the
 * lowest level. Gemini 3 models validate thought signatures (ai.google.dev/gemini-api/docs/thought-signatures).
 */
const FLASH_MODELS = [
  {
    id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', releasedAt: '2026-09-02',
    thinkingLevels: { minimal: 'low', low: 'low', medium: 'medium', high: 'high' },
    pricing: { inputPerMTok: $(0.75), outputPerMTok: $(3.75), priceChanges: [{ from: '2027-01-01', inputPerMTok: $(1.5), outputPerMTok: $(7.5) }] },
  },
  {
    id: 'gemini-3.7-flash', displayName: 'Gemini 3.7 Flash', releasedAt: '2026-08-13',
    thinkingLevels: { minimal: 'low', low: 'low', medium: 'medium', high: 'high' },
    pricing: { inputPerMTok: $(0.75), outputPerMTok: $(3.75), priceChanges: [{ from: '2027-01-01', inputPerMTok: $(1.5), outputPerMTok: $(7.5) }] },
  },
  {
    id: 'gemini-3.6-flash', displayName: 'Gemini 3.6 Flash', releasedAt: '2026-07-21', thinkingLevels: ALL_LEVELS,
    pricing: { inputPerMTok: $(0.75), outputPerMTok: $(3.75), priceChanges: [{ from: '2027-01-01', inputPerMTok: $(1.5), outputPerMTok: $(7.5) }] },
  },
  { id: 'gemini-3.5-flash', displayName: 'Gemini 3.5 Flash', releasedAt: '2026-05-19', thinkingLevels: ALL_LEVELS, pricing: { inputPerMTok: $(1.5), outputPerMTok: $(9) } },
  { id: 'gemini-3.5-flash-lite', displayName: 'Gemini 3.5 Flash-Lite', releasedAt: '2026-07-21', thinkingLevels: ALL_LEVELS, pricing: { inputPerMTok: $(0.3), outputPerMTok: $(2.5) } },
];

describe('the Gemini catalog: the 2026 Flash models', () => {
  it.each(FLASH_MODELS)('lists $id by its bare model code, with its limits, levels and every price the pages give', ({ id, displayName, releasedAt, thinkingLevels, pricing }) => {
    expect(byId.get(`gemini/${id}`)).toEqual({
      id: `gemini/${id}`, provider: 'gemini', upstreamId: id, aliases: [id], displayName, modality: 'chat',
      contextWindow: 1_048_576, maxOutputTokens: 65_536, thinkingLevels, validatesThoughtSignatures: true,
      capabilities: CAPABILITIES, pricing, releasedAt,
    });
  });

  it('bills Gemini 3.8 Flash at its introductory prices through 2026-12-31 UTC, and at double from 2027-01-01', () => {
    const { pricing } = byId.get('gemini/gemini-3.8-flash')!;
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(computeCredits(pricing, usage, new Date('2026-12-31T23:59:59Z'))).toBe($(0.75 + 3.75));
    expect(computeCredits(pricing, usage, new Date('2027-01-01T00:00:00Z'))).toBe($(1.5 + 7.5));
  });
});
