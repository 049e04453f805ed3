import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { parseAnthropicResponse } from './anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { readFixture } from './fixture-responses';

const model = { id: 'anthropic/claude-sonnet-4-6', upstreamId: 'claude-sonnet-4-5-20250929', maxOutputTokens: 64000 } as ModelInfo;

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'claude-sonnet-4-6', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stop: [], metadata: {}, stream: false, ...overrides };
}

describe('convertToAnthropicRequest: replaying thinking', () => {
  it('replays a recorded signed thinking block byte for byte', () => {
    const recorded = JSON.parse(readFixture('anthropic-clear-thinking.1.json'));
    const previous = parseAnthropicResponse(recorded, { modelId: model.id });
    const { body } = convertToAnthropicRequest(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is 925 / 5?' }] },
        { role: 'assistant', content: previous.content },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
    }), model);
    expect(JSON.stringify(body.messages[1]!.content)).toBe(JSON.stringify(recorded.content));
  });

  it('replays signature-only and redacted thinking unchanged, and drops unsigned reasoning', () => {
    const conversion = convertToAnthropicRequest(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', signature: 'SIG+only/==' },
            { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
            { type: 'reasoning', text: 'from another provider' },
            { type: 'tool-call', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
          ],
        },
      ],
    }), model);
    expect(conversion.body.messages[1]!.content).toEqual([
      { type: 'thinking', thinking: '', signature: 'SIG+only/==' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
    ]);
    expect(conversion.warnings).toHaveLength(1);
  });
});

describe('convertToAnthropicRequest: prompt shaping', () => {
  it('keeps cache_control on system blocks, tool results and tools', () => {
    const { body } = convertToAnthropicRequest(request({
      system: [{ type: 'text', text: 'You are terse.', cacheControl: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'lookup', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'result' }], cacheControl: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'and?' }] },
      ],
      tools: [{ name: 'lookup', inputSchema: { type: 'object' }, cacheControl: { type: 'ephemeral' } }],
    }), model);
    expect(body.system).toEqual([{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    // The tool turn and the following user turn are one user message, results first.
    expect(body.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'result' }], cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'and?' },
      ],
    });
    expect(body.tools).toEqual([{ name: 'lookup', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }]);
  });

  it('passes a JSON Schema 2020-12 tool schema through as given', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { unit: { enum: ['c', 'f'] } },
      properties: { city: { type: ['string', 'null'] }, unit: { $ref: '#/$defs/unit' }, tags: { type: 'array', prefixItems: [{ type: 'string' }] } },
      additionalProperties: false,
    };
    const { body } = convertToAnthropicRequest(request({ tools: [{ name: 'weather', description: 'Weather', inputSchema: schema }] }), model);
    expect(body.tools![0]!.input_schema).toBe(schema);
  });

  it('maps images, documents, tool errors, tool choice, stops and metadata', () => {
    const { body } = convertToAnthropicRequest(request({
      messages: [
        { role: 'user', content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Spec' },
          { type: 'document', source: { kind: 'text', text: 'plain notes' } },
        ] },
        { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'tool-call', id: 't1', name: 'run', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'boom' }], isError: true }] },
      ],
      tools: [{ name: 'run', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      stop: ['END'],
      metadata: { userId: 'user-7' },
      temperature: 0.2,
      maxTokens: 100,
    }), model);
    expect(body.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Spec' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
    ]);
    expect(body.messages[1]!.content).toEqual([{ type: 'tool_use', id: 't1', name: 'run', input: {} }]);
    expect(body.messages[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'boom' }], is_error: true }]);
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, tool_choice: { type: 'any', disable_parallel_tool_use: true }, stop_sequences: ['END'], metadata: { user_id: 'user-7' }, temperature: 0.2, stream: false });
  });

  it('maps tool choice none and a named tool', () => {
    expect(convertToAnthropicRequest(request({ toolChoice: { type: 'none' } }), model).body.tool_choice).toEqual({ type: 'none' });
    expect(convertToAnthropicRequest(request({ toolChoice: { type: 'tool', name: 'run' } }), model).body.tool_choice).toEqual({ type: 'tool', name: 'run' });
  });

  it('defaults max_tokens to the model’s output limit', () => {
    expect(convertToAnthropicRequest(request({}), model).body.max_tokens).toBe(64000);
  });
});

