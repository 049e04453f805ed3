import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import { buildModelCatalog } from './model-catalog';
import { convertOpenAIChatResponse } from './openai-chat-response';
import { readFixture } from './openai-chat-test-support';
import type { OpenAIChatResponseBody } from './openai-chat-wire';

const [model] = buildModelCatalog('test', [{ id: 'model' }]) as [ModelInfo];

function convertFixture(file: string) {
  return convertOpenAIChatResponse(JSON.parse(readFixture(file)) as OpenAIChatResponseBody, model);
}

describe('openai-chat response: recordings', () => {
  it('openai text', () => {
    const response = convertFixture('openai-text.json');
    expect(response).toMatchObject({ id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU', model: 'test/model', finishReason: 'stop' });
    expect(response.content).toEqual([{ type: 'text', text: expect.stringMatching(/^\*\*Holiday Name:\*\* Galaxy Day/) }]);
    expect(response.usage).toEqual({ inputTokens: 16, outputTokens: 363, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 });
  });

  it('deepseek text: length', () => {
    const response = convertFixture('deepseek-text.json');
    expect(response.finishReason).toBe('length');
    expect(response.usage).toMatchObject({ inputTokens: 13, outputTokens: 300, cachedInputTokens: 0 });
  });

  it('deepseek reasoning: reasoning part before the text, reasoning tokens inside output tokens', () => {
    const response = convertFixture('deepseek-reasoning.json');
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text']);
    expect(response.content[0]).toMatchObject({ text: expect.stringMatching(/^We are asked: "How many 'r's/) });
    expect(response.usage).toEqual({ inputTokens: 18, outputTokens: 345, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 315 });
  });

  it('deepseek tool call: reasoning, the parsed call, cache hits counted once', () => {
    const response = convertFixture('deepseek-tool-call.json');
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content).toEqual([
      { type: 'reasoning', text: expect.stringMatching(/^The user is asking for the weather in San Francisco/) },
      { type: 'tool-call', id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', name: 'weather', input: { location: 'San Francisco' } },
    ]);
    expect(response.usage).toEqual({ inputTokens: 339, outputTokens: 92, cachedInputTokens: 320, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 48 });
  });

  it('kimi text, reasoning (top-level cached_tokens) and tool call (null content)', () => {
    expect(convertFixture('moonshotai-text.json')).toMatchObject({ content: [{ type: 'text', text: 'Hello, world!' }], finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 5 } });
    expect(convertFixture('moonshotai-reasoning.json')).toMatchObject({
      content: [{ type: 'reasoning', text: 'Let me count the letters carefully.' }, { type: 'text', text: 'There are three.' }],
      usage: { inputTokens: 20, outputTokens: 30, cachedInputTokens: 10, reasoningTokens: 22 },
    });
    expect(convertFixture('moonshotai-tool-call.json')).toMatchObject({
      content: [{ type: 'tool-call', id: 'call_abc123', name: 'get_weather', input: { city: 'Paris' } }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 30, outputTokens: 12, cachedInputTokens: 0 },
    });
  });
});

describe('openai-chat response: edge cases', () => {
  it('keeps unparseable tool arguments as text and reads a refusal as text', () => {
    const response = convertOpenAIChatResponse({ id: 'x', choices: [{ message: { content: null, refusal: 'I cannot help with that.', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{"a":' } }] }, finish_reason: 'content_filter' }] }, model);
    expect(response.content).toEqual([{ type: 'text', text: 'I cannot help with that.' }, { type: 'tool-call', id: 'c', name: 'f', input: '{"a":' }]);
    expect(response.finishReason).toBe('content-filter');
  });

  it('an answer that called tools finished for them even where the server said stop (a forced function, vLLM)', () => {
    const toolCalls = [{ id: 'c', function: { name: 'f', arguments: '{}' } }];
    expect(convertOpenAIChatResponse({ id: 'x', choices: [{ message: { content: null, tool_calls: toolCalls }, finish_reason: 'stop' }] }, model).finishReason).toBe('tool-calls');
    expect(convertOpenAIChatResponse({ id: 'x', choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }] }, model).finishReason).toBe('stop');
  });
});
