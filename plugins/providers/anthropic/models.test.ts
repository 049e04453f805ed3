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