describe('convertToAnthropicRequest: reasoning and response format', () => {
  it('turns reasoning into a thinking budget that fits under max_tokens, dropping temperature', () => {
    const conversion = convertToAnthropicRequest(request({ reasoning: { enabled: true, budgetTokens: 10_000 }, maxTokens: 4000, temperature: 0.5 }), model);
    expect(conversion.body.thinking).toEqual({ type: 'enabled', budget_tokens: 3999 });
    expect(conversion.body.temperature).toBeUndefined();
    expect(conversion.warnings).toContain('temperature/top_k dropped: not allowed with thinking');
  });

  it('lowers an OpenAI client\'s temperature above 1 to Anthropic\'s top, and says so', () => {
    const conversion = convertToAnthropicRequest(request({ temperature: 1.5 }), model);
    expect(conversion.body.temperature).toBe(1);
    expect(conversion.warnings).toContain('temperature 1.5 lowered to 1: Anthropic takes 0-1');
    expect(convertToAnthropicRequest(request({ temperature: 0.7 }), model).body.temperature).toBe(0.7);
  });

  it('uses an effort-sized budget, disables on request, and leaves thinking off when nothing fits', () => {
    expect(convertToAnthropicRequest(request({ reasoning: { enabled: true, effort: 'low' } }), model).body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(convertToAnthropicRequest(request({ reasoning: { enabled: false } }), model).body.thinking).toEqual({ type: 'disabled' });
    expect(convertToAnthropicRequest(request({ reasoning: { enabled: true }, maxTokens: 500 }), model).body.thinking).toBeUndefined();
  });

  it('maps a JSON schema response format to a forced `json` tool', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const conversion = convertToAnthropicRequest(request({ responseFormat: { type: 'json-schema', name: 'answer', schema } }), model);
    expect(conversion.jsonResponseTool).toBe('json');
    expect(conversion.body.tools).toEqual([{ name: 'json', description: 'Respond with JSON matching answer.', input_schema: schema }]);
    expect(conversion.body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });

  it('drops the response format, with a warning, when the caller has tools of its own', () => {
    const conversion = convertToAnthropicRequest(request({ responseFormat: { type: 'json-object' }, tools: [{ name: 'run', inputSchema: { type: 'object' } }] }), model);
    expect(conversion.jsonResponseTool).toBeUndefined();
    expect(conversion.body.tools!.map((tool) => tool.name)).toEqual(['run']);
    expect(conversion.warnings).toHaveLength(1);
  });
});

describe('convertToAnthropicRequest: structured outputs, where the catalog says the model takes them', () => {
  const structured = { ...model, structuredOutputs: true } as ModelInfo;
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  const format = { type: 'json-schema', name: 'answer', schema, strict: true } as const;

  it('sends a JSON schema response format as output_format under its beta, with no tool', () => {
    const conversion = convertToAnthropicRequest(request({ responseFormat: format }), structured);
    expect(conversion.body.output_format).toEqual({ type: 'json_schema', schema });
    expect(conversion.betas).toEqual(['structured-outputs-2025-11-13']);
    expect(conversion.jsonResponseTool).toBeUndefined();
    expect(conversion.body).not.toHaveProperty('tools');
    expect(conversion.body).not.toHaveProperty('tool_choice');
  });

  it('keeps the caller\'s tools and thinking alongside it, which the forced tool could not', () => {
    const conversion = convertToAnthropicRequest(request({ responseFormat: format, tools: [{ name: 'run', inputSchema: { type: 'object' } }], reasoning: { enabled: true, budgetTokens: 2048 } }), structured);
    expect(conversion.body.output_format).toEqual({ type: 'json_schema', schema });
    expect(conversion.body.tools!.map((tool) => tool.name)).toEqual(['run']);
    expect(conversion.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(conversion.warnings).toEqual([]);
  });

  it('keeps the forced `json` tool for json-object (no schema) and for models without structured outputs, with no beta', () => {
    expect(convertToAnthropicRequest(request({ responseFormat: { type: 'json-object' } }), structured)).toMatchObject({ betas: [], jsonResponseTool: 'json' });
    const older = convertToAnthropicRequest(request({ responseFormat: format }), model);
    expect(older).toMatchObject({ betas: [], jsonResponseTool: 'json' });
    expect(older.body).not.toHaveProperty('output_format');
  });
});

describe('convertToAnthropicRequest: what Claude refuses together', () => {
  const toolLoop = (assistant: CanonicalRequest['messages'][number]['content']): CanonicalRequest['messages'] => [
    { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
    { role: 'assistant', content: assistant } as CanonicalRequest['messages'][number],
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }] },
  ];
  const call = { type: 'tool-call', id: 'toolu_1', name: 'weather', input: {} } as const;

  it('keeps temperature and drops top_p when a client sends both', () => {
    const conversion = convertToAnthropicRequest(request({ temperature: 0.7, topP: 0.9 }), model);
    expect(conversion.body).toMatchObject({ temperature: 0.7 });
    expect(conversion.body.top_p).toBeUndefined();
    expect(conversion.warnings).toContain('top_p dropped: Claude takes temperature or top_p, not both');
    expect(convertToAnthropicRequest(request({ topP: 0.9 }), model).body.top_p).toBe(0.9);
  });

  it('keeps top_p with thinking only from 0.95 up', () => {
    const thinking = { reasoning: { enabled: true, effort: 'low' as const } };
    expect(convertToAnthropicRequest(request({ ...thinking, topP: 0.5 }), model).body.top_p).toBeUndefined();
    expect(convertToAnthropicRequest(request({ ...thinking, topP: 0.97, temperature: 0.2 }), model).body).toMatchObject({ top_p: 0.97, thinking: { type: 'enabled' } });
  });

  it('leaves thinking off for a forced tool, keeping the tool choice', () => {
    const conversion = convertToAnthropicRequest(request({ reasoning: { enabled: true }, tools: [{ name: 'run', inputSchema: { type: 'object' } }], toolChoice: { type: 'required' }, temperature: 0.3 }), model);
    expect(conversion.body.thinking).toBeUndefined();
    expect(conversion.body.tool_choice).toEqual({ type: 'any' });
    expect(conversion.body.temperature).toBe(0.3);
    expect(conversion.warnings).toContain('thinking left off: Anthropic refuses it with a forced tool');
  });

  it('gives xhigh and max, which a budget model has no budget for, high\'s budget, with a warning', () => {
    for (const effort of ['xhigh', 'max'] as const) {
      const conversion = convertToAnthropicRequest(request({ reasoning: { enabled: true, effort } }), model);
      expect(conversion.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
      expect(conversion.warnings).toContain(`reasoning effort ${effort} sent as high: this model takes no effort past high`);
    }
  });

  it('leaves thinking off when the tool call being answered has no signed thinking, and keeps it when it has', () => {
    const unsigned = convertToAnthropicRequest(request({ reasoning: { enabled: true }, messages: toolLoop([call]) }), model);
    expect(unsigned.body.thinking).toBeUndefined();
    expect(unsigned.warnings).toContain('thinking left off: the tool call being answered came without Claude\'s signed thinking');
    const signed = convertToAnthropicRequest(request({ reasoning: { enabled: true }, messages: toolLoop([{ type: 'reasoning', text: 'hm', signature: 'SIG' }, call]) }), model);
    expect(signed.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    // A new question after the loop ended: thinking stays on.
    const later = [...toolLoop([call]), { role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] }, { role: 'user', content: [{ type: 'text', text: 'and tomorrow?' }] }] as CanonicalRequest['messages'];
    expect(convertToAnthropicRequest(request({ reasoning: { enabled: true }, messages: later }), model).body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
  });
});

describe('convertToAnthropicRequest: a model that always reasons (Claude 5, models.json reasoningAlwaysOn)', () => {
  const opus55 = { id: 'anthropic/claude-opus-5-5', upstreamId: 'claude-opus-5-5', maxOutputTokens: 128000, reasoningAlwaysOn: true } as ModelInfo;

  it('maps reasoning to adaptive thinking and an effort, minimal to low, never a budget', () => {
    for (const [effort, expected] of [['minimal', 'low'], ['low', 'low'], ['medium', 'medium'], ['high', 'high']] as const) {
      const { body } = convertToAnthropicRequest(request({ reasoning: { enabled: true, effort, budgetTokens: 9000 } }), opus55);
      expect(body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: expected } });
    }
    expect(convertToAnthropicRequest(request({ reasoning: { enabled: true, budgetTokens: 9000 } }), opus55).body.thinking).toEqual({ type: 'adaptive' });
  });

  it('sends xhigh and max only to a model whose entry lists them (Opus 5, Sonnet 5); another gets the highest it takes, with a warning', () => {
    // platform.claude.com/docs/en/build-with-claude/effort: max and xhigh on Claude Opus 5 and Sonnet 5, among others.
    const opus5 = { ...opus55, id: 'anthropic/claude-opus-5', upstreamId: 'claude-opus-5', reasoningEfforts: ['low', 'medium', 'high', 'xhigh', 'max'] } as ModelInfo;
    for (const effort of ['xhigh', 'max'] as const) {
      const listed = convertToAnthropicRequest(request({ reasoning: { enabled: true, effort } }), opus5);
      expect(listed.body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort } });
      expect(listed.warnings).toEqual([]);
      const unlisted = convertToAnthropicRequest(request({ reasoning: { enabled: true, effort } }), opus55);
      expect(unlisted.body.output_config).toEqual({ effort: 'high' });
      expect(unlisted.warnings).toContain(`reasoning effort ${effort} sent as high: anthropic/claude-opus-5-5 takes low, medium, high`);
    }
  });

  it('never turns thinking off: reasoning off becomes the lowest effort; none asked leaves the model default', () => {
    const off = convertToAnthropicRequest(request({ reasoning: { enabled: false } }), opus55);
    expect(off.body.thinking).toBeUndefined();
    expect(off.body.output_config).toEqual({ effort: 'low' });
    const plain = convertToAnthropicRequest(request({}), opus55).body;
    expect([plain.thinking, plain.output_config]).toEqual([undefined, undefined]);
  });

  it('drops temperature, top_p and top_k, which these models refuse, with a warning', () => {
    const { body, warnings } = convertToAnthropicRequest(request({ temperature: 0.3, topP: 0.97, topK: 5 }), opus55);
    expect([body.temperature, body.top_p, body.top_k]).toEqual([undefined, undefined, undefined]);
    expect(warnings).toContain('temperature/top_p/top_k dropped: this model takes none');
  });

  it('offers the JSON answer tool instead of forcing it', () => {
    const { body } = convertToAnthropicRequest(request({ responseFormat: { type: 'json-object' } }), opus55);
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });
});
