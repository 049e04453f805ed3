import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalMessage, CanonicalRequest, ToolResultPart } from '../../../kernel/canonical/request';
import { deepSeekPreset } from '../deepseek/deepseek-provider';
import { kimiPreset } from '../kimi/kimi-provider';
import { openAIPreset } from '../openai/openai-provider';
import { convertToOpenAIChatRequest, mapReasoningEffort } from './convert-to-openai-chat-request';
import openAIModels from '../openai/models.json';
import { buildModelCatalog, type ModelCatalogEntry } from './model-catalog';
import { type OpenAIChatPreset, PLAIN_WIRE_SHAPE } from './openai-chat-preset';
import { convertOpenAIChatResponse } from './openai-chat-response';
import { canonicalRequest } from '../shared/provider-test-support';
import { readFixture } from './openai-chat-test-support';
import type { OpenAIChatResponseBody } from './openai-chat-wire';

const plainPreset: OpenAIChatPreset = { requiresApiKey: false, sendReasoningBack: false, wireShape: () => PLAIN_WIRE_SHAPE };

function modelOf(provider: string, id: string): ModelInfo {
  return buildModelCatalog(provider, [{ id }])[0]!;
}

/** A recorded tool-call answer, replayed as the assistant turn of the next request with the tool's result. */
function nextTurnAfter(fixture: string): CanonicalMessage[] {
  const answer = convertOpenAIChatResponse(JSON.parse(readFixture(fixture)) as OpenAIChatResponseBody, modelOf('x', 'y'));
  const call = answer.content.find((part) => part.type === 'tool-call')!;
  return [
    { role: 'user', content: [{ type: 'text', text: 'What is the weather in San Francisco?' }] },
    { role: 'assistant', content: answer.content },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: call.id, content: [{ type: 'text', text: '18°C, fog' }] }] },
  ];
}

describe('round trip: reasoning_content goes back on tool-call turns', () => {
  it('deepseek: the recorded reasoning and call return unchanged, the result follows as a tool message', () => {
    const recorded = (JSON.parse(readFixture('deepseek-tool-call.json')) as { choices: [{ message: { reasoning_content: string; tool_calls: [{ id: string; function: { arguments: string } }] } }] }).choices[0].message;
    const body = convertToOpenAIChatRequest(canonicalRequest({ messages: nextTurnAfter('deepseek-tool-call.json') }), modelOf('deepseek', 'deepseek-flash'), deepSeekPreset);
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: recorded.reasoning_content,
      tool_calls: [{ id: recorded.tool_calls[0].id, type: 'function', function: { name: 'weather', arguments: JSON.stringify(JSON.parse(recorded.tool_calls[0].function.arguments)) } }],
    });
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: recorded.tool_calls[0].id, content: '18°C, fog' });
  });

  it('kimi sends reasoning back on a tool-call turn but not on a plain answer; openai never does', () => {
    const messages: CanonicalMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Just greet.' }, { type: 'text', text: 'Hello!' }] },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Need the tool.' }, { type: 'tool-call', id: 'call_abc123', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_abc123', content: [{ type: 'text', text: 'sunny' }] }] },
    ];
    const kimi = convertToOpenAIChatRequest(canonicalRequest({ messages }), modelOf('kimi', 'kimi-k2-thinking'), kimiPreset);
    expect(kimi.messages[1]).toEqual({ role: 'assistant', content: 'Hello!' });
    expect(kimi.messages[3]).toMatchObject({ reasoning_content: 'Need the tool.', tool_calls: [{ id: 'call_abc123', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] });
    const openai = convertToOpenAIChatRequest(canonicalRequest({ messages }), modelOf('openai', 'gpt-4.1'), openAIPreset);
    expect(openai.messages[3]).not.toHaveProperty('reasoning_content');
  });
});

