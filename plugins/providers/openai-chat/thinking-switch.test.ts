import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, ReasoningConfig } from '../../../kernel/canonical/request';
import { createDeepSeekProvider, deepSeekPreset } from '../deepseek/deepseek-provider';
import { canonicalRequest, silentLogger } from '../shared/provider-test-support';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request';
import { fitPassthroughBody } from './fit-passthrough-body';
import { TOOL_LOOP_THINKING_OFF_WARNING } from './tool-loop-reasoning';

const catalog = createDeepSeekProvider({ apiKey: 'k', fetch: async () => new Response(), logger: silentLogger }).models();
const model = (id: string) => catalog.find((candidate) => candidate.id === `deepseek/${id}`)!;
const translated = (id: string, reasoning?: ReasoningConfig) => {
  const body = convertToOpenAIChatRequest(canonicalRequest(reasoning ? { reasoning } : {}), model(id), deepSeekPreset);
  return { model: body.model, thinking: body.thinking, reasoning_effort: body.reasoning_effort };
};
const passthrough = (id: string, body: Record<string, unknown>) => fitPassthroughBody(body, model(id), deepSeekPreset.wireShape(model(id).upstreamId));

describe('DeepSeek\'s thinking switch, translated', () => {
  it('leaves the upstream default (thinking on) when the client says nothing, and turns it off for a client that does', () => {
    expect(translated('deepseek-flash')).toEqual({ model: 'deepseek-flash', thinking: undefined, reasoning_effort: undefined });
    expect(translated('deepseek-flash', { enabled: false })).toEqual({ model: 'deepseek-flash', thinking: { type: 'disabled' }, reasoning_effort: undefined });
  });

  it('writes an effort DeepSeek runs at: minimal and low as low, medium, high and xhigh as high, max as max; a thinking budget by its size', () => {
    for (const [effort, sent] of [['minimal', 'low'], ['low', 'low'], ['medium', 'high'], ['high', 'high'], ['xhigh', 'high'], ['max', 'max']] as const) {
      expect(translated('deepseek-v4-pro', { enabled: true, effort })).toEqual({ model: 'deepseek-v4-pro', thinking: { type: 'enabled' }, reasoning_effort: sent });
    }
    expect(translated('deepseek-flash', { enabled: true, budgetTokens: 1024 })).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'low' });
    expect(translated('deepseek-flash', { enabled: true, budgetTokens: 32_000 })).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'high' });
    expect(translated('deepseek-flash', { enabled: true })).toEqual({ model: 'deepseek-flash', thinking: { type: 'enabled' }, reasoning_effort: undefined });
  });

  it('sends deepseek-chat as Flash with thinking off and deepseek-reasoner as Flash with it on, whatever the client asks', () => {
    expect(translated('deepseek-chat', { enabled: true, effort: 'high' })).toEqual({ model: 'deepseek-flash', thinking: { type: 'disabled' }, reasoning_effort: undefined });
    expect(translated('deepseek-reasoner')).toEqual({ model: 'deepseek-flash', thinking: { type: 'enabled' }, reasoning_effort: undefined });
    expect(translated('deepseek-reasoner', { enabled: false })).toEqual({ model: 'deepseek-flash', thinking: { type: 'enabled' }, reasoning_effort: undefined });
    expect(translated('deepseek-reasoner', { enabled: true, effort: 'minimal' })).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'low' });
  });
});

describe('DeepSeek\'s thinking switch, passthrough', () => {
  it('turns OpenAI\'s reasoning_effort "none" into thinking off, and passes other efforts and bodies as they came', () => {
    expect(passthrough('deepseek-flash', { model: 'deepseek-flash', reasoning_effort: 'none', messages: [] })).toEqual({ model: 'deepseek-flash', thinking: { type: 'disabled' }, messages: [] });
    const body = { model: 'deepseek-flash', reasoning_effort: 'max', messages: [] };
    expect(passthrough('deepseek-flash', body)).toBe(body);
  });

  it('sets the fixed mode of deepseek-chat and deepseek-reasoner over the client\'s', () => {
    expect(passthrough('deepseek-chat', { model: 'deepseek-flash', reasoning_effort: 'high', thinking: { type: 'enabled' }, messages: [] })).toEqual({ model: 'deepseek-flash', thinking: { type: 'disabled' }, messages: [] });
    expect(passthrough('deepseek-reasoner', { model: 'deepseek-flash', reasoning_effort: 'low', messages: [] })).toEqual({ model: 'deepseek-flash', reasoning_effort: 'low', thinking: { type: 'enabled' }, messages: [] });
    expect(passthrough('deepseek-reasoner', { model: 'deepseek-flash', reasoning_effort: 'none', messages: [] })).toEqual({ model: 'deepseek-flash', thinking: { type: 'enabled' }, messages: [] });
  });
});

