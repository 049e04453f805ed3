import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ReasoningConfig } from '../../../kernel/canonical/request';
import { convertThinkingConfig } from './convert-thinking-config';
import catalog from './models.json';

const model = (id: string) => (catalog as readonly ModelInfo[]).find((entry) => entry.id === `gemini/${id}`)!;
/** A model added by config: no thinking budget range in its entry. */
const added: ModelInfo = { id: 'gemini/gemini-3-flash-preview', provider: 'gemini', upstreamId: 'gemini-3-flash-preview', aliases: [], displayName: 'Gemini 3 Flash', modality: 'chat', capabilities: ['reasoning'], pricing: {} };

function convert(reasoning: ReasoningConfig, target: ModelInfo, maxOutputTokens?: number) {
  const warnings: string[] = [];
  return { thinkingConfig: convertThinkingConfig(reasoning, target, maxOutputTokens, warnings), warnings };
}

describe('convertThinkingConfig: effort and budgets within each model\'s range', () => {
  it.each([
    ['minimal', 1024], ['low', 2048], ['medium', 8192], ['high', 16384],
  ] as const)('maps effort %s to a %i-token budget, as for Claude', (effort, budget) => {
    expect(convert({ enabled: true, effort }, model('gemini-2.5-flash'))).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: budget }, warnings: [] });
  });

  it('asks for a dynamic budget when neither budget nor effort is given (Flash-Lite does not think by default)', () => {
    expect(convert({ enabled: true }, model('gemini-2.5-flash-lite')).thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: -1 });
  });

  it.each([
    ['gemini-2.5-pro', 40_000, 32_768], ['gemini-2.5-pro', 64, 128],
    ['gemini-2.5-flash', 30_000, 24_576],
    ['gemini-2.5-flash-lite', 100, 512], ['gemini-2.5-flash-lite', 30_000, 24_576],
  ])('clamps %s\'s budget %i to %i, and says so', (id, wanted, budget) => {
    const { thinkingConfig, warnings } = convert({ enabled: true, budgetTokens: wanted }, model(id));
    expect(thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: budget });
    expect(warnings).toEqual([expect.stringContaining(`thinking budget ${wanted} changed to ${budget}`)]);
  });

  it('keeps the budget below maxOutputTokens, which thoughts count against', () => {
    expect(convert({ enabled: true, effort: 'high' }, model('gemini-2.5-pro'), 4000).thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 3999 });
  });

  it('turns thinking off when maxOutputTokens leaves no room for the minimum, where the model can; else keeps the minimum', () => {
    expect(convert({ enabled: true, effort: 'low' }, model('gemini-2.5-flash-lite'), 300)).toEqual({ thinkingConfig: { thinkingBudget: 0 }, warnings: [expect.stringContaining('thinking turned off')] });
    expect(convert({ enabled: true, effort: 'low' }, model('gemini-2.5-pro'), 100).thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 128 });
  });
});

describe('convertThinkingConfig: reasoning off', () => {
  it.each(['gemini-2.5-flash', 'gemini-2.5-flash-lite'])('sends a zero budget to %s', (id) => {
    expect(convert({ enabled: false }, model(id))).toEqual({ thinkingConfig: { thinkingBudget: 0 }, warnings: [] });
  });

  it('sends 2.5 Pro, which cannot stop thinking, its minimum budget, and says so', () => {
    expect(convert({ enabled: false }, model('gemini-2.5-pro'))).toEqual({ thinkingConfig: { thinkingBudget: 128 }, warnings: ['thinking kept at its minimum budget 128: gemini/gemini-2.5-pro cannot turn it off'] });
  });

  it('leaves the model\'s default when the request says nothing about reasoning', () => {
    expect(convertThinkingConfig(undefined, model('gemini-2.5-flash'), undefined, [])).toBeUndefined();
  });
});

