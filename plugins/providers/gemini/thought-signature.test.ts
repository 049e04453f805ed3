import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { AssistantContentPart } from '../../../kernel/canonical/request';
import { toMessagesResponse } from '../../frontends/messages/to-messages-response';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request';
import { fitPassthroughMessages } from '../anthropic/fit-passthrough-messages';
import { readFixture } from './fixture-responses';
import { parseGeminiResponse } from './gemini-response';
import type { GeminiResponseChunk } from './gemini-wire-types';
import { geminiReasoningSignature, isGeminiReasoningSignature, thoughtSignatureOfReasoning } from './thought-signature';

const claude = { id: 'anthropic/claude-sonnet-4-6', upstreamId: 'claude-sonnet-4-5-20250929', maxOutputTokens: 64000 } as ModelInfo;

/** A generateContent body: Gemini's thoughts, then the answer carrying the signature (the non-streamed shape). */
function thoughtsThenSignedAnswer(): GeminiResponseChunk {
  const recorded = JSON.parse(readFixture('google-reasoning.json')) as GeminiResponseChunk;
  const answer = recorded.candidates![0]!.content!.parts![0]!;
  return { ...recorded, candidates: [{ ...recorded.candidates![0]!, content: { parts: [{ text: 'Count the r letters.', thought: true }, answer] } }] };
}

const recordedSignature = (body: GeminiResponseChunk) => body.candidates![0]!.content!.parts![1]!.thoughtSignature!;

function messageContent(body: GeminiResponseChunk): unknown[] {
  const response = parseGeminiResponse(body, 'gemini/gemini-2.5-flash');
  if ('error' in response) throw new Error(response.error.message);
  return toMessagesResponse(response, { model: 'gemini-2.5-flash' }).content as unknown[];
}

describe('a Gemini thought signature as a Messages client gets it', () => {
  it('rides in the signature of the thinking block holding the thoughts it signs, prefixed; no empty thinking block follows', () => {
    const body = thoughtsThenSignedAnswer();
    expect(messageContent(body)).toEqual([
      { type: 'thinking', thinking: 'Count the r letters.', signature: `gemini-ts.${recordedSignature(body)}` },
      { type: 'text', text: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.' },
    ]);
  });

  it('is not sent when no thoughts were shown to carry it (a text-part signature, optional to Gemini)', () => {
    expect(messageContent(JSON.parse(readFixture('google-text.json')) as GeminiResponseChunk)).toEqual([
      { type: 'text', text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." },
    ]);
  });

  it('is read back from the signature or the metadata, and only when it is Gemini\'s', () => {
    expect(geminiReasoningSignature('SIG')).toBe('gemini-ts.SIG');
    expect(isGeminiReasoningSignature('gemini-ts.SIG')).toBe(true);
    expect(isGeminiReasoningSignature('EqQBCkgIARABGAIiQL')).toBe(false);
    expect(thoughtSignatureOfReasoning({ type: 'reasoning', text: 't', signature: 'gemini-ts.SIG' })).toBe('SIG');
    expect(thoughtSignatureOfReasoning({ type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: 'META' } } })).toBe('META');
    expect(thoughtSignatureOfReasoning({ type: 'reasoning', text: 't', signature: 'claude-signature' })).toBeUndefined();
    expect(thoughtSignatureOfReasoning({ type: 'reasoning', text: 't', signature: 'gemini-ts.' })).toBeUndefined();
  });
});

describe('Gemini\'s thinking carried on to Claude', () => {
  const geminiTurn: AssistantContentPart[] = [{ type: 'reasoning', text: 'Gemini thought', signature: 'gemini-ts.SIG' }, { type: 'text', text: 'Gemini answered' }];

  it('is left out of a translated request, as Anthropic would refuse the signature', () => {
    const conversion = convertToAnthropicRequest({
      model: 'claude-sonnet-4-6', system: [], tools: [], stop: [], metadata: {}, stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: geminiTurn }, { role: 'user', content: [{ type: 'text', text: 'more' }] }],
    }, claude);
    expect(conversion.body.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Gemini answered' }] });
  });

  it('is left out of a passed-through body', () => {
    const body = { model: 'claude-sonnet-4-6', messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Gemini thought', signature: 'gemini-ts.SIG' }, { type: 'text', text: 'Gemini answered' }] },
      { role: 'user', content: 'more' },
    ] };
    expect((fitPassthroughMessages(body) as typeof body).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Gemini answered' }] });
  });
});
