import { describe, expect, it } from 'vitest';
import { answerId } from './answer-id';
import { readFixture } from './openai-chat-test-support';

const REQUEST_ID = 'req_0192f0c1d2e3f4a5b6c7d8e9f0a1b2c3';

/** The ids of the recorded answers and of each recorded stream's first chunk. */
function recordedIds(): string[] {
  const answers = ['openai-text', 'deepseek-text', 'deepseek-reasoning', 'deepseek-tool-call', 'moonshotai-text', 'moonshotai-reasoning', 'moonshotai-tool-call'];
  const streams = ['openai-text', 'deepseek-text', 'deepseek-reasoning', 'deepseek-tool-call'];
  return [
    ...answers.map((name) => (JSON.parse(readFixture(`${name}.json`)) as { id: string }).id),
    ...streams.map((name) => (JSON.parse(readFixture(`${name}.chunks.txt`).split('\n')[0]!) as { id: string }).id),
  ];
}

describe('answer ids', () => {
  it('keeps the ids OpenAI, DeepSeek and Kimi send, as recorded', () => {
    const ids = recordedIds();
    expect(ids).toHaveLength(11);
    for (const id of ids) expect(answerId(id, REQUEST_ID)).toBe(id);
  });

  it('keeps the ids of the other servers that tell answers apart (Groq, vLLM, OpenRouter, TGI-style hex)', () => {
    for (const id of ['chatcmpl-8566e76f-7ded-47d7-a2ca-d212098af00c', 'chatcmpl-0e3b2c5a91f84d7c9a3e2f1b6c4d8e7a', 'gen-1767225600-AbCdEfGhIjKlMnOpQrSt', '8cd38f1b0e2f19fb']) {
      expect(answerId(id, REQUEST_ID)).toBe(id);
    }
  });

  it('stands the request id in for an id the server left out or sent empty', () => {
    expect(answerId(undefined, REQUEST_ID)).toBe(REQUEST_ID);
    expect(answerId(null, REQUEST_ID)).toBe(REQUEST_ID);
    expect(answerId('', REQUEST_ID)).toBe(REQUEST_ID);
  });

  it('appends the request id to one too short to tell answers apart (Ollama\'s chatcmpl-<0..998>)', () => {
    expect(answerId('chatcmpl-7', REQUEST_ID)).toBe(`chatcmpl-7-${REQUEST_ID}`);
    expect(answerId('chatcmpl-998', REQUEST_ID)).toBe(`chatcmpl-998-${REQUEST_ID}`);
  });

  it('leaves ids as they are where there is no request to name them by (a tap counting content)', () => {
    expect(answerId('chatcmpl-7', undefined)).toBe('chatcmpl-7');
    expect(answerId(undefined, undefined)).toBe('');
  });
});
