import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeUsage } from '../../../kernel/canonical/usage';
import { FIXTURES, toCanonicalResponse } from './anthropic-recording';
import { toMessagesResponse } from './to-messages-response';

const RECORDINGS = ['anthropic-text', 'anthropic-clear-thinking.1', 'anthropic-json-tool.1', 'anthropic-tool-no-args', 'anthropic-refusal'];

async function createWithSdk(body: unknown): Promise<Anthropic.Message> {
  const client = new Anthropic({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => Response.json(body) });
  return client.messages.create({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
}

describe('toMessagesResponse', () => {
  for (const name of RECORDINGS) {
    it(`${name}: rebuilds the recorded Message from its canonical form`, async () => {
      const recorded = JSON.parse(readFileSync(new URL(`anthropic/${name}.json`, FIXTURES), 'utf8'));
      const message = toMessagesResponse(toCanonicalResponse(recorded), { model: recorded.model });
      const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } = recorded.usage;
      expect(message).toEqual({
        id: recorded.id, type: 'message', role: 'assistant', model: recorded.model, content: recorded.content,
        stop_reason: recorded.stop_reason, stop_sequence: recorded.stop_sequence ?? null,
        usage: { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens },
      });
      expect(await createWithSdk(message)).toEqual(message);
    });
  }

  it('reports the context edits applied as Anthropic does (its recording of a request that asked for them), which the SDK\'s beta client reads', async () => {
    const recorded = JSON.parse(readFileSync(new URL('anthropic/anthropic-clear-thinking.1.json', FIXTURES), 'utf8'));
    const message = toMessagesResponse(toCanonicalResponse(recorded), { model: recorded.model, contextManagement: { applied_edits: [] } });
    expect(message.context_management).toEqual(recorded.context_management);
    const applied = { applied_edits: [{ type: 'clear_thinking_20251015', cleared_thinking_turns: 2, cleared_input_tokens: 900 }, { type: 'clear_tool_uses_20250919', cleared_tool_uses: 8, cleared_input_tokens: 50_000 }] } as const;
    const client = new Anthropic({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => Response.json(toMessagesResponse(toCanonicalResponse(recorded), { model: recorded.model, contextManagement: applied })) });
    const beta = await client.beta.messages.create({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], context_management: { edits: [{ type: 'clear_thinking_20251015' }, { type: 'clear_tool_uses_20250919' }] }, betas: ['context-management-2025-06-27'] });
    expect(beta.context_management).toEqual(applied);
    expect(toMessagesResponse(toCanonicalResponse(recorded), { model: recorded.model })).not.toHaveProperty('context_management');
  });

  it('converts canonical usage (input includes cache) to Anthropic usage (input excludes it)', () => {
    const message = toMessagesResponse({ id: 'chatcmpl-9', model: 'openai/gpt-5.4', content: [], finishReason: 'length', usage: makeUsage({ inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 50, outputTokens: 7 }) }, { model: 'gpt-5.4' });
    expect(message).toMatchObject({ id: 'msg_chatcmpl-9', model: 'gpt-5.4', stop_reason: 'max_tokens', usage: { input_tokens: 150, output_tokens: 7, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 } });
  });

  it('writes reasoning without a signature as thinking, stop sequences, and non-object tool input as {}', () => {
    const message = toMessagesResponse({
      id: 'msg_2', model: 'deepseek/deepseek-reasoner', finishReason: 'stop-sequence', stopSequence: 'END', usage: makeUsage({}),
      content: [{ type: 'reasoning', text: 'hmm' }, { type: 'tool-call', id: 'call_1', name: 'f', input: 'not an object' }],
    }, { model: 'deepseek-reasoner' });
    expect(message).toMatchObject({
      stop_reason: 'stop_sequence', stop_sequence: 'END',
      content: [{ type: 'thinking', thinking: 'hmm', signature: '' }, { type: 'tool_use', id: 'call_1', name: 'f', input: {} }],
    });
  });

  it('leaves out reasoning that holds nothing a client can keep, and keeps reasoning that holds only a signature', () => {
    const message = toMessagesResponse({
      id: 'msg_4', model: 'gemini/gemini-2.5-flash', finishReason: 'stop', usage: makeUsage({}),
      content: [
        { type: 'text', text: 'Hello' },
        { type: 'reasoning', text: '', providerMetadata: { gemini: { thoughtSignature: 'SIG' } } },
        { type: 'reasoning', text: '', signature: 'openai-rs.rs_1.ENC' },
      ],
    }, { model: 'gemini-2.5-flash' });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello' }, { type: 'thinking', thinking: '', signature: 'openai-rs.rs_1.ENC' }]);
  });

  it.each([['pause', 'pause_turn'], ['content-filter', 'refusal'], ['tool-calls', 'tool_use'], ['other', 'end_turn']] as const)('maps finish %s to %s', (finishReason, stopReason) => {
    expect(toMessagesResponse({ id: 'msg_3', model: 'x', content: [], finishReason, usage: makeUsage({}) }, { model: 'x' }).stop_reason).toBe(stopReason);
  });
});