describe('convert-to-openai-chat-request', () => {
  it('parallel tool calls: one assistant message with both calls, one tool message per result in order', () => {
    const body = convertToOpenAIChatRequest(canonicalRequest({
      tools: [{ name: 'weather', description: 'Weather by city', inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }],
      toolChoice: { type: 'required' },
      parallelToolCalls: true,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Paris and Rome?' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'weather', input: { city: 'Paris' } }, { type: 'tool-call', id: 'b', name: 'weather', input: { city: 'Rome' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'sun' }] }, { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'rain' }] }] },
      ],
    }), modelOf('openai', 'gpt-4.1'), openAIPreset);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true } }]);
    expect(body).toMatchObject({ tool_choice: 'required', parallel_tool_calls: true });
    expect((body.messages[1] as { tool_calls: unknown[] }).tool_calls).toHaveLength(2);
    expect(body.messages.slice(2)).toEqual([{ role: 'tool', tool_call_id: 'a', content: 'sun' }, { role: 'tool', tool_call_id: 'b', content: 'rain' }]);
  });

  it('json_schema and json_object response formats, a named tool choice', () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
    const withSchema = convertToOpenAIChatRequest(canonicalRequest({ responseFormat: { type: 'json-schema', name: 'answer', schema, strict: true } }), modelOf('openai', 'gpt-4o'), openAIPreset);
    expect(withSchema.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } });
    expect(convertToOpenAIChatRequest(canonicalRequest({ responseFormat: { type: 'json-object' } }), modelOf('deepseek', 'deepseek-flash'), deepSeekPreset).response_format).toEqual({ type: 'json_object' });
    const named = convertToOpenAIChatRequest(canonicalRequest({ tools: [{ name: 'f', inputSchema: { type: 'object' } }], toolChoice: { type: 'tool', name: 'f' } }), modelOf('kimi', 'kimi-k2-0905-preview'), kimiPreset);
    expect(named.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
  });

  it('asks strict mode only of a schema it takes (closed objects, every property required): else non-strict, not OpenAI\'s 400', () => {
    const loose = { type: 'object', properties: { answer: { type: 'number' }, note: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const body = convertToOpenAIChatRequest(canonicalRequest({ responseFormat: { type: 'json-schema', name: 'answer', schema: loose, strict: true }, tools: [{ name: 'f', inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, strict: true }] }), modelOf('openai', 'gpt-4o'), openAIPreset);
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema: loose, strict: false } });
    expect(body.tools![0]!.function.strict).toBe(false);
  });

  it('a json-schema format to a model whose catalog names JSON mode only (DeepSeek): json_object, the schema in the system prompt', () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
    const deepseekChat = buildModelCatalog('deepseek', [{ id: 'deepseek-flash', capabilities: ['tools', 'json-mode'] }])[0]!;
    const body = convertToOpenAIChatRequest(canonicalRequest({ system: [{ type: 'text', text: 'Be brief.' }], responseFormat: { type: 'json-schema', name: 'answer', schema, strict: true } }), deepseekChat, deepSeekPreset);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]).toEqual({ role: 'system', content: `Be brief.\n\nAnswer with a json object only, and no other text, that matches the JSON Schema "answer" below.\n${JSON.stringify(schema)}` });
  });

  it('gpt-5 and o4-mini: max_completion_tokens, a developer message, no sampling or stop, reasoning_effort kept', () => {
    const request = canonicalRequest({ system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use metric units.' }], maxTokens: 1000, temperature: 0.2, topP: 0.9, stop: ['END'], seed: 7, reasoning: { enabled: true, effort: 'minimal' }, metadata: { userId: 'u1' } });
    for (const id of ['gpt-5', 'gpt-5-mini', 'o4-mini']) {
      const body = convertToOpenAIChatRequest(request, modelOf('openai', id), openAIPreset);
      expect(body).toMatchObject({ model: id, max_completion_tokens: 1000, reasoning_effort: 'minimal', seed: 7, user: 'u1' });
      expect(body.messages[0]).toEqual({ role: 'developer', content: 'Be brief.\n\nUse metric units.' });
      for (const field of ['max_tokens', 'temperature', 'top_p', 'stop']) expect(body).not.toHaveProperty(field);
    }
  });

  it('gpt-4o keeps sampling and a system message and drops reasoning_effort; deepseek and kimi use max_tokens, and only deepseek takes an effort, beside its thinking switch', () => {
    const request = canonicalRequest({ system: [{ type: 'text', text: 'Be brief.' }], maxTokens: 500, temperature: 0.2, topP: 0.9, stop: ['END'], reasoning: { enabled: true, effort: 'high' } });
    const gpt4o = convertToOpenAIChatRequest(request, modelOf('openai', 'gpt-4o'), openAIPreset);
    expect(gpt4o).toMatchObject({ max_completion_tokens: 500, temperature: 0.2, top_p: 0.9, stop: ['END'], messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    expect(gpt4o).not.toHaveProperty('reasoning_effort');
    // OpenAI takes four stop sequences; an Anthropic client may send more: the first four go.
    const manyStops = canonicalRequest({ stop: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(convertToOpenAIChatRequest(manyStops, modelOf('openai', 'gpt-4o'), openAIPreset).stop).toEqual(['a', 'b', 'c', 'd']);
    expect(convertToOpenAIChatRequest(manyStops, modelOf('p', 'deepseek-flash'), deepSeekPreset).stop).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const [preset, id] of [[deepSeekPreset, 'deepseek-flash'], [kimiPreset, 'kimi-k2-0905-preview']] as const) {
      const body = convertToOpenAIChatRequest(request, modelOf('p', id), preset);
      expect(body).toMatchObject({ max_tokens: 500, temperature: 0.2 });
      expect(body).not.toHaveProperty('max_completion_tokens');
    }
    expect(convertToOpenAIChatRequest(request, modelOf('p', 'deepseek-flash'), deepSeekPreset)).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'high' });
    expect(convertToOpenAIChatRequest(request, modelOf('p', 'kimi-k2-0905-preview'), kimiPreset)).not.toHaveProperty('reasoning_effort');
  });

  it('streaming asks for the usage chunk; non-streaming does not', () => {
    expect(convertToOpenAIChatRequest(canonicalRequest({ stream: true }), modelOf('p', 'm'), plainPreset)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(convertToOpenAIChatRequest(canonicalRequest(), modelOf('p', 'm'), plainPreset)).not.toHaveProperty('stream_options');
  });

  it('no tools: no tool_choice or parallel_tool_calls, which OpenAI refuses without tools', () => {
    const body = convertToOpenAIChatRequest(canonicalRequest({ toolChoice: { type: 'none' }, parallelToolCalls: false }), modelOf('p', 'm'), plainPreset);
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(body).not.toHaveProperty('tools');
  });

  it('images as image_url (base64 as data: URLs), PDFs as file parts, text documents as text', () => {
    const body = convertToOpenAIChatRequest(canonicalRequest({ messages: [{ role: 'user', content: [
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'report.pdf' },
      { type: 'document', source: { kind: 'text', text: 'plain notes' } },
    ] }] }), modelOf('openai', 'gpt-4.1'), openAIPreset);
    expect(body.messages[0]).toEqual({ role: 'user', content: [
      { type: 'text', text: 'Compare' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
      { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'text', text: 'plain notes' },
    ] });
  });

  it('a document by URL is refused as an invalid request, not sent half-converted', () => {
    const request = canonicalRequest({ messages: [{ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } }] }] });
    expect(() => convertToOpenAIChatRequest(request, modelOf('openai', 'gpt-4.1'), openAIPreset)).toThrow(expect.objectContaining({ code: 'BSK_UPSTREAM_INVALID_REQUEST' }));
  });

  it('images returned by a tool follow the tool messages in a user message', () => {
    const body = convertToOpenAIChatRequest(canonicalRequest({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'Screenshot please' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 's1', name: 'screenshot', input: {} }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 's1', content: [{ type: 'text', text: 'taken' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] }] },
    ] }), modelOf('openai', 'gpt-4.1'), openAIPreset);
    expect(body.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 's1', content: 'taken\n(The images and documents this tool returned follow in the next user message.)' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);
  });

  it('documents returned by a tool follow the tool messages in a user message, as files with a filename', () => {
    const pdf = { kind: 'base64' as const, mediaType: 'application/pdf', data: 'JVBERi0=' };
    const body = convertToOpenAIChatRequest(canonicalRequest({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'Read both' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'r1', name: 'Read', input: {} }, { type: 'tool-call', id: 'r2', name: 'Read', input: {} }] },
      { role: 'tool', content: [
        { type: 'tool-result', toolCallId: 'r1', content: [{ type: 'document', source: pdf }] },
        { type: 'tool-result', toolCallId: 'r2', content: [{ type: 'text', text: 'notes' }, { type: 'document', title: 'b.pdf', source: pdf }] },
      ] },
    ] }), modelOf('openai', 'gpt-4.1'), openAIPreset);
    expect(body.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'r1', content: '(The images and documents this tool returned follow in the next user message.)' },
      { role: 'tool', tool_call_id: 'r2', content: 'notes\n(The images and documents this tool returned follow in the next user message.)' },
      { role: 'user', content: [
        { type: 'file', file: { filename: 'document', file_data: 'data:application/pdf;base64,JVBERi0=' } },
        { type: 'file', file: { filename: 'b.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      ] },
    ]);
  });

  it('a failed tool\'s result (isError) opens with "Error: ", or reads "Error" when it has no text; the plain preset (openai-compatible) alike', () => {
    const results = (content: ToolResultPart['content']): CanonicalMessage[] => [
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'e1', name: 'run', input: {} }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'e1', content, isError: true }] },
    ];
    const toolContent = (content: ToolResultPart['content']) => convertToOpenAIChatRequest(canonicalRequest({ messages: results(content) }), modelOf('p', 'm'), plainPreset).messages[2];
    expect(toolContent([{ type: 'text', text: 'exit 1' }, { type: 'text', text: 'stderr: boom' }])).toEqual({ role: 'tool', tool_call_id: 'e1', content: 'Error: exit 1\nstderr: boom' });
    expect(toolContent([{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }])).toEqual({ role: 'tool', tool_call_id: 'e1', content: 'Error\n(The images and documents this tool returned follow in the next user message.)' });
  });

  it('maps an Anthropic-style thinking budget to an effort', () => {
    const model = modelOf('openai', 'gpt-5');
    expect(mapReasoningEffort({ enabled: true, budgetTokens: 1024 }, model)).toBe('low');
    expect(mapReasoningEffort({ enabled: true, budgetTokens: 10000 }, model)).toBe('medium');
    expect(mapReasoningEffort({ enabled: true, budgetTokens: 32000 }, model)).toBe('high');
    expect(mapReasoningEffort({ enabled: false, effort: 'high' }, model)).toBeUndefined();
  });

  it('thinking turned off asks a reasoning model for its lowest effort (catalog reasoningEfforts); no thinking config leaves its default', () => {
    const shipped = buildModelCatalog('openai', openAIModels as readonly ModelCatalogEntry[]);
    const effortOf = (id: string, reasoning: CanonicalRequest['reasoning']) => convertToOpenAIChatRequest(canonicalRequest({ ...(reasoning ? { reasoning } : {}) }), shipped.find((model) => model.id === `openai/${id}`)!, openAIPreset).reasoning_effort;
    for (const id of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano']) expect(effortOf(id, { enabled: false })).toBe('minimal');
    expect(effortOf('o4-mini', { enabled: false })).toBe('low');
    expect(effortOf('gpt-5', undefined)).toBeUndefined();
    expect(effortOf('gpt-4.1', { enabled: false })).toBeUndefined();
  });

  it('sends each model only efforts it takes: none turns GPT-5.4 nano off, minimal becomes the next effort up', () => {
    const shipped = buildModelCatalog('openai', openAIModels as readonly ModelCatalogEntry[]);
    const effortOf = (id: string, reasoning: CanonicalRequest['reasoning']) => mapReasoningEffort(reasoning, shipped.find((model) => model.id === `openai/${id}`)!);
    expect(effortOf('gpt-5.4-nano', { enabled: false })).toBe('none');
    expect(effortOf('gpt-5.4-nano', { enabled: true, effort: 'minimal' })).toBe('low');
    expect(effortOf('gpt-5.4-nano', { enabled: true, effort: 'high' })).toBe('high');
    expect(effortOf('o4-mini', { enabled: true, effort: 'minimal' })).toBe('low');
    expect(effortOf('gpt-5', { enabled: true, effort: 'minimal' })).toBe('minimal');
    expect(effortOf('gpt-5.4-nano', { enabled: true, budgetTokens: 1024 })).toBe('low');
  });

  it('sends xhigh and max as the highest effort a model takes, with a warning; a model with no list takes up to high', () => {
    const shipped = buildModelCatalog('openai', openAIModels as readonly ModelCatalogEntry[]);
    const fitted = (model: ModelInfo, effort: 'xhigh' | 'max') => {
      const warnings: string[] = [];
      return [mapReasoningEffort({ enabled: true, effort }, model, warnings), warnings];
    };
    const nano = shipped.find((model) => model.id === 'openai/gpt-5.4-nano')!;
    const gpt5 = shipped.find((model) => model.id === 'openai/gpt-5')!;
    expect(fitted(nano, 'xhigh')).toEqual(['xhigh', []]);
    expect(fitted(nano, 'max')).toEqual(['xhigh', ['reasoning effort max sent as xhigh: openai/gpt-5.4-nano takes low, medium, high, xhigh']]);
    expect(fitted(gpt5, 'xhigh')).toEqual(['high', ['reasoning effort xhigh sent as high: openai/gpt-5 takes minimal, low, medium, high']]);
    expect(fitted(modelOf('vllm', 'qwen3'), 'max')).toEqual(['high', ['reasoning effort max sent as high: vllm/qwen3 takes minimal, low, medium, high']]);
    const warnings: string[] = [];
    expect(convertToOpenAIChatRequest(canonicalRequest({ reasoning: { enabled: true, effort: 'max' } }), modelOf('vllm', 'qwen3'), plainPreset, warnings).reasoning_effort).toBe('high');
    expect(warnings).toHaveLength(1);
  });
});

describe('every request field reaches the body', () => {
  it('a plain upstream gets everything it was given', () => {
    const request: CanonicalRequest = canonicalRequest({ maxTokens: 10, temperature: 0, topP: 1, seed: 1, stop: ['x'], metadata: { userId: 'u' }, reasoning: { enabled: true, effort: 'low' } });
    expect(convertToOpenAIChatRequest(request, modelOf('p', 'm'), plainPreset)).toEqual({
      model: 'm', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 10, temperature: 0, top_p: 1, seed: 1, stop: ['x'], user: 'u', reasoning_effort: 'low', stream: false,
    });
  });
});