describe('convertThinkingConfig: Gemini 3 Pro, which takes a thinkingLevel (low, high) and never a budget', () => {
  const gemini3 = model('gemini-3-pro-preview');

  it.each([
    ['minimal', 'low'], ['low', 'low'], ['medium', 'high'], ['high', 'high'],
  ] as const)('maps effort %s to level %s, from the catalog', (effort, thinkingLevel) => {
    expect(convert({ enabled: true, effort }, gemini3)).toEqual({ thinkingConfig: { includeThoughts: true, thinkingLevel }, warnings: [] });
  });

  it.each([
    [512, 'low'], [1024, 'low'], [4000, 'low'], [8192, 'high'], [30_000, 'high'],
  ] as const)('maps an Anthropic budget of %i to level %s, by the effort that budget buys', (budgetTokens, thinkingLevel) => {
    expect(convert({ enabled: true, budgetTokens }, gemini3, 64_000).thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel });
  });

  it('leaves the level to the model (dynamic, high) when reasoning is on with neither budget nor effort', () => {
    expect(convert({ enabled: true }, gemini3).thinkingConfig).toEqual({ includeThoughts: true });
  });

  it('keeps the lowest level when asked to turn thinking off, which Gemini 3 Pro cannot, and says so', () => {
    expect(convert({ enabled: false }, gemini3)).toEqual({ thinkingConfig: { thinkingLevel: 'low' }, warnings: ['thinking kept at level low: gemini/gemini-3-pro-preview cannot turn it off'] });
  });
});

describe('convertThinkingConfig: Gemini 3.1 Pro, which also takes a medium level', () => {
  it.each([
    ['minimal', 'low'], ['low', 'low'], ['medium', 'medium'], ['high', 'high'],
  ] as const)('maps effort %s to level %s, from the catalog', (effort, thinkingLevel) => {
    expect(convert({ enabled: true, effort }, model('gemini-3.1-pro-preview'))).toEqual({ thinkingConfig: { includeThoughts: true, thinkingLevel }, warnings: [] });
  });
});

describe('convertThinkingConfig: the Gemini 3.x Flash models, which take levels from minimal (3.5, 3.6) or low (3.7, 3.8)', () => {
  it.each([
    ['gemini-3.5-flash', 'minimal', 'minimal'], ['gemini-3.5-flash-lite', 'minimal', 'minimal'], ['gemini-3.5-flash', 'medium', 'medium'],
    ['gemini-3.6-flash', 'minimal', 'minimal'], ['gemini-3.6-flash', 'high', 'high'], ['gemini-3.7-flash', 'minimal', 'low'],
    ['gemini-3.8-flash', 'minimal', 'low'], ['gemini-3.8-flash', 'medium', 'medium'], ['gemini-3.8-flash', 'high', 'high'],
  ] as const)('sends %s effort %s as level %s', (id, effort, thinkingLevel) => {
    expect(convert({ enabled: true, effort }, model(id))).toEqual({ thinkingConfig: { includeThoughts: true, thinkingLevel }, warnings: [] });
  });

  it.each([
    ['gemini-3.5-flash-lite', 'minimal'], ['gemini-3.8-flash', 'low'],
  ])('keeps %s at its lowest level, %s, when asked to turn thinking off', (id, thinkingLevel) => {
    expect(convert({ enabled: false }, model(id))).toEqual({ thinkingConfig: { thinkingLevel }, warnings: [`thinking kept at level ${thinkingLevel}: gemini/${id} cannot turn it off`] });
  });
});

describe('convertThinkingConfig: a model added by config, whose range is unknown', () => {
  it('sends thought summaries and an explicit budget as given, and neither an effort nor reasoning off', () => {
    expect(convert({ enabled: true, budgetTokens: 3000 }, added)).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 3000 }, warnings: [] });
    expect(convert({ enabled: true, effort: 'low' }, added)).toEqual({ thinkingConfig: { includeThoughts: true }, warnings: [expect.stringContaining('reasoning effort low not sent')] });
    expect(convert({ enabled: false }, added)).toEqual({ thinkingConfig: undefined, warnings: [expect.stringContaining('reasoning off not sent')] });
  });
});
