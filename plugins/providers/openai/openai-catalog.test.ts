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
 * Its efforts and prices agree with https://developers.openai.com/docs/models.
 */
describe('OpenAI GPT-5.x catalog entries', () => {
  it.each([
    ['gpt-5.4-nano', 'GPT-5.4 nano', 400_000, { inputPerMTok: 200_000, cachedInputPerMTok: 20_000, outputPerMTok: 1_250_000 }],
  ])('%s: its bare alias, context, output limit, prices and efforts', (id, displayName, contextWindow, pricing) => {
    expect(entry(id)).toEqual({
      id: `openai/${id}`, provider: 'openai', upstreamId: id, aliases: [id], displayName, modality: 'chat',
      contextWindow, maxOutputTokens: 128_000, capabilities: GPT_5_X_CAPABILITIES, pricing, reasoningEfforts: NONE_TO_XHIGH,
    });
  });
});
