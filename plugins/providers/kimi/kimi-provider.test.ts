import { describe, expect, it } from 'vitest';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import { convertToOpenAIChatRequest } from '../openai-chat/convert-to-openai-chat-request';
import { fitPassthroughBody } from '../openai-chat/fit-passthrough-body';
import { canonicalRequest, silentLogger } from '../shared/provider-test-support';
import { createKimiProvider, kimiPreset } from './kimi-provider';
import catalog from './models.json';

const kimi = createKimiProvider({ apiKey: 'test-moonshot-key', fetch: () => Promise.reject(new Error('no calls here')), logger: silentLogger });
const model = (id: string) => kimi.models().find((entry) => entry.id === `kimi/${id}`)!;

describe('kimi catalog', () => {
  it('prices Kimi K2.5 as Moonshot\'s international platform lists it, in USD per 1M tokens', () => {
    // platform.moonshot.ai/docs/pricing/chat (archived 2026-03-26): kimi-k2.5, 1M tokens, $0.10 cache hit,
    // $0.60 cache miss, $3.00 output, 262,144 tokens of context; visual and text input, thinking and not.
    expect(model('kimi-k2.5')).toMatchObject({
      upstreamId: 'kimi-k2.5', aliases: ['kimi-k2.5'], contextWindow: 262_144,
      pricing: { inputPerMTok: 600_000, cachedInputPerMTok: 100_000, outputPerMTok: 3_000_000 },
      capabilities: expect.arrayContaining(['vision', 'reasoning', 'tools']),
    });
  });

  it('ships no model without prices: a call to one would be billed nothing', () => {
    for (const entry of catalog as readonly ModelCatalogEntry[]) expect(entry.pricing, entry.id).toMatchObject({ inputPerMTok: expect.any(Number), outputPerMTok: expect.any(Number) });
  });
});

describe('kimi wire rules', () => {
  // platform.kimi.ai/docs/guide/use-kimi-k2-thinking-model: K2.6 (and K2.5) think unless `thinking: {type: "disabled"}`;
  // platform.kimi.ai/docs/api/models-overview: their temperature and top_p "cannot be modified".
  const k26 = buildModelCatalog('kimi', [{ id: 'kimi-k2.6' }])[0]!;

  it.each([['kimi-k2.5', model('kimi-k2.5')], ['kimi-k2.6 (added in config)', k26]])('%s: the client\'s thinking choice goes as `thinking`, its temperature and top_p stay home', (_name, info) => {
    const off = convertToOpenAIChatRequest(canonicalRequest({ reasoning: { enabled: false }, temperature: 0.2, topP: 0.5 }), info, kimiPreset);
    expect(off).toMatchObject({ thinking: { type: 'disabled' } });
    expect(off).not.toHaveProperty('temperature');
    expect(off).not.toHaveProperty('top_p');
    expect(convertToOpenAIChatRequest(canonicalRequest({ reasoning: { enabled: true, budgetTokens: 4096 } }), info, kimiPreset)).toMatchObject({ thinking: { type: 'enabled' } });
    expect(convertToOpenAIChatRequest(canonicalRequest(), info, kimiPreset)).not.toHaveProperty('thinking');
  });

  it.each([['kimi-k2.5', model('kimi-k2.5')], ['kimi-k2.6 (added in config)', k26]])('%s: a tool call without reasoning (a loop begun on another model) goes with thinking off, which Moonshot would refuse', (_name, info) => {
    const messages = (reasoning: string[]) => canonicalRequest({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [...reasoning.map((text) => ({ type: 'reasoning' as const, text })), { type: 'tool-call', id: 'toolu_01', name: 'get_weather', input: {} }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01', content: [{ type: 'text', text: 'snow' }] }] },
    ] });
    const warnings: string[] = [];
    expect(convertToOpenAIChatRequest(messages([]), info, kimiPreset, warnings)).toMatchObject({ thinking: { type: 'disabled' } });
    expect(warnings).toEqual([expect.stringContaining('thinking left off')]);
    expect(convertToOpenAIChatRequest(messages(['Need the tool.']), info, kimiPreset)).not.toHaveProperty('thinking');
    const bare = { model: info.upstreamId, messages: [{ role: 'user', content: 'Weather?' }, { role: 'assistant', content: null, tool_calls: [{ id: 'functions.get_weather:0', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'functions.get_weather:0', content: 'snow' }] };
    expect(fitPassthroughBody(bare, info, kimiPreset.wireShape(info.upstreamId))).toMatchObject({ thinking: { type: 'disabled' } });
  });

  it('leaves K2 as it was: no `thinking`, the client\'s temperature sent', () => {
    const body = convertToOpenAIChatRequest(canonicalRequest({ reasoning: { enabled: false }, temperature: 0.2 }), model('kimi-k2-0905-preview'), kimiPreset);
    expect(body).not.toHaveProperty('thinking');
    expect(body).toMatchObject({ temperature: 0.2 });
  });

  it('drops a passthrough temperature and top_p for K2.5, which answers 400 to any but its own; K2 keeps them', () => {
    const body = { model: 'kimi-k2.5', temperature: 0.7, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] };
    expect(fitPassthroughBody(body, model('kimi-k2.5'), kimiPreset.wireShape('kimi-k2.5'))).toEqual({ model: 'kimi-k2.5', messages: body.messages });
    const k2 = { ...body, model: 'kimi-k2-0905-preview' };
    expect(fitPassthroughBody(k2, model('kimi-k2-0905-preview'), kimiPreset.wireShape('kimi-k2-0905-preview'))).toBe(k2);
  });
});
