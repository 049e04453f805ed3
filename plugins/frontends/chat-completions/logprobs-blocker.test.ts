import { describe, expect, it } from 'vitest';
import { parseChatCompletionsRequest } from './parse-chat-completions-request';

/** Log probabilities only passthrough can serve: asking for them blocks translation (refused in call-provider). */
const base = { model: 'anthropic/claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] };

describe('logprobs on Chat Completions', () => {
  it.each([
    [{ logprobs: true }, 'logprobs'],
    [{ logprobs: true, top_logprobs: 3 }, 'logprobs'],
    [{ top_logprobs: 2 }, 'top_logprobs'],
  ])('%j blocks translation, naming %s', (fields, param) => {
    expect(parseChatCompletionsRequest({ ...base, ...fields }).translationBlockers).toEqual([
      { param, reason: 'log probabilities come only from models served on Chat Completions as they are (OpenAI, DeepSeek, Kimi, OpenAI-compatible servers); send logprobs: false, or choose one of those' },
    ]);
  });

  it.each([[{}], [{ logprobs: false }], [{ logprobs: null }], [{ logprobs: false, top_logprobs: 0 }]])('%j blocks nothing', (fields) => {
    expect(parseChatCompletionsRequest({ ...base, ...fields }).translationBlockers).toBeUndefined();
  });

  it.each([
    [{ logprobs: 'yes' }, 'logprobs', 'must be a boolean, got a string'],
    [{ logprobs: true, top_logprobs: 1.5 }, 'top_logprobs', 'must be an integer'],
    [{ logprobs: true, top_logprobs: -1 }, 'top_logprobs', 'must be at least 0'],
  ])('refuses %j naming %s', (fields, param, reason) => {
    expect(() => parseChatCompletionsRequest({ ...base, ...fields })).toThrow(expect.objectContaining({ code: 'BSK_CHAT_INVALID_REQUEST', details: { param, reason } }));
  });
});
