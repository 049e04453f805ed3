import { describe, expect, it } from 'vitest';
import { chatCompletionsWire } from './chat-completions-wire';

const event = (chunk: string) => `data: ${chunk}\n\n`;

describe('chatCompletionsWire.isFinalUsageEvent', () => {
  it('is the chunk whose usage is an object, however it is spaced', () => {
    expect(chatCompletionsWire.isFinalUsageEvent(event('{"choices":[],"usage":{"prompt_tokens":3}}'))).toBe(true);
    expect(chatCompletionsWire.isFinalUsageEvent(event('{"choices":[], "usage" : {"prompt_tokens":3}}'))).toBe(true);
  });

  it('is not a chunk with a null usage, or one that only mentions usage in its text', () => {
    expect(chatCompletionsWire.isFinalUsageEvent(event('{"choices":[{"delta":{"content":"hi"}}],"usage":null}'))).toBe(false);
    expect(chatCompletionsWire.isFinalUsageEvent(event('{"choices":[{"delta":{"content":"\\"usage\\": 5"}}],"usage":null}'))).toBe(false);
    expect(chatCompletionsWire.isFinalUsageEvent('data: [DONE]\n\n')).toBe(false);
  });

  it('finds a top-level usage after a nested null one', () => {
    expect(chatCompletionsWire.isFinalUsageEvent(event('{"choices":[{"delta":{},"usage":null}],"usage":{"prompt_tokens":3}}'))).toBe(true);
  });
});
