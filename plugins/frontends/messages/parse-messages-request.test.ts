import { describe, expect, it } from 'vitest';
import { BskError } from '../../../kernel/errors';
import { parseMessagesRequest } from './parse-messages-request';

const base = { model: 'claude-sonnet-4-6', max_tokens: 1024 };

function parse(extra: Record<string, unknown>) {
  return parseMessagesRequest({ ...base, messages: [{ role: 'user', content: 'Hi' }], ...extra });
}

function failure(body: unknown): BskError {
  try {
    parseMessagesRequest(body);
  } catch (error) {
    if (error instanceof BskError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

const PNG = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' };

describe('parseMessagesRequest', () => {
  it('reads a minimal request', () => {
    expect(parse({})).toEqual({
      model: 'claude-sonnet-4-6', maxTokens: 1024, system: [], tools: [], stop: [], metadata: {}, stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('reads system as a string, as blocks with cache_control, and folds role "system" entries', () => {
    const request = parseMessagesRequest({
      ...base,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'system', content: 'Also polite.' }, { role: 'user', content: 'Hi' }],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'You are terse.', cacheControl: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'Also polite.' }]);
    expect(request.messages).toHaveLength(1);
    expect(parse({ system: 'Plain.' }).system).toEqual([{ type: 'text', text: 'Plain.' }]);
  });

  it('reads images and documents of every source kind', () => {
    const request = parse({ messages: [{ role: 'user', content: [
      { type: 'image', source: PNG, cache_control: { type: 'ephemeral' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'Spec' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
      { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] } },
    ] }] });
    expect(request.messages[0]!.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, cacheControl: { type: 'ephemeral' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'Spec' },
      { type: 'document', source: { kind: 'text', text: 'plain words' } },
      { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf', mediaType: 'application/pdf' } },
      { type: 'document', source: { kind: 'text', text: 'one\ntwo' } },
    ]);
  });

  it('reads a tool round trip: thinking, tool_use, tool_result split from the text after it, names filled in', () => {
    const request = parse({ messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [
        { type: 'thinking', thinking: 'Use the tool.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18°C' }, { type: 'image', source: PNG }], cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'And tomorrow?' },
        { type: 'tool_result', tool_use_id: 'toolu_unknown', content: 'late', is_error: true },
      ] },
    ] });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [
        { type: 'reasoning', text: 'Use the tool.', signature: 'sig-1' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
      ] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', toolName: 'weather', content: [{ type: 'text', text: '18°C' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }], cacheControl: { type: 'ephemeral' } }] },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_unknown', content: [{ type: 'text', text: 'late' }], isError: true }] },
    ]);
  });

  it('leaves out blocks the canonical request cannot express, and turns left empty, noting what translation would lose', () => {
    const request = parse({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'Search' }, { type: 'search_result', source: 'x', title: 't', content: [] }, { type: 'image', source: { type: 'file', file_id: 'file_1' } }] },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } }, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Found it.', citations: null }, { type: 'some_future_block', anything: 1 }] },
    ] });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Search' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Found it.' }] },
    ]);
    expect(request.translationBlockers?.map((blocker) => blocker.param)).toEqual(['messages.0.content.1.type', 'messages.0.content.2.source.type', 'messages.2.content.1.type']);
  });

  it('reads tools in any JSON Schema draft and leaves server tools out, noting them as translation blockers', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { items: { type: 'array', prefixItems: [{ type: 'string' }] } }, $defs: { x: { const: 1 } } };
    const request = parse({
      tools: [
        { name: 'lookup', description: 'Find things', input_schema: schema, cache_control: { type: 'ephemeral' } },
        { type: 'custom', name: 'strict_one', input_schema: { type: 'object' }, strict: true },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'bash_20250124', name: 'bash' },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(request.tools).toEqual([
      { name: 'lookup', description: 'Find things', inputSchema: schema, cacheControl: { type: 'ephemeral' } },
      { name: 'strict_one', inputSchema: { type: 'object' }, strict: true },
    ]);
    expect(request.toolChoice).toEqual({ type: 'required' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.translationBlockers?.map((blocker) => blocker.param)).toEqual(['tools.2', 'tools.3']);
  });

  it('reads every tool_choice', () => {
    expect(parse({ tool_choice: { type: 'auto' } }).toolChoice).toEqual({ type: 'auto' });
    expect(parse({ tool_choice: { type: 'none' } }).toolChoice).toEqual({ type: 'none' });
    expect(parse({ tool_choice: { type: 'tool', name: 'lookup', disable_parallel_tool_use: false } })).toMatchObject({ toolChoice: { type: 'tool', name: 'lookup' }, parallelToolCalls: true });
  });

  it('reads thinking, sampling, stop sequences, metadata and stream', () => {
    const request = parse({ thinking: { type: 'enabled', budget_tokens: 2048 }, temperature: 1, top_p: 0.9, top_k: 40, stop_sequences: ['END'], metadata: { user_id: 'u-1' }, stream: true });
    expect(request).toMatchObject({ reasoning: { enabled: true, budgetTokens: 2048 }, temperature: 1, topP: 0.9, topK: 40, stop: ['END'], metadata: { userId: 'u-1' }, stream: true });
    expect(parse({ thinking: { type: 'disabled' } }).reasoning).toEqual({ enabled: false });
    expect(parse({ thinking: { type: 'adaptive' } }).reasoning).toEqual({ enabled: true });
  });

  it('reads output_config.effort (low to max, the SDK\'s OutputConfig) as the effort of thinking that is on; left out otherwise', () => {
    for (const effort of ['low', 'medium', 'high', 'xhigh', 'max']) {
      expect(parse({ thinking: { type: 'adaptive' }, output_config: { effort } }).reasoning).toEqual({ enabled: true, effort });
    }
    expect(parse({ thinking: { type: 'enabled', budget_tokens: 2048 }, output_config: { effort: 'max' } }).reasoning).toEqual({ enabled: true, budgetTokens: 2048, effort: 'max' });
    expect(parse({ thinking: { type: 'disabled' }, output_config: { effort: 'max' } }).reasoning).toEqual({ enabled: false });
    // Without thinking it shapes only Claude's answer, which passthrough keeps; an effort added later is left for Claude to judge.
    expect(parse({ output_config: { effort: 'max' } }).reasoning).toBeUndefined();
    expect(parse({ thinking: { type: 'adaptive' }, output_config: { effort: 'ultra' } }).reasoning).toEqual({ enabled: true });
  });

  it('accepts the fields today\'s clients send that have no canonical place', () => {
    const request = parse({
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      output_config: { effort: 'high' },
      service_tier: 'auto',
      container: 'container_1',
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }],
      anything_new: true,
    });
    expect(request.messages).toHaveLength(1);
  });

  it('reads a structured output format, GA (output_config.format) or beta (output_format), as a strict JSON schema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const wanted = { type: 'json-schema', name: 'output', schema, strict: true };
    expect(parse({ output_config: { effort: 'low', format: { type: 'json_schema', schema } } }).responseFormat).toEqual(wanted);
    expect(parse({ output_format: { type: 'json_schema', schema } }).responseFormat).toEqual(wanted);
    expect(parse({ output_config: { format: { type: 'json_schema', schema } }, output_format: { type: 'json_schema', schema: {} } }).responseFormat).toEqual(wanted);
    expect(parse({ output_config: { effort: 'high' } }).responseFormat).toBeUndefined();
  });

  it.each([
    [{ output_format: { type: 'json_object' } }, 'output_format.type'],
    [{ output_format: { type: 'json_schema' } }, 'output_format.schema'],
    [{ output_config: { format: { schema: {} } } }, 'output_config.format.type'],
  ])('refuses a malformed output format %o naming %s', (fields, param) => {
    expect(failure({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], ...fields })).toMatchObject({ code: 'BSK_MESSAGES_INVALID_REQUEST', details: { param } });
  });

  it('lets count_tokens bodies omit max_tokens', () => {
    expect(parseMessagesRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }, { countTokens: true }).maxTokens).toBeUndefined();
  });

  it.each([
    [[], '(root)', 'must be an object, got an array'],
    [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 5 }, 'model', 'is required'],
    [{ ...base, model: '' , messages: [{ role: 'user', content: 'x' }] }, 'model', 'must not be empty'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', 'is required'],
    [{ ...base, max_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', 'must be an integer'],
    [{ ...base, messages: [] }, 'messages', 'must contain at least one message'],
    [{ ...base, messages: [{ role: 'bot', content: 'x' }] }, 'messages.0.role', 'must be one of "user", "assistant", "system"'],
    [{ ...base, messages: [{ role: 'user' }] }, 'messages.0.content', 'is required'],
    [{ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: [{ text: 'no type' }] }] }, 'messages.2.content.0.type', 'is required'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }] }, 'messages.0.content.0.text', 'must be a string, got a number'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages.0.content.0.type', 'a tool_use block cannot appear in a user message'],
    [{ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b', input: 'x' }] }] }, 'messages.0.content.0.input', 'must be an object, got a string'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'x' } }] }] }, 'messages.0.content.0.source.media_type', 'is required'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages.0.content.0.tool_use_id', 'is required'],
    [{ ...base, system: [{ type: 'image', source: PNG }], messages: [{ role: 'user', content: 'x' }] }, 'system.0.type', 'system blocks must be of type "text"'],
    [{ ...base, tools: [{ name: 'x' }], messages: [{ role: 'user', content: 'x' }] }, 'tools.0.input_schema', 'is required'],
    [{ ...base, tool_choice: { type: 'tool' }, messages: [{ role: 'user', content: 'x' }] }, 'tool_choice.name', 'is required'],
    [{ ...base, thinking: { type: 'enabled' }, messages: [{ role: 'user', content: 'x' }] }, 'thinking.budget_tokens', 'is required'],
    [{ ...base, output_config: { effort: 3 }, messages: [{ role: 'user', content: 'x' }] }, 'output_config.effort', 'must be a string, got a number'],
    [{ ...base, stop_sequences: ['a', 1], messages: [{ role: 'user', content: 'x' }] }, 'stop_sequences.1', 'must be a string, got a number'],
    [{ ...base, temperature: -1, messages: [{ role: 'user', content: 'x' }] }, 'temperature', 'must be at least 0'],
    [{ ...base, stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 'stream', 'must be a boolean, got a string'],
  ])('refuses %j naming %s', (body, param, reason) => {
    const error = failure(body);
    expect(error).toMatchObject({ code: 'BSK_MESSAGES_INVALID_REQUEST', status: 400, details: { param, reason } });
    expect(error.message).toBe(`${param}: ${reason}`);
  });
});