/** A tool loop as another model left it: the call, its result, and, when that model's reasoning was kept, the reasoning. */
function toolLoop(reasoning?: string): CanonicalMessage[] {
  return [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Kyiv?' }] },
    { role: 'assistant', content: [...(reasoning === undefined ? [] : [{ type: 'reasoning' as const, text: reasoning }]), { type: 'tool-call', id: 'toolu_01', name: 'get_weather', input: { city: 'Kyiv' } }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01', content: [{ type: 'text', text: 'snow' }] }] },
  ];
}

describe('DeepSeek\'s thinking switch in a tool loop whose calls came without reasoning (https://api-docs.deepseek.com/guides/thinking_mode: a 400 otherwise)', () => {
  const translatedLoop = (id: string, messages: CanonicalMessage[], reasoning?: ReasoningConfig) => {
    const warnings: string[] = [];
    const body = convertToOpenAIChatRequest(canonicalRequest({ messages, ...(reasoning ? { reasoning } : {}) }), model(id), deepSeekPreset, warnings);
    return { thinking: body.thinking, reasoning_effort: body.reasoning_effort, warnings };
  };

  it('turns thinking off, asked for, by default or fixed on (deepseek-reasoner), with a warning', () => {
    const off = { thinking: { type: 'disabled' }, reasoning_effort: undefined, warnings: [TOOL_LOOP_THINKING_OFF_WARNING] };
    expect(translatedLoop('deepseek-v4-pro', toolLoop())).toEqual(off);
    expect(translatedLoop('deepseek-v4-pro', toolLoop(), { enabled: true, effort: 'high' })).toEqual(off);
    expect(translatedLoop('deepseek-reasoner', toolLoop())).toEqual(off);
    expect(translatedLoop('deepseek-v4-pro', toolLoop(''))).toEqual(off);
  });

  it('keeps thinking on when every call carries its reasoning, and says nothing when thinking was off anyway', () => {
    expect(translatedLoop('deepseek-v4-pro', toolLoop('Need the weather tool.'), { enabled: true, effort: 'high' })).toEqual({ thinking: { type: 'enabled' }, reasoning_effort: 'high', warnings: [] });
    expect(translatedLoop('deepseek-chat', toolLoop())).toEqual({ thinking: { type: 'disabled' }, reasoning_effort: undefined, warnings: [] });
    expect(translatedLoop('deepseek-v4-pro', toolLoop(), { enabled: false })).toEqual({ thinking: { type: 'disabled' }, reasoning_effort: undefined, warnings: [] });
  });

  it('on passthrough, turns the switch off (and drops the effort) for a call without reasoning_content; a body with it goes as it came', () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } };
    const messages = (reasoning?: string) => [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '', ...(reasoning === undefined ? {} : { reasoning_content: reasoning }), tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: 'snow' },
    ];
    const bare = { model: 'deepseek-v4-pro', reasoning_effort: 'max', messages: messages() };
    expect(passthrough('deepseek-v4-pro', bare)).toEqual({ model: 'deepseek-v4-pro', thinking: { type: 'disabled' }, messages: bare.messages });
    expect(passthrough('deepseek-reasoner', { ...bare, model: 'deepseek-flash' })).toEqual({ model: 'deepseek-flash', thinking: { type: 'disabled' }, messages: bare.messages });
    const carried = { model: 'deepseek-v4-pro', reasoning_effort: 'max', messages: messages('Need the tool.') };
    expect(passthrough('deepseek-v4-pro', carried)).toBe(carried);
    const off = { model: 'deepseek-v4-pro', thinking: { type: 'disabled' }, messages: messages() };
    expect(passthrough('deepseek-v4-pro', off)).toBe(off);
  });
});
