import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import catalog from './models.json';

const byId = new Map((catalog as readonly ModelInfo[]).map((model) => [model.id, model]));
const $ = (dollars: number) => Math.round(dollars * 1_000_000);

/**
 * The Claude 5 models as Anthropic's own pages list them (prices in $ / MTok, as credits). Ids:
 * the pages' "Claude API ID" and @anthropic-ai/sdk 1.14.0's model list (bare ids, no date suffix,
 * no family alias documented). Context 1M and output 128K on every model page.
 */
const CLAUDE_5 = [
  // platform.claude.com/docs/zh-CN/models/opus-5-5/overview; id: …/en/models/opus-5-5/whats-new-opus-5-5
  { id: 'claude-opus-5-5', pricing: { inputPerMTok: $(4), outputPerMTok: $(20), cacheWritePerMTok: $(5), cacheWrite1hPerMTok: $(8), cachedInputPerMTok: $(0.2) } },
  // platform.claude.com/docs/zh-CN/models/sonnet-5-5/overview (cache read $0.20 there; see the README)
  { id: 'claude-sonnet-5-5', pricing: { inputPerMTok: $(2), outputPerMTok: $(10), cacheWritePerMTok: $(2.5), cacheWrite1hPerMTok: $(4), cachedInputPerMTok: $(0.2) } },
  // platform.claude.com/docs/zh-CN/models/haiku-5-5/overview: "for prompts up to / over 100,000 tokens". The page
  // as read gave no cache read and no long prompts' 1-hour write; they follow Anthropic's prompt-caching multipliers
  // of the base input price (platform.claude.com/docs/en/about-claude/pricing: reads 0.1x, 5-minute writes 1.25x,
  // 1-hour writes 2x), which every price the page does give also follows. Left out, a read would bill at the
  // input price and a long 1-hour write at the short one: the second billed less than Anthropic charges.
  { id: 'claude-haiku-5-5', pricing: { inputPerMTok: $(0.1), outputPerMTok: $(0.5), cachedInputPerMTok: $(0.01), cacheWritePerMTok: $(0.125), cacheWrite1hPerMTok: $(0.2), longContext: { aboveInputTokens: 100_000, inputPerMTok: $(0.5), outputPerMTok: $(2.5), cachedInputPerMTok: $(0.05), cacheWritePerMTok: $(0.625), cacheWrite1hPerMTok: $(1) } } },
  // platform.claude.com/docs/en/models/opus-5/overview and …/about-claude/pricing
  { id: 'claude-opus-5', pricing: { inputPerMTok: $(5), outputPerMTok: $(25), cacheWritePerMTok: $(6.25), cacheWrite1hPerMTok: $(10), cachedInputPerMTok: $(0.5) } },
  // platform.claude.com/docs/zh-CN/models/sonnet-5/overview
  { id: 'claude-sonnet-5', pricing: { inputPerMTok: $(2), outputPerMTok: $(10), cacheWritePerMTok: $(2.5), cacheWrite1hPerMTok: $(4), cachedInputPerMTok: $(0.2) } },
];

describe('the Anthropic catalog: Claude 5 models', () => {
  it.each(CLAUDE_5)('lists $id with its bare id, limits and every price the pages give', ({ id, pricing }) => {
    const model = byId.get(`anthropic/${id}`);
    expect(model).toMatchObject({ upstreamId: id, aliases: [id], contextWindow: 1_000_000, maxOutputTokens: 128_000 });
    expect(model!.pricing).toEqual(pricing);
  });

  it('marks each as always reasoning and refusing a prefill, which the translated path acts on', () => {
    for (const { id } of CLAUDE_5) expect(byId.get(`anthropic/${id}`)).toMatchObject({ reasoningAlwaysOn: true, refusesPrefill: true });
    expect([...byId.values()].filter((model) => model.reasoningAlwaysOn).map((model) => model.upstreamId)).toEqual(CLAUDE_5.map(({ id }) => id));
  });
});

