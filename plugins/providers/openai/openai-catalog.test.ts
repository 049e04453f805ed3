import { describe, expect, it } from 'vitest';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import models from './models.json';

const catalog = buildModelCatalog('openai', models as readonly ModelCatalogEntry[]);
const entry = (id: string) => catalog.find((model) => model.id === `openai/${id}`);

const GPT_5_X_CAPABILITIES = ['tools', 'vision', 'reasoning', 'json-mode', 'json-schema', 'documents', 'prompt-cache', 'streaming'];
const NONE_TO_XHIGH = ['none', 'low', 'medium', 'high', 'xhigh'];

/**
 * The GPT-5.x entries as OpenAI documents them; prices are credits per million tokens (1 credit =
 * 1 micro-USD). gpt-5.4-nano: https://developers.openai.com/api/docs/models/gpt-5.4-nano (read in
 * its ja-JP edition, developers.openai.com/ja-JP/api/docs/models/gpt-5.4-nano): 400,000 context,
 * 128,000 max output, reasoning.effort none (default), low, medium, high, xhigh; $0.20 input,
 * $0.02 cached input, $1.25 output; streaming, function calling, structured outputs, image input.
 * Its efforts and prices agree with https://developers.openai.com/docs/models. Released 2026-03-17
 * with gpt-5.4-mini: OpenAI's announcement of that day ("Today we're releasing GPT-5.4 mini and
 * nano", also on its developer forum, linked below) and its snapshot gpt-5.4-nano-2026-03-17.
 *
 * gpt-5.5 and gpt-5.4: OpenAI's reasoning guide (developers.openai.com/api/docs/guides/reasoning)
 * names them as its current models; their own pages are not in the stored copies we can read, so
 * the figures are those that reports of OpenAI's pricing page and model pages agree on (tokenmix.ai,
 * benchr.org, tokencost.app, docs.oxen.ai, docs.venice.ai, wavespeed.ai, all read 2026-11-28):
 * 1,050,000 context, 128,000 max output, efforts none to xhigh; GPT-5.5 $5 input, $0.50 cached,
 * $30 output, released 2026-04-23; GPT-5.4 $2.50, $0.25, $15, released 2026-03-05. A prompt of
 * more than 272K input tokens is billed at 2x input (cached input too) and 1.5x output for the
 * whole request, as Gemini's Pro models and Claude's long context are (`longContext`).
 *
 * gpt-5.4-mini: its own page is not in the stored copies either. OpenAI's model overview
 * (https://developers.openai.com/docs/models): $0.75 input, $4.50 output, efforts none to xhigh,
 * 128K max output, 400K context; OpenAI's announcement on its developer forum (community.openai.com
 * /t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015, 2026-03-17):
 * 400k context in the API, $0.75 / $4.50. The exact window agrees across OpenRouter
 * (openrouter.ai/openai/gpt-5.4-mini: 400,000 context, released 2026-03-17), Vercel AI Gateway
 * (vercel.com/ai-gateway/models/openai/gpt-5.4-mini: 400,000 context, 128,000 max output) and
 * models.dev (providers/openai/models/gpt-5.4-mini.toml as mirrored: 400,000 context of which
 * 272,000 input, 128,000 output, released 2026-03-17). The $0.075 cached price is models.dev's and
 * LiteLLM's (model_prices_and_context_window.json, whose 1,050,000 max input is wrong here, as it
 * is for nano, whose own page says 400,000); all read 2026-11-28. With 128K of the 400K kept for
 * output a prompt cannot pass 272K, so there is no long-context tier.
 */
describe('OpenAI GPT-5.x catalog entries', () => {
  it.each([
    ['gpt-5.5', 'GPT-5.5', 1_050_000, {
      inputPerMTok: 5_000_000, cachedInputPerMTok: 500_000, outputPerMTok: 30_000_000,
      longContext: { aboveInputTokens: 272_000, inputPerMTok: 10_000_000, cachedInputPerMTok: 1_000_000, outputPerMTok: 45_000_000 },
    }, { releasedAt: '2026-04-23' }],
    ['gpt-5.4', 'GPT-5.4', 1_050_000, {
      inputPerMTok: 2_500_000, cachedInputPerMTok: 250_000, outputPerMTok: 15_000_000,
      longContext: { aboveInputTokens: 272_000, inputPerMTok: 5_000_000, cachedInputPerMTok: 500_000, outputPerMTok: 22_500_000 },
    }, { releasedAt: '2026-03-05' }],
    ['gpt-5.4-mini', 'GPT-5.4 mini', 400_000, { inputPerMTok: 750_000, cachedInputPerMTok: 75_000, outputPerMTok: 4_500_000 }, { releasedAt: '2026-03-17' }],
    ['gpt-5.4-nano', 'GPT-5.4 nano', 400_000, { inputPerMTok: 200_000, cachedInputPerMTok: 20_000, outputPerMTok: 1_250_000 }, { releasedAt: '2026-03-17' }],
  ])('%s: its bare alias, context, output limit, prices and efforts', (id, displayName, contextWindow, pricing, dated) => {
    expect(entry(id)).toEqual({
      id: `openai/${id}`, provider: 'openai', upstreamId: id, aliases: [id], displayName, modality: 'chat',
      contextWindow, maxOutputTokens: 128_000, capabilities: GPT_5_X_CAPABILITIES, pricing, reasoningEfforts: NONE_TO_XHIGH, ...dated,
    });
  });
});

/**
 * OpenAI's deprecations page (https://developers.openai.com/api/docs/deprecations, "Upcoming
 * deprecations"): gpt-5, gpt-5-mini and gpt-5-nano (and their 2025-08-07 snapshots) shut down on
 * Dec 11, 2026, notice given Jun 11, 2026. Their recommended replacements (gpt-6.1-sol,
 * gpt-6.1-terra…) are not in this catalog, so none is named.
 */
describe('OpenAI catalog lifecycle', () => {
  it.each(['gpt-5', 'gpt-5-mini', 'gpt-5-nano'])('%s retires on 2026-12-11, deprecated on 2026-06-11', (id) => {
    expect(entry(id)).toMatchObject({ retiresAt: '2026-12-11', deprecatedAt: '2026-06-11' });
    expect(entry(id)).not.toHaveProperty('replacement');
  });

  it('sets no retirement OpenAI has not announced on that page', () => {
    expect(catalog.filter((model) => model.retiresAt !== undefined).map((model) => model.id)).toEqual(['openai/gpt-5', 'openai/gpt-5-mini', 'openai/gpt-5-nano']);
  });
});
