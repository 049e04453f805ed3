import { describe, expect, it } from 'vitest';
import { collectedResponse, collectStreamParts } from './collect-stream';
import type { CanonicalResponse } from './response';
import { responseToStreamParts } from './response-to-stream';
import { makeUsage } from './usage';

const response: CanonicalResponse = {
  id: 'msg_1',
  model: 'anthropic/claude-sonnet-4-6',
  content: [
    { type: 'reasoning', text: 'Let me think.', signature: 'sig-abc' },
    { type: 'reasoning', text: '', redactedData: 'opaque-bytes' },
    { type: 'text', text: 'Checking the weather.' },
    { type: 'tool-call', id: 'call_1', name: 'get_weather', input: { city: 'Paris', days: [1, 2] }, providerMetadata: { gemini: { thoughtSignature: 'ts-1' } } },
  ],
  finishReason: 'stop-sequence',
  stopSequence: 'END',
  usage: makeUsage({ inputTokens: 40, outputTokens: 12, cachedInputTokens: 30, reasoningTokens: 5 }),
};

describe('a whole answer and its stream', () => {
  it('fold back into the same answer: signatures, redacted data, tool input and metadata, stop sequence and usage kept', () => {
    const parts = responseToStreamParts(response);
    expect(parts[0]).toEqual({ type: 'message-start', id: 'msg_1', model: response.model, usage: { inputTokens: 40, cachedInputTokens: 30, cacheWriteTokens: 0 } });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop-sequence', stopSequence: 'END', usage: response.usage });
    const collected = collectStreamParts(parts);
    expect(collected).toEqual({ id: 'msg_1', content: response.content, finishReason: 'stop-sequence', stopSequence: 'END', usage: response.usage, upstreamModel: undefined, error: undefined });
  });

  it('keep the model the upstream says answered, the latest a part named', () => {
    const routed = { ...response, upstreamModel: 'gemini-3.8-flash' };
    const parts = responseToStreamParts(routed);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', upstreamModel: 'gemini-3.8-flash' });
    expect(collectedResponse(collectStreamParts(parts), routed.model)).toEqual(routed);
    const named = [{ type: 'message-start', id: 'x', model: 'a/b', upstreamModel: 'first' }, { type: 'usage', usage: response.usage, upstreamModel: 'second' }, { type: 'finish', reason: 'stop', usage: response.usage }] as const;
    expect(collectStreamParts(named).upstreamModel).toBe('second');
  });

  it('opens and closes every block in order, with its index', () => {
    const types = responseToStreamParts(response).map((part) => ('index' in part ? `${part.type}@${part.index}` : part.type));
    expect(types).toEqual([
      'message-start',
      'reasoning-start@0', 'reasoning-delta@0', 'reasoning-signature@0', 'reasoning-end@0',
      'reasoning-start@1', 'reasoning-end@1',
      'text-start@2', 'text-delta@2', 'text-end@2',
      'tool-call-start@3', 'tool-input-delta@3', 'tool-call-end@3',
      'finish',
    ]);
  });
});
