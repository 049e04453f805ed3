import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { SseParser } from '../../../kernel/sse';
import { collectStreamParts } from '../../../kernel/canonical/collect-stream';
import { callIdWithSignature, signatureInCallId } from './call-id-signature';
import { sseBytesOf, readFixture } from './fixture-responses';
import { GeminiStreamParser } from './gemini-stream-parser';

function parseRecording(file: string): StreamPart[] {
  const sse = new SseParser();
  const parser = new GeminiStreamParser({ modelId: 'gemini/test' });
  const events = [...sse.push(sseBytesOf(file)), ...sse.end()];
  return [...events.flatMap((event) => parser.push(event)), ...parser.end()];
}

/** The thoughtSignature of a recording's chunk (line) and part. */
const signatureIn = (file: string, line: number, part = 0): string =>
  JSON.parse(readFixture(file).split('\n')[line]!).candidates[0].content.parts[part].thoughtSignature;

const usage = (inputTokens: number, visible: number, reasoningTokens: number) => ({ inputTokens, outputTokens: visible + reasoningTokens, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens });

describe('GeminiStreamParser on the recordings', () => {
  it('text: text deltas, then the trailing thought signature as an empty reasoning part', () => {
    const parts = parseRecording('google-text.chunks.txt');
    expect(parts[0]).toEqual({ type: 'message-start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini/test', usage: usage(9, 5, 185) });
    const collected = collectStreamParts(parts);
    expect(collected.content).toEqual([
      { type: 'text', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y' },
      { type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: signatureIn('google-text.chunks.txt', 2) } } },
    ]);
    expect(collected.finishReason).toBe('stop');
    expect(collected.usage).toEqual(usage(9, 23, 185));
    // Every chunk's usage carries the chunk's modelVersion: the model that answered.
    expect(parts.filter((part) => part.type === 'usage').map((part) => 'upstreamModel' in part && part.upstreamModel)).toEqual(['gemini-3-pro-preview', 'gemini-3-pro-preview', 'gemini-3-pro-preview']);
    expect(collected.upstreamModel).toBe('gemini-3-pro-preview');
  });

  it('reasoning: thoughts counted into output and reported as reasoning tokens', () => {
    const collected = collectStreamParts(parseRecording('google-reasoning.chunks.txt'));
    expect(collected.content[0]).toEqual({ type: 'text', text: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.' });
    expect(collected.usage).toEqual(usage(9, 29, 256));
    expect(collected.finishReason).toBe('stop');
  });

  it('tool-call: a whole call with a stable id and its thought signature, in its metadata and its id; STOP becomes tool-calls', () => {
    const parts = parseRecording('google-tool-call.chunks.txt');
    const collected = collectStreamParts(parts);
    const thoughtSignature = signatureIn('google-tool-call.chunks.txt', 0);
    expect(collected.content).toEqual([{
      type: 'tool-call', id: callIdWithSignature('call_b36LacjwM668nsEP2tbsgQQ_0', thoughtSignature), name: 'weather', input: { location: 'San Francisco' },
      providerMetadata: { gemini: { thoughtSignature } },
    }]);
    expect(signatureInCallId((collected.content[0] as { id: string }).id)).toBe(thoughtSignature);
    expect(collected.finishReason).toBe('tool-calls');
    expect(collected.usage).toEqual(usage(29, 15, 45));
    expect(parseRecording('google-tool-call.chunks.txt')).toEqual(parts);
  });

  it('stream-tool-call-arguments: two calls assembled from streamed argument fragments', () => {
    const collected = collectStreamParts(parseRecording('google-stream-tool-call-arguments.chunks.txt'));
    expect(collected.content).toEqual([
      { type: 'tool-call', id: callIdWithSignature('call_dqHOab6xGLzWodAPkPuViA4_0', signatureIn('google-stream-tool-call-arguments.chunks.txt', 0)), name: 'getWeather', input: { location: 'Boston' }, providerMetadata: { gemini: { thoughtSignature: signatureIn('google-stream-tool-call-arguments.chunks.txt', 0) } } },
      { type: 'tool-call', id: 'call_dqHOab6xGLzWodAPkPuViA4_1', name: 'getWeather', input: { location: 'San Francisco' } },
    ]);
    expect(collected.finishReason).toBe('tool-calls');
    expect(collected.usage).toEqual(usage(26, 23, 132));
  });
});

describe('GeminiStreamParser on hand-written chunks', () => {
  const parse = (...chunks: object[]) => {
    const parser = new GeminiStreamParser({ modelId: 'gemini/test' });
    return [...chunks.flatMap((chunk) => parser.pushChunk(chunk)), ...parser.end()];
  };

  it('thought parts become a reasoning block whose signature (prefixed) is the thought signature that ends them', () => {
    const collected = collectStreamParts(parse(
      { responseId: 'r1', candidates: [{ content: { parts: [{ text: 'Thinking about it', thought: true }] } }] },
      { candidates: [{ content: { parts: [{ text: '', thought: true, thoughtSignature: 'SIG' }, { text: 'More thought', thought: true }, { text: 'Answer' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 3, thoughtsTokenCount: 7 } },
    ));
    expect(collected.content).toEqual([
      { type: 'reasoning', text: 'Thinking about it', signature: 'gemini-ts.SIG' },
      { type: 'reasoning', text: 'More thought' },
      { type: 'text', text: 'Answer' },
    ]);
    expect(collected.usage).toEqual({ inputTokens: 100, outputTokens: 10, cachedInputTokens: 60, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 7 });
  });

  it('a signed text part right after thoughts (the non-streamed shape) signs the thoughts\' block, and leaves no empty block', () => {
    const parts = parse({ responseId: 'r2', candidates: [{ content: { parts: [{ text: 'Let me think', thought: true }, { text: 'Hello', thoughtSignature: 'TEXT_SIG' }] }, finishReason: 'STOP' }] });
    expect(parts.filter((part) => part.type.startsWith('reasoning'))).toEqual([
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Let me think' },
      { type: 'reasoning-signature', index: 0, signature: 'gemini-ts.TEXT_SIG' },
      { type: 'reasoning-end', index: 0 },
    ]);
    expect(collectStreamParts(parts).content).toEqual([{ type: 'reasoning', text: 'Let me think', signature: 'gemini-ts.TEXT_SIG' }, { type: 'text', text: 'Hello' }]);
  });

  it('a text part\'s signature streamed after the text, with the thoughts\' block closed, rides in the metadata of an empty block after it', () => {
    const collected = collectStreamParts(parse(
      { responseId: 'r3', candidates: [{ content: { parts: [{ text: 'Let me think', thought: true }] } }] },
      { candidates: [{ content: { parts: [{ text: 'Hello' }] } }] },
      { candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'LATE_SIG' }] }, finishReason: 'STOP' }] },
    ));
    expect(collected.content).toEqual([
      { type: 'reasoning', text: 'Let me think' },
      { type: 'text', text: 'Hello' },
      { type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: 'LATE_SIG' } } },
    ]);
  });

  it('maps finish reasons and a blocked prompt', () => {
    const finishOf = (...chunks: object[]) => parse(...chunks).at(-1);
    expect(finishOf({ candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 'MAX_TOKENS' }] })).toMatchObject({ type: 'finish', reason: 'length' });
    expect(finishOf({ candidates: [{ finishReason: 'SAFETY' }] })).toMatchObject({ type: 'finish', reason: 'content-filter' });
    expect(finishOf({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } })).toMatchObject({ type: 'finish', reason: 'content-filter' });
  });

  it('an error chunk is an error part; a stream without a finish reason ends in one', () => {
    expect(parse({ candidates: [{ content: { parts: [{ text: 'a' }] } }] }, { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }).at(-1))
      .toEqual({ type: 'error', error: { kind: 'overloaded', message: 'The model is overloaded.', status: 503 } });
    expect(parse({ candidates: [{ content: { parts: [{ text: 'a' }] } }] }).at(-1)).toMatchObject({ type: 'error', error: { kind: 'connection' } });
  });
});
