import { describe, expect, it } from 'vitest';
import { BskError } from '../../../kernel/errors';
import { parseChatCompletionsRequest } from './parse-chat-completions-request';

const base = { model: 'gpt-5.4' };

function parse(extra: Record<string, unknown>) {
  return parseChatCompletionsRequest({ ...base, messages: [{ role: 'user', content: 'Hi' }], ...extra });
}

function failure(body: unknown): BskError {
  try {
    parseChatCompletionsRequest(body);
  } catch (error) {
    if (error instanceof BskError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

const user = (content: unknown) => ({ ...base, messages: [{ role: 'user', content }] });

describe('parseChatCompletionsRequest', () => {
  it('reads a minimal request', () => {
    expect(parse({})).toEqual({ model: 'gpt-5.4', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], tools: [], stop: [], metadata: {}, stream: false });
  });

  it('folds system and developer messages into the system prompt', () => {
    const request = parseChatCompletionsRequest({ ...base, messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
      { role: 'user', content: 'Hi', name: 'ana' },
    ] });
    expect(request.system).toEqual([{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use metric units.' }]);
    expect(request.messages).toHaveLength(1);
  });

  it('reads text, images (data: URLs become base64) and files', () => {
    const request = parse({ messages: [{ role: 'user', content: [
      { type: 'text', text: 'Look' },
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'high' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url', image_url: 'https://example.com/legacy.png' },
      { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'file', file: { file_data: 'JVBERi0=' } },
    ] }] });
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' }, detail: 'high' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/legacy.png' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'spec.pdf' },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it('reads a parallel tool round trip with reasoning_content passed back, names filled in', () => {
    const request = parse({ messages: [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      { role: 'assistant', content: null, reasoning_content: 'Two cities, two calls.', tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24°C' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Paris 18, Rome 24.' }, { type: 'refusal', refusal: 'No more.' }] },
    ] });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [
        { type: 'reasoning', text: 'Two cities, two calls.' },
        { type: 'tool-call', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
        { type: 'tool-call', id: 'call_2', name: 'weather', input: { city: 'Rome' } },
      ] },
      { role: 'tool', content: [
        { type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', content: [{ type: 'text', text: '18°C' }] },
        { type: 'tool-result', toolCallId: 'call_2', toolName: 'weather', content: [{ type: 'text', text: '24°C' }] },
      ] },
      { role: 'assistant', content: [{ type: 'text', text: 'Paris 18, Rome 24.' }, { type: 'text', text: 'No more.' }] },
    ]);
  });

  it('keeps tool calls whose arguments are not a JSON object as {}', () => {
    const request = parse({ messages: [{ role: 'assistant', tool_calls: [
      { id: 'a', type: 'function', function: { name: 'f', arguments: '{"cut off' } },
      { id: 'b', type: 'function', function: { name: 'g', arguments: '' } },
      { id: 'c', type: 'function', function: { name: 'h', arguments: '[1]' } },
    ] }] });
    expect(request.messages[0]!.content.map((part) => (part.type === 'tool-call' ? part.input : undefined))).toEqual([{}, {}, {}]);
  });

  it('reads tools, tool_choice and parallel_tool_calls', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const request = parse({
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather now', parameters, strict: true } }, { type: 'function', function: { name: 'noop' } }],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
    expect(request.tools).toEqual([{ name: 'weather', description: 'Weather now', inputSchema: parameters, strict: true }, { name: 'noop', inputSchema: { type: 'object', properties: {} } }]);
    expect(request).toMatchObject({ toolChoice: { type: 'tool', name: 'weather' }, parallelToolCalls: false });
    expect(parse({ tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
    expect(parse({ tool_choice: 'none' }).toolChoice).toEqual({ type: 'none' });
  });

  it('reads response_format', () => {
    expect(parse({ response_format: { type: 'json_object' } }).responseFormat).toEqual({ type: 'json-object' });
    expect(parse({ response_format: { type: 'text' } }).responseFormat).toEqual({ type: 'text' });
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    expect(parse({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true, description: 'd' } } }).responseFormat)
      .toEqual({ type: 'json-schema', name: 'answer', schema, strict: true, description: 'd' });
  });

  it('reads limits, stop, sampling, user, reasoning_effort and stream, ignoring unknown fields', () => {
    const request = parse({ max_tokens: 100, max_completion_tokens: 200, stop: 'END', temperature: 0.2, top_p: 0.5, seed: 7, user: 'u-1', reasoning_effort: 'low', stream: true, stream_options: { include_usage: true }, logprobs: true, logit_bias: { 1: 2 }, presence_penalty: 0.1, store: false, n: 1 });
    expect(request).toMatchObject({ maxTokens: 200, stop: ['END'], temperature: 0.2, topP: 0.5, seed: 7, metadata: { userId: 'u-1' }, reasoning: { enabled: true, effort: 'low' }, stream: true });
    expect(parse({ max_tokens: 100, stop: ['a', 'b'] })).toMatchObject({ maxTokens: 100, stop: ['a', 'b'] });
    expect(parse({ reasoning_effort: 'none' }).reasoning).toEqual({ enabled: false });
    // Every effort some model behind the gateway takes: OpenAI's to xhigh, Claude's and DeepSeek's max; the provider fits it to its model.
    expect(parse({ reasoning_effort: 'xhigh' }).reasoning).toEqual({ enabled: true, effort: 'xhigh' });
    expect(parse({ reasoning_effort: 'max' }).reasoning).toEqual({ enabled: true, effort: 'max' });
    expect(parse({ safety_identifier: 'hash-1', user: 'u-2' }).metadata).toEqual({ userId: 'hash-1' });
  });

  it.each([
    [{ ...base, n: 2, messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_UNSUPPORTED', 'n', 'only one choice per request is supported (n must be 1); send several requests instead'],
    [user([{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }]), 'BSK_CHAT_UNSUPPORTED', 'messages.0.content.0.type', 'audio input is not supported; transcribe it first and send text'],
    [{ ...base, messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'BSK_CHAT_UNSUPPORTED', 'messages.0.role', 'the legacy "function" role is not supported; use "tool" messages with tool_call_id'],
    [{ ...base, messages: [{ role: 'assistant', function_call: { name: 'f', arguments: '{}' } }] }, 'BSK_CHAT_UNSUPPORTED', 'messages.0.function_call', 'legacy function_call is not supported; use tool_calls'],
    [user([{ type: 'file', file: { file_id: 'file-1' } }]), 'BSK_CHAT_UNSUPPORTED', 'messages.0.content.0.file.file_id', 'files uploaded to OpenAI cannot be used through the gateway; send the content as file_data'],
    [{ ...base, modalities: ['text', 'audio'], messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_UNSUPPORTED', 'modalities', 'audio output is not supported'],
    [{ ...base, tools: [{ type: 'custom', custom: { name: 'x' } }], messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_UNSUPPORTED', 'tools.0.type', 'only "function" tools are supported'],
    ['text', 'BSK_CHAT_INVALID_REQUEST', '(root)', 'must be an object, got a string'],
    [{ messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'model', 'is required'],
    [{ ...base }, 'BSK_CHAT_INVALID_REQUEST', 'messages', 'is required'],
    [{ ...base, messages: [{ role: 'robot', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'messages.0.role', 'must be one of "system", "developer", "user", "assistant", "tool", "function"'],
    [user(null), 'BSK_CHAT_INVALID_REQUEST', 'messages.0.content', 'must be an array, got null'],
    [user([{ type: 'video' }]), 'BSK_CHAT_INVALID_REQUEST', 'messages.0.content.0.type', 'must be one of "text", "image_url", "file"'],
    [user([{ type: 'image_url', image_url: { url: 'data:image/png,rawbytes' } }]), 'BSK_CHAT_INVALID_REQUEST', 'messages.0.content.0.image_url.url', 'a data: URL must be base64, like data:image/png;base64,…'],
    [user([{ type: 'image_url', image_url: { url: 'https://x', detail: 'max' } }]), 'BSK_CHAT_INVALID_REQUEST', 'messages.0.content.0.image_url.detail', 'must be one of "auto", "low", "high"'],
    [{ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'messages.0.tool_call_id', 'is required'],
    [{ ...base, messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { arguments: '{}' } }] }] }, 'BSK_CHAT_INVALID_REQUEST', 'messages.0.tool_calls.0.function.name', 'is required'],
    [{ ...base, tool_choice: 'maybe', messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'tool_choice', 'must be one of "auto", "none", "required"'],
    [{ ...base, response_format: { type: 'json_schema' }, messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'response_format.json_schema', 'is required'],
    [{ ...base, max_completion_tokens: 0, messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'max_completion_tokens', 'must be at least 1'],
    [{ ...base, temperature: 3, messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'temperature', 'must be at most 2'],
    [{ ...base, stop: [1], messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'stop.0', 'must be a string, got a number'],
    [{ ...base, reasoning_effort: 'ultra', messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'reasoning_effort', 'must be one of "none", "minimal", "low", "medium", "high", "xhigh", "max"'],
    [{ ...base, stream_options: { include_usage: 'yes' }, messages: [{ role: 'user', content: 'x' }] }, 'BSK_CHAT_INVALID_REQUEST', 'stream_options.include_usage', 'must be a boolean, got a string'],
  ])('refuses %j with %s naming %s', (body, code, param, reason) => {
    const error = failure(body);
    expect(error).toMatchObject({ code, status: 400, details: { param, reason } });
    expect(error.message).toBe(`${param}: ${reason}`);
  });
});
