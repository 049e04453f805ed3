import { describe, expect, it } from 'vitest';
import { makeUsage } from '../../../kernel/canonical/usage';
import { chatCompletionsWire } from './chat-completions-wire';

const event = (chunk: string) => `data: ${chunk}\n\n`;
const isFinal = (rawEvent: string) => chatCompletionsWire.readFinalUsageEvent(rawEvent) !== null;

describe('chatCompletionsWire.readFinalUsageEvent', () => {
  it('is the chunk whose usage is an object, however it is spaced', () => {
    expect(isFinal(event('{"choices":[],"usage":{"prompt_tokens":3}}'))).toBe(true);
    expect(isFinal(event('{"choices":[], "usage" : {"prompt_tokens":3}}'))).toBe(true);
  });

  it('is not a chunk with a null usage, or one that only mentions usage in its text', () => {
    expect(isFinal(event('{"choices":[{"delta":{"content":"hi"}}],"usage":null}'))).toBe(false);
    expect(isFinal(event('{"choices":[{"delta":{"content":"\\"usage\\": 5"}}],"usage":null}'))).toBe(false);
    expect(isFinal('data: [DONE]\n\n')).toBe(false);
  });

  it('finds a top-level usage after a nested null one', () => {
    expect(isFinal(event('{"choices":[{"delta":{},"usage":null}],"usage":{"prompt_tokens":3}}'))).toBe(true);
  });

  it('annotates the event it read with the settled credits, or drops its usage for a client that did not ask for it', () => {
    const final = chatCompletionsWire.readFinalUsageEvent(event('{"id":"c1","choices":[],"usage":{"prompt_tokens":3}}'))!;
    expect(chatCompletionsWire.annotateFinalUsage(final, 42)).toBe(event('{"id":"c1","choices":[],"usage":{"prompt_tokens":3,"bytespike_credits":42}}'));
    expect(chatCompletionsWire.withoutUsage(final)).toBe('');
    const onLastChunk = chatCompletionsWire.readFinalUsageEvent(event('{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3}}'))!;
    expect(chatCompletionsWire.withoutUsage(onLastChunk)).toBe(event('{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":null}'));
  });
});

describe('chatCompletionsWire.withBilledUsage', () => {
  const billed = makeUsage({ inputTokens: 12, outputTokens: 7 });

  it('gives a whole answer that reported no usage (or a null one) the usage billed', () => {
    const answer = { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] };
    for (const body of [answer, { ...answer, usage: null }]) {
      const relayed = JSON.parse(chatCompletionsWire.withBilledUsage!(Buffer.from(JSON.stringify(body)), billed).toString('utf8'));
      expect(relayed).toEqual({ ...answer, usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } } });
    }
  });

  it('leaves a body that is no JSON object as it came', () => {
    const body = Buffer.from('not json');
    expect(chatCompletionsWire.withBilledUsage!(body, billed)).toBe(body);
  });
});
