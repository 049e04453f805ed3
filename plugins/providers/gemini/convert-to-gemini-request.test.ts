import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { readFixture } from './fixture-responses';
import { parseGeminiResponse } from './gemini-response';

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
    }));
    expect(body.contents[1]).toEqual({ role: 'model', parts: recorded.candidates[0].content.parts });
    expect(body.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: '{"tempC":14}' } } }] });
  });

  it('puts a text part’s signature back on that text part, as recorded', () => {
    const { recorded, response } = previousTurn('google-text.json');
    const { body } = convertToGeminiRequest(request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: response.content }] }));
    expect(JSON.stringify(body.contents[1]!.parts)).toBe(JSON.stringify(recorded.candidates[0].content.parts));
  });

  it('sends a lone signature as an empty text part and drops foreign reasoning', () => {
    const conversion = convertToGeminiRequest(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [
          { type: 'reasoning', text: 'thought', providerMetadata: { gemini: { thoughtSignature: 'SIG' } } },
          { type: 'reasoning', text: 'anthropic thinking', signature: 'anthropic-sig' },
          { type: 'text', text: 'answer' },
        ] },
      ],
    }));
    expect(conversion.body.contents[1]!.parts).toEqual([{ text: '', thoughtSignature: 'SIG' }, { text: 'answer' }]);
    expect(conversion.warnings).toEqual(['dropped reasoning without a Gemini thought signature']);
  });

  it('uses ToolResultPart.toolName, and refuses a result it cannot name', () => {
    const toolTurn = (toolName?: string): CanonicalRequest['messages'] => [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'x', ...(toolName ? { toolName } : {}), content: [{ type: 'text', text: 'no' }], isError: true }] }];
    expect(convertToGeminiRequest(request({ messages: toolTurn('lookup') })).body.contents[0]!.parts).toEqual([{ functionResponse: { name: 'lookup', response: { error: 'no' } } }]);
    expect(() => convertToGeminiRequest(request({ messages: toolTurn() }))).toThrow(expect.objectContaining({ code: 'BSK_GEMINI_TOOL_NAME_UNKNOWN', status: 400 }));
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
      maxTokens: 256, temperature: 0.3, topP: 0.9, topK: 20, seed: 7, stop: ['END'],
      reasoning: { enabled: true, budgetTokens: 2048 },
    }));
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
    expect(body.generationConfig).toEqual({ maxOutputTokens: 256, temperature: 0.3, topP: 0.9, topK: 20, seed: 7, stopSequences: ['END'], thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } });
    expect(warnings).toEqual(['cache_control dropped: Gemini caches implicitly']);
  });

  it('maps JSON response formats to a JSON MIME type and schema', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } } };
    expect(convertToGeminiRequest(request({ responseFormat: { type: 'json-schema', name: 'a', schema } })).body.generationConfig)
      .toEqual({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } } });
    expect(convertToGeminiRequest(request({ responseFormat: { type: 'json-object' } })).body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('merges a tool turn and the user turn after it into one user content', () => {
    const { body } = convertToGeminiRequest(request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'run', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'ok' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'next' }] },
      ],
    }));
    expect(body.contents.map((content) => content.role)).toEqual(['model', 'user']);
    expect(body.contents[1]!.parts).toHaveLength(2);
  });
});
