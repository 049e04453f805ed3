import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalMessage } from '../../../kernel/canonical/request';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request';
import { fitPassthroughMessages } from '../anthropic/fit-passthrough-messages';
import { withFittedToolCallIds } from '../openai-chat/fit-passthrough-tool-call-ids';
import { ANTHROPIC_TOOL_USE_IDS, createToolCallIdFitter, fitToolCallId, OPENAI_TOOL_CALL_IDS } from './fit-tool-call-ids';

const geminiId = `call_abc_0__ts__${'x'.repeat(300)}`;
const kimiId = 'functions.get_weather:0';

describe('fitToolCallId', () => {
  it('keeps an id OpenAI takes (up to 40 characters) and makes a longer one a stable 40-character id', () => {
    expect(fitToolCallId('call_abc', OPENAI_TOOL_CALL_IDS)).toBe('call_abc');
    expect(fitToolCallId('c'.repeat(40), OPENAI_TOOL_CALL_IDS)).toBe('c'.repeat(40));
    const fitted = fitToolCallId(geminiId, OPENAI_TOOL_CALL_IDS);
    expect(fitted).toMatch(/^call_[\w-]{35}$/);
    expect(fitToolCallId(geminiId, OPENAI_TOOL_CALL_IDS)).toBe(fitted);
    expect(fitToolCallId(`${geminiId}y`, OPENAI_TOOL_CALL_IDS)).not.toBe(fitted);
  });

  it('keeps an id Anthropic takes ([a-zA-Z0-9_-]) and makes any other a stable toolu_ id, never the same for two ids', () => {
    expect(fitToolCallId('toolu_01A-b_c', ANTHROPIC_TOOL_USE_IDS)).toBe('toolu_01A-b_c');
    expect(fitToolCallId(geminiId, ANTHROPIC_TOOL_USE_IDS)).toBe(geminiId);
    const fitted = fitToolCallId(kimiId, ANTHROPIC_TOOL_USE_IDS);
    expect(fitted).toMatch(/^toolu_[\w-]{26}$/);
    // Replacing the odd characters would make these two one id; hashing keeps them apart.
    expect(fitToolCallId('functions.get_weather:1', ANTHROPIC_TOOL_USE_IDS)).not.toBe(fitted);
    expect(fitToolCallId('functions_get_weather_0', ANTHROPIC_TOOL_USE_IDS)).toBe('functions_get_weather_0');
  });
});

describe('createToolCallIdFitter: no two calls of a request with one id', () => {
  it('gives a repeated call id a new one, and each result the id of the call it answers (results follow their calls)', () => {
    const ids = createToolCallIdFitter(ANTHROPIC_TOOL_USE_IDS);
    const first = ids.call(kimiId);
    expect(first).toBe(fitToolCallId(kimiId, ANTHROPIC_TOOL_USE_IDS));
    expect(ids.result(kimiId)).toBe(first);
    const second = ids.call(kimiId);
    expect(second).toMatch(/^toolu_[\w-]{26}$/);
    expect(second).not.toBe(first);
    expect(ids.result(kimiId)).toBe(second);
    // A repeated id Anthropic would take as it is gets a new one too.
    expect([ids.call('toolu_1'), ids.call('toolu_1')]).toEqual(['toolu_1', expect.not.stringMatching(/^toolu_1$/)]);
  });

  it('matches repeats within one turn in order, gives the same ids for the same conversation, and a result no call waits for the latest call\'s id', () => {
    const run = () => {
      const ids = createToolCallIdFitter(ANTHROPIC_TOOL_USE_IDS);
      const calls = [ids.call(kimiId), ids.call(kimiId)];
      return { calls, results: [ids.result(kimiId), ids.result(kimiId), ids.result(kimiId)] };
    };
    const { calls, results } = run();
    expect(new Set(calls).size).toBe(2);
    expect(results).toEqual([calls[0], calls[1], calls[1]]);
    expect(run()).toEqual({ calls, results });
  });
});

describe('passthrough bodies', () => {
  it('Chat Completions: calls and their results fitted alike, other messages and a body that needs nothing untouched', () => {
    const body = { model: 'gpt-5.4', messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: geminiId, type: 'function', function: { name: 'w', arguments: '{}' } }, { id: 'call_short', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: geminiId, content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_short', content: 'rain' },
    ] };
    const fitted = withFittedToolCallIds(body) as typeof body;
    const calls = fitted.messages[1]!.tool_calls!;
    expect(calls.map((call) => call.id)).toEqual([fitToolCallId(geminiId, OPENAI_TOOL_CALL_IDS), 'call_short']);
    expect(fitted.messages[2]!.tool_call_id).toBe(calls[0]!.id);
    expect(fitted.messages[3]).toBe(body.messages[3]);
    const untouched = { model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] };
    expect(withFittedToolCallIds(untouched)).toBe(untouched);
  });

  it('Messages: tool_use and tool_result ids fitted alike, other blocks and a body that needs nothing untouched', () => {
    const text = { type: 'text', text: 'Checking.' };
    const body = { model: 'claude-sonnet-4-6', messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [text, { type: 'tool_use', id: kimiId, name: 'get_weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: kimiId, content: 'sunny' }] },
    ] };
    const fitted = fitPassthroughMessages(body) as unknown as { messages: { content: { id?: string; tool_use_id?: string }[] }[] };
    const id = fitToolCallId(kimiId, ANTHROPIC_TOOL_USE_IDS);
    expect(fitted.messages[1]!.content[1]!.id).toBe(id);
    expect(fitted.messages[1]!.content[0]).toBe(text);
    expect(fitted.messages[2]!.content[0]!.tool_use_id).toBe(id);
    expect(fitted.messages[0]).toBe(body.messages[0]);
    const untouched = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] }] };
    expect(fitPassthroughMessages(untouched)).toBe(untouched);
  });
});