/**
 * The Claude 4.6 to 4.8 models the official SDK names (@anthropic-ai/sdk 1.14.0, `Model` in
 * resources/messages/messages.ts). Context, output and input / output prices: each model's page,
 * platform.claude.com/docs/en/models/<model>/overview (…/opus-4-8/, …/opus-4-7/, …/opus-4-6/,
 * …/sonnet-4-6/: 1M tokens, 128K output). Cache prices: Opus 4.6 and Sonnet 4.6 as
 * platform.claude.com/docs/zh-CN/about-claude/pricing lists them; that snapshot predates Opus
 * 4.7 and 4.8, whose cache prices follow the page's prompt-caching multipliers of the input price
 * (reads 0.1x, 5-minute writes 1.25x, 1-hour writes 2x), as every listed Claude price does. The
 * pages give one price per model at any prompt length ("$3 / $15", where tiered models read "From").
 */
const CLAUDE_4_6_TO_4_8 = [
  { id: 'claude-opus-4-8', releasedAt: '2026-05-28', pricing: { inputPerMTok: $(5), outputPerMTok: $(25), cachedInputPerMTok: $(0.5), cacheWritePerMTok: $(6.25), cacheWrite1hPerMTok: $(10) } },
  { id: 'claude-opus-4-7', releasedAt: undefined, pricing: { inputPerMTok: $(5), outputPerMTok: $(25), cachedInputPerMTok: $(0.5), cacheWritePerMTok: $(6.25), cacheWrite1hPerMTok: $(10) } },
  { id: 'claude-opus-4-6', releasedAt: '2026-02-05', pricing: { inputPerMTok: $(5), outputPerMTok: $(25), cachedInputPerMTok: $(0.5), cacheWritePerMTok: $(6.25), cacheWrite1hPerMTok: $(10) } },
  { id: 'claude-sonnet-4-6', releasedAt: '2026-02-17', pricing: { inputPerMTok: $(3), outputPerMTok: $(15), cachedInputPerMTok: $(0.3), cacheWritePerMTok: $(3.75), cacheWrite1hPerMTok: $(6) } },
];

describe('the Anthropic catalog: Claude 4.6 to 4.8', () => {
  it.each(CLAUDE_4_6_TO_4_8)('lists $id with its bare id, limits, release date and prices', ({ id, releasedAt, pricing }) => {
    const model = byId.get(`anthropic/${id}`)!;
    expect(model).toMatchObject({ upstreamId: id, aliases: [id], contextWindow: 1_000_000, maxOutputTokens: 128_000 });
    expect(model.releasedAt).toBe(releasedAt);
    expect(model.pricing).toEqual(pricing);
    expect(model.reasoningAlwaysOn).toBeUndefined();
  });

  it('marks the 4.6 models as refusing a prefill, as Anthropic\'s migration guide states for them', () => {
    // platform.claude.com/docs/en/agents-and-tools/tool-use/token-efficient-tool-use (migration guide text):
    // "Prefilling assistant messages returns a 400 error on Claude 4.6 models." Opus 4.7 and 4.8 are
    // left unmarked: their own refusals (prefill, sampling parameters, thinking budgets) were found in
    // third-party pages only.
    expect(CLAUDE_4_6_TO_4_8.filter(({ id }) => byId.get(`anthropic/${id}`)!.refusesPrefill).map(({ id }) => id)).toEqual(['claude-opus-4-6', 'claude-sonnet-4-6']);
  });

  it('gives structured outputs to Sonnet 4.6, Opus 4.6 and Opus 4.7, the Claude 4.6+ models Google Cloud lists as taking output_config.format', () => {
    // docs.cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/structured_outputs, "Supported
    // Anthropic Claude models": Claude Opus 4.7, Claude Sonnet 4.6, Claude Opus 4.6 (Effect-TS's
    // @effect/ai-anthropic 4.0.0-beta.79 notes the 4.6 models "verified against the live API").
    // Opus 4.8 is not on that list and keeps the forced json tool.
    const structured = CLAUDE_4_6_TO_4_8.filter(({ id }) => (byId.get(`anthropic/${id}`) as { structuredOutputs?: boolean }).structuredOutputs);
    expect(structured.map(({ id }) => id)).toEqual(['claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6']);
  });
});

