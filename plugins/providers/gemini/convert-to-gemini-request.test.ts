import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { readFixture } from './fixture-responses';
import { parseGeminiResponse } from './gemini-response';
import catalog from './models.json';

const pro = (catalog as readonly ModelInfo[]).find((entry) => entry.id === 'gemini/gemini-2.5-pro')!;

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'gemini-2.5-pro', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stop: [], metadata: {}, stream: false, ...overrides };
}

function previousTurn(file: string) {
  const recorded = JSON.parse(readFixture(file));
  const response = parseGeminiResponse(recorded, 'gemini/gemini-2.5-pro');
  if ('error' in response) throw new Error(response.error.message);
  return { recorded, response };
}

describe('convertToGeminiRequest: thought signatures go back', () => {
  it('echoes a function call’s thoughtSignature and names the function response from the call', () => {
    const { recorded, response } = previousTurn('google-tool-call.json');
    const call = response.content[0]!;
    if (call.type !== 'tool-call') throw new Error('expected a tool call');
    const { body } = convertToGeminiRequest(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in SF?' }] },
        { role: 'assistant', content: response.content },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: call.id, content: [{ type: 'text', text: '{"tempC":14}' }] }] },
      ],
    }), pro);
    expect(body.contents[1]).toEqual({ role: 'model', parts: recorded.candidates[0].content.parts });
    expect(body.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: '{"tempC":14}' } } }] });
  });

  it('puts a text part’s signature back on that text part, as recorded', () => {
    const { recorded, response } = previousTurn('google-text.json');
    const { body } = convertToGeminiRequest(request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: response.content }] }), pro);
    expect(JSON.stringify(body.contents[1]!.parts)).toBe(JSON.stringify(recorded.candidates[0].content.parts));
  });

  const modelParts = (content: CanonicalRequest['messages'][number]['content']) => {
    const conversion = convertToGeminiRequest(request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content } as CanonicalRequest['messages'][number]] }), pro);
    return { parts: conversion.body.contents[1]!.parts, warnings: conversion.warnings };
  };

  it('puts a thinking block\'s signature (as a Messages client sends it back) on the text after it, where Gemini put it, and drops the thought text', () => {
    const { recorded } = previousTurn('google-reasoning.json');
    const [answer] = recorded.candidates[0].content.parts as [{ text: string; thoughtSignature: string }];
    const { parts, warnings } = modelParts([{ type: 'reasoning', text: 'Counting letters.', signature: `gemini-ts.${answer.thoughtSignature}` }, { type: 'text', text: answer.text }]);
    expect(parts).toEqual([answer]);
    expect(warnings).toEqual([]);
  });

  it('puts a signature that streamed after its text on that text, and one with no text near it on an empty text part', () => {
    expect(modelParts([{ type: 'reasoning', text: 'Thinking' }, { type: 'text', text: 'answer' }, { type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: 'LATE' } } }]).parts)
      .toEqual([{ text: 'answer', thoughtSignature: 'LATE' }]);
    expect(modelParts([{ type: 'reasoning', text: 'Thinking', signature: 'gemini-ts.SIG' }, { type: 'tool-call', id: 'call_1', name: 'weather', input: {} }]).parts)
      .toEqual([{ text: '', thoughtSignature: 'SIG' }, { functionCall: { name: 'weather', args: {} } }]);
  });

  it('drops reasoning other providers signed (Claude\'s, OpenAI\'s) and says so', () => {
    const { parts, warnings } = modelParts([
      { type: 'reasoning', text: 'anthropic thinking', signature: 'anthropic-sig' },
      { type: 'reasoning', text: 'openai reasoning', signature: 'openai-rs.rs_1.ENC' },
      { type: 'text', text: 'answer' },
    ]);
    expect(parts).toEqual([{ text: 'answer' }]);
    expect(warnings).toEqual(['dropped reasoning without a Gemini thought signature', 'dropped reasoning without a Gemini thought signature']);
  });

  it('gives Gemini 3 a current-turn call that lost its signature Google\'s placeholder, and leaves 2.5 and earlier turns as they are', () => {
    const gemini3 = (catalog as readonly ModelInfo[]).find((entry) => entry.id === 'gemini/gemini-3-pro-preview')!;
    const loop = (id: string): CanonicalRequest['messages'] => [
      { role: 'user', content: [{ type: 'text', text: 'Weather in SF?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id, name: 'weather', input: {} }, { type: 'tool-call', id: `${id}b`, name: 'weather', input: { city: 'LA' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: id, content: [{ type: 'text', text: 'fog' }] }, { type: 'tool-result', toolCallId: `${id}b`, content: [{ type: 'text', text: 'sun' }] }] },
    ];
    const earlier = loop('toolu_earlier');
    const sent = convertToGeminiRequest(request({ messages: [...earlier, { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] }, ...loop('toolu_from_claude')] }), gemini3);
    const calls = (index: number) => sent.body.contents[index]!.parts.map((part) => part.thoughtSignature);
    expect(calls(1)).toEqual([undefined, undefined]);
    expect(calls(5)).toEqual(['skip_thought_signature_validator', undefined]);
    expect(sent.warnings).toEqual([expect.stringContaining('function call weather came back without its thought signature')]);
    expect(convertToGeminiRequest(request({ messages: loop('toolu_from_claude') }), pro).body.contents[1]!.parts.map((part) => part.thoughtSignature)).toEqual([undefined, undefined]);
  });

  it('uses ToolResultPart.toolName, and refuses a result it cannot name', () => {
    const toolTurn = (toolName?: string): CanonicalRequest['messages'] => [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'x', ...(toolName ? { toolName } : {}), content: [{ type: 'text', text: 'no' }], isError: true }] }];
    expect(convertToGeminiRequest(request({ messages: toolTurn('lookup') }), pro).body.contents[0]!.parts).toEqual([{ functionResponse: { name: 'lookup', response: { error: 'no' } } }]);
    expect(() => convertToGeminiRequest(request({ messages: toolTurn() }), pro)).toThrow(expect.objectContaining({ code: 'BSK_GEMINI_TOOL_NAME_UNKNOWN', status: 400 }));
  });
});

