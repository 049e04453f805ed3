import { describe, expect, it } from 'vitest';
import type { ReasoningConfig } from '../../../kernel/canonical/request';
import { createDeepSeekProvider, deepSeekPreset } from '../deepseek/deepseek-provider';
import { canonicalRequest, silentLogger } from '../shared/provider-test-support';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request';
import { fitPassthroughBody } from './fit-passthrough-body';

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

  it('writes an effort DeepSeek runs at: minimal and low as low, medium and high as high; a thinking budget by its size', () => {
    for (const [effort, sent] of [['minimal', 'low'], ['low', 'low'], ['medium', 'high'], ['high', 'high']] as const) {
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
