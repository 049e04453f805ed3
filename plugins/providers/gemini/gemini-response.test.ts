import { describe, expect, it } from 'vitest';
import { readFixture } from './fixture-responses';
import { parseGeminiResponse } from './gemini-response';
import { readGeminiError } from './read-gemini-error';

const parse = (file: string) => parseGeminiResponse(JSON.parse(readFixture(file)), 'gemini/test');

describe('parseGeminiResponse on the recordings', () => {
  it('text, with its signature kept for the next turn, and the model that answered (`modelVersion`)', () => {
    expect(parse('google-text.json')).toEqual({
      id: 'Un6LacrVMcjUxs0PmJfWoQc',
      model: 'gemini/test',
      content: [
        { type: 'text', text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." },
        { type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: JSON.parse(readFixture('google-text.json')).candidates[0].content.parts[0].thoughtSignature } } },
      ],
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 272, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 244 },
      upstreamModel: 'gemini-3-pro-preview',
    });
  });

  it('reasoning', () => {
    expect(parse('google-reasoning.json')).toMatchObject({ finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 311, reasoningTokens: 282 } });
  });

  it('tool call', () => {
    const response = parse('google-tool-call.json');
    expect(response).toMatchObject({
      finishReason: 'tool-calls',
      content: [{ type: 'tool-call', id: expect.stringMatching(/^call_m36LaZGyCLz1xs0PtNSB-QU_0__ts__[\w-]+$/), name: 'weather', input: { location: 'San Francisco' } }],
      usage: { inputTokens: 29, outputTokens: 908, reasoningTokens: 893 },
    });
  });
});

describe('readGeminiError', () => {
  it('429 RESOURCE_EXHAUSTED with RetryInfo gives a rate limit and whole seconds to wait', () => {
    expect(readGeminiError(429, JSON.parse(readFixture('google-429-retry-info.json')))).toEqual({
      kind: 'rate-limit', message: 'You exceeded your current quota, please check your plan.', retryAfterSeconds: 35,
    });
  });

  it('a rejected key is an authentication failure even though Google answers 400', () => {
    const body = { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } };
    expect(readGeminiError(400, body).kind).toBe('authentication');
  });

  it('reads the array-wrapped form and leaves unknown bodies to the status', () => {
    expect(readGeminiError(503, [{ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } }])).toEqual({ kind: 'overloaded', message: 'overloaded' });
    expect(readGeminiError(502, '<html>bad gateway</html>')).toEqual({});
  });
});