describe('convertToGeminiRequest: the rest of the request', () => {
  it('maps system, media, tools with 2020-12 schemas, tool choice and generation settings', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', $defs: { unit: { enum: ['c', 'f'] } }, properties: { city: { type: ['string', 'null'] }, unit: { $ref: '#/$defs/unit' } }, additionalProperties: false };
    const { body, warnings } = convertToGeminiRequest(request({
      system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [
        { type: 'text', text: 'Look' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.webp?size=2' } },
        { type: 'document', source: { kind: 'url', url: 'https://example.com/spec' } },
      ] }],
      tools: [{ name: 'weather', description: 'Weather', inputSchema: schema }],
      toolChoice: { type: 'tool', name: 'weather' },
      maxTokens: 4096, temperature: 0.3, topP: 0.9, topK: 20, seed: 7, stop: ['END'],
      reasoning: { enabled: true, budgetTokens: 2048 },
    }), pro);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body.contents[0]!.parts).toEqual([
      { text: 'Look' },
      { inlineData: { mimeType: 'image/png', data: 'iVBOR' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/spec' } },
    ]);
    const { $schema: _dropped, ...withoutSchemaKeyword } = schema;
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'weather', description: 'Weather', parametersJsonSchema: withoutSchemaKeyword }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 4096, temperature: 0.3, topP: 0.9, topK: 20, seed: 7, stopSequences: ['END'], thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } });
    expect(warnings).toEqual(['cache_control dropped: Gemini caches implicitly']);
  });

  it('maps JSON response formats to a JSON MIME type and schema', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } } };
    expect(convertToGeminiRequest(request({ responseFormat: { type: 'json-schema', name: 'a', schema } }), pro).body.generationConfig)
      .toEqual({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } } });
    expect(convertToGeminiRequest(request({ responseFormat: { type: 'json-object' } }), pro).body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('fits reasoning to the model (convert-thinking-config.test.ts has the rules): an effort to a budget below the output cap, off to 2.5 Pro\'s minimum', () => {
    expect(convertToGeminiRequest(request({ maxTokens: 1000, reasoning: { enabled: true, effort: 'low' } }), pro).body.generationConfig).toEqual({ maxOutputTokens: 1000, thinkingConfig: { includeThoughts: true, thinkingBudget: 999 } });
    expect(convertToGeminiRequest(request({ reasoning: { enabled: false } }), pro).body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 128 } });
  });

  it('keeps the first five stop sequences, Gemini\'s most, and says so', () => {
    const stop = ['#1', '#2', '#3', '#4', '#5', '#6', '#7'];
    const { body, warnings } = convertToGeminiRequest(request({ stop }), pro);
    expect(body.generationConfig).toEqual({ stopSequences: ['#1', '#2', '#3', '#4', '#5'] });
    expect(warnings).toEqual(['stop sequences after the first 5 dropped: Gemini takes at most 5']);
    expect(convertToGeminiRequest(request({ stop: stop.slice(0, 5) }), pro)).toEqual({ body: expect.objectContaining({ generationConfig: { stopSequences: stop.slice(0, 5) } }), warnings: [] });
  });

  it('merges a tool turn and the user turn after it into one user content', () => {
    const { body } = convertToGeminiRequest(request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'run', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'ok' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'next' }] },
      ],
    }), pro);
    expect(body.contents.map((content) => content.role)).toEqual(['model', 'user']);
    expect(body.contents[1]!.parts).toHaveLength(2);
  });
});