describe('a conversation whose calls share an id, carried on to Claude', () => {
  // Kimi numbering calls per turn (as the simulator once did): each turn's call is `functions.get_weather:0`.
  const turns = (city: string) => [
    { role: 'assistant', content: [{ type: 'tool_use', id: kimiId, name: 'get_weather', input: { city } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: kimiId, content: `weather in ${city}` }] },
  ];
  type Sent = { role: string; content: { type: string; id?: string; tool_use_id?: string; input?: unknown; content?: unknown }[] }[];
  /** The tool blocks sent, in order, as [id, input or result]: call, result, call, result. */
  const pairs = (messages: Sent) => {
    const blocks = messages.flatMap((message) => message.content).filter((block) => block.type === 'tool_use' || block.type === 'tool_result');
    expect(blocks).toHaveLength(4);
    return blocks.map((block) => [block.id ?? block.tool_use_id, block.input ?? block.content] as const) as unknown as [readonly [string, unknown], readonly [string, unknown], readonly [string, unknown], readonly [string, unknown]];
  };

  it('passed through: each tool_use gets an id of its own, and each tool_result the id of the call before it', () => {
    const body = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Weather?' }, ...turns('Rome'), { role: 'assistant', content: [{ type: 'text', text: 'And Oslo?' }] }, { role: 'user', content: 'yes' }, ...turns('Oslo')] };
    const fitted = fitPassthroughMessages(body) as { messages: Sent };
    const [[romeCall, rome], [romeResult, romeAnswer], [osloCall, oslo], [osloResult, osloAnswer]] = pairs(fitted.messages.filter((message) => Array.isArray(message.content)));
    expect([rome, romeAnswer, oslo, osloAnswer]).toEqual([{ city: 'Rome' }, 'weather in Rome', { city: 'Oslo' }, 'weather in Oslo']);
    expect(romeCall).not.toBe(osloCall);
    expect([romeResult, osloResult]).toEqual([romeCall, osloCall]);
  });

  it('translated: the same', () => {
    const claude = { id: 'anthropic/claude-sonnet-4-6', upstreamId: 'claude-sonnet-4-5-20250929', maxOutputTokens: 64000 } as ModelInfo;
    const canonicalTurns = (city: string): CanonicalMessage[] => [
      { role: 'assistant', content: [{ type: 'tool-call', id: kimiId, name: 'get_weather', input: { city } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: kimiId, content: [{ type: 'text', text: `weather in ${city}` }] }] },
    ];
    const { body } = convertToAnthropicRequest({
      model: 'claude-sonnet-4-6', system: [], tools: [], stop: [], metadata: {}, stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }, ...canonicalTurns('Rome'), { role: 'user', content: [{ type: 'text', text: 'And Oslo?' }] }, ...canonicalTurns('Oslo')],
    }, claude);
    const [[romeCall], [romeResult], [osloCall], [osloResult]] = pairs(body.messages as unknown as Sent);
    expect(romeCall).not.toBe(osloCall);
    expect([romeResult, osloResult]).toEqual([romeCall, osloCall]);
  });
});

describe('fitPassthroughMessages: thinking', () => {
  const loop = (first: Record<string, unknown>) => ({
    model: 'claude-sonnet-4-6', thinking: { type: 'enabled', budget_tokens: 2000 },
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: [first, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
    ],
  });

  it('turns thinking off when leaving out reasoning Claude did not sign leaves the tool call being answered without thinking', () => {
    const fitted = fitPassthroughMessages(loop({ type: 'thinking', thinking: 'DeepSeek reasoned', signature: '' })) as { thinking?: unknown; messages: { content: unknown[] }[] };
    expect(fitted.thinking).toBeUndefined();
    expect(fitted.messages[1]!.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }]);
  });

  it('turns thinking off, and fits nothing else, for a tool call another model made without reasoning', () => {
    const { messages, ...rest } = loop({ type: 'text', text: 'Let me look.' });
    const body = { ...rest, messages: messages.map((message) => (message.role === 'assistant' ? { ...message, content: message.content.slice(1) } : message)) };
    const fitted = fitPassthroughMessages(body);
    expect(fitted).toEqual({ model: 'claude-sonnet-4-6', messages: body.messages });
    expect(fitted.messages).toBe(body.messages);
  });

  it('leaves a body with thinking off as it is', () => {
    const body = { ...loop({ type: 'text', text: 'Let me look.' }), thinking: { type: 'disabled' } };
    expect(fitPassthroughMessages(body)).toBe(body);
  });

  it('keeps thinking when Claude signed the tool turn', () => {
    const body = loop({ type: 'thinking', thinking: 'Claude reasoned', signature: 'SIG' });
    expect(fitPassthroughMessages(body)).toBe(body);
  });
});