const SDK_SOURCE = join(import.meta.dirname, '../../../node_modules/@anthropic-ai/sdk/src');
const readSdk = (file: string) => readFileSync(join(SDK_SOURCE, file), 'utf8');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `'claude-sonnet-4-5': 'November 30th, 2026'` entries of the SDK's DEPRECATED_MODELS, as ISO dates. */
function sdkRetirements(): Map<string, string> {
  const dates = new Map<string, string>();
  for (const [, id, month, day, year] of readSdk('internal/data/deprecated-models.ts').matchAll(/'([\w.-]+)': '(\w+) (\d+)\w*, (\d{4})'/g)) {
    dates.set(id!, `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`);
  }
  return dates;
}

describe('the Anthropic catalog: lifecycle, as the official SDK states it', () => {
  it('retires each model on the day @anthropic-ai/sdk\'s DEPRECATED_MODELS gives (internal/data/deprecated-models.ts), by any of its names', () => {
    const retirements = sdkRetirements();
    expect(retirements.get('claude-sonnet-4-5')).toBe('2026-11-30');
    expect(retirements.get('claude-opus-4-5')).toBe('2027-01-22');
    const dated = [...byId.values()].flatMap((model) => {
      const sdk = [...new Set([model.upstreamId, ...model.aliases].flatMap((name) => retirements.get(name) ?? []))];
      return sdk.length ? [{ id: model.id, sdk, catalog: model.retiresAt }] : [];
    });
    expect(dated.map(({ id }) => id)).toEqual(['anthropic/claude-opus-4-5', 'anthropic/claude-sonnet-4-5']);
    for (const { id, sdk, catalog: retiresAt } of dated) expect(sdk, id).toEqual([retiresAt]);
    expect(byId.get('anthropic/claude-sonnet-4-5')).toMatchObject({ retiresAt: '2026-11-30', replacement: 'anthropic/claude-sonnet-4-6' });
    expect(byId.get('anthropic/claude-opus-4-5')).toMatchObject({ retiresAt: '2027-01-22', replacement: 'anthropic/claude-opus-4-8' });
  });

  it('keeps a model the SDK no longer names only with its retirement day and a replacement, so a call to it is refused with both', () => {
    const named = new Set([...readSdk('resources/messages/messages.ts').split('export type Model =')[1]!.split(';')[0]!.matchAll(/'([\w.-]+)'/g)].map(([, id]) => id));
    const unnamed = [...byId.values()].filter((model) => ![model.upstreamId, ...model.aliases].some((name) => named.has(name)));
    expect(unnamed.map(({ id, retiresAt, replacement }) => ({ id, retiresAt, replacement }))).toEqual([
      // Release notes, platform.claude.com/docs/en/release-notes/overview: Sonnet 4 (and Opus 4) retired on June 15, 2026, upgrade to Sonnet 4.6.
      { id: 'anthropic/claude-sonnet-4', retiresAt: '2026-06-15', replacement: 'anthropic/claude-sonnet-4-6' },
      // platform.claude.com/docs/zh-CN/about-claude/model-deprecations: deprecated 2025-12-19, retired 2026-02-19, replacement claude-haiku-4-5-20251001.
      { id: 'anthropic/claude-3-5-haiku', retiresAt: '2026-02-19', replacement: 'anthropic/claude-haiku-4-5' },
    ]);
    expect(byId.get('anthropic/claude-3-5-haiku')!.deprecatedAt).toBe('2025-12-19');
  });
});
