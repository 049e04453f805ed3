import OpenAI from 'openai';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeUsage } from '../../../kernel/canonical/usage';
import { FIXTURES } from '../messages/anthropic-recording';
import { toCanonicalChatResponse, type WireChunk } from './openai-recording';
import { toChatCompletion } from './to-chat-completion';

const RECORDINGS = ['openai/openai-text', 'deepseek/deepseek-text', 'deepseek/deepseek-reasoning', 'deepseek/deepseek-tool-call', 'kimi/moonshotai-text', 'kimi/moonshotai-tool-call', 'kimi/moonshotai-reasoning'];

async function createWithSdk(body: unknown) {
  const client = new OpenAI({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => Response.json(body) });
  return client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
}

/** What a client reads from a completion, with arguments parsed so formatting whitespace does not matter. */
function readable(completion: WireChunk) {
  const { message, finish_reason } = completion.choices[0];
  const usage = completion.usage;
  return {
    content: message.content || null,
    reasoning: message.reasoning_content ?? null,
    toolCalls: (message.tool_calls ?? []).map((call: WireChunk) => ({ id: call.id, type: call.type, name: call.function.name, arguments: JSON.parse(call.function.arguments) })),
    finish_reason,
    usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, total_tokens: usage.total_tokens, cached: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0, reasoning: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
  };
}

describe('toChatCompletion', () => {
  for (const name of RECORDINGS) {
    it(`${name}: rebuilds what a client reads from the recorded completion`, async () => {
      const recorded = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as WireChunk;
      const completion = toChatCompletion(toCanonicalChatResponse(recorded), { model: recorded.model, created: recorded.created });
      expect(completion).toMatchObject({ object: 'chat.completion', created: recorded.created, model: recorded.model });
      expect(readable(completion)).toEqual(readable(recorded));
      expect(readable(await createWithSdk(completion) as unknown as WireChunk)).toEqual(readable(recorded));
    });
  }

  it('writes the whole shape, with cached and reasoning tokens and a chatcmpl- id', () => {
    const completion = toChatCompletion({
      id: 'msg_01', model: 'anthropic/claude-sonnet-4-6', finishReason: 'tool-calls',
      usage: makeUsage({ inputTokens: 1000, cachedInputTokens: 800, cacheWriteTokens: 100, outputTokens: 50, reasoningTokens: 20 }),
      content: [
        { type: 'reasoning', text: 'Think', signature: 'sig' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool-call', id: 'toolu_1', name: 'f', input: { a: 1 } },
      ],
    }, { model: 'claude-sonnet-4-6', created: 1700000000 });
    expect(completion).toEqual({
      id: 'chatcmpl-msg_01', object: 'chat.completion', created: 1700000000, model: 'claude-sonnet-4-6',
      choices: [{ index: 0, logprobs: null, finish_reason: 'tool_calls', message: {
        role: 'assistant', content: 'Calling.', refusal: null, reasoning_content: 'Think',
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      } }],
      usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 800 }, completion_tokens_details: { reasoning_tokens: 20 } },
    });
  });

  it.each([['stop-sequence', 'stop'], ['length', 'length'], ['content-filter', 'content_filter'], ['pause', 'stop']] as const)('maps finish %s to %s', (finishReason, wire) => {
    const completion = toChatCompletion({ id: 'x', model: 'x', content: [], finishReason, usage: makeUsage({}) }, { model: 'x', created: 1 }) as { choices: { finish_reason: string; message: { content: unknown } }[] };
    expect(completion.choices[0]!.finish_reason).toBe(wire);
    expect(completion.choices[0]!.message.content).toBeNull();
  });
});
