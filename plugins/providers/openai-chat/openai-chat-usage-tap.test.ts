import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOpenAIChatUsageTap } from './openai-chat-usage-tap';
import { estimatedTokensOf } from '../shared/provider-test-support';

const sse = (...data: string[]) => data.map((payload) => `data: ${payload}\n\n`).join('');
const content = (text: string) => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text }, finish_reason: null }], usage: null });
const FINISH = JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null });
const USAGE = JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } });

function tap(text: string) {
  const usageTap = createOpenAIChatUsageTap(true);
  usageTap.write(new TextEncoder().encode(text));
  return usageTap.end();
}

afterEach(() => vi.restoreAllMocks());

describe('the Chat Completions stream tap', () => {
  it('parses only the events that carry usage, a finish or an error, and the content when the delivered tokens are read', () => {
    const texts = ['Hello', ' there', ', 世界', '!'];
    const parse = vi.spyOn(JSON, 'parse');
    const result = tap(sse(...texts.map(content), FINISH, USAGE, '[DONE]'));
    expect(parse).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ usage: { inputTokens: 5, outputTokens: 9 }, finishReason: 'stop', error: null });
    expect(result.deliveredTokens).toBe(estimatedTokensOf(texts));
    expect(parse).toHaveBeenCalledTimes(2 + texts.length + 2);
  });

  it('reads the model that answered from the usage chunk it parses anyway, parsing nothing more', () => {
    const withModel = (chunk: string, model: string) => JSON.stringify({ ...JSON.parse(chunk), model });
    const chunks = [...['Hello', ' there'].map((text) => withModel(content(text), 'gpt-4.1-2025-04-14')), withModel(FINISH, 'gpt-4.1-2025-04-14'), withModel(USAGE, 'gpt-4.1-2025-04-14')];
    const parse = vi.spyOn(JSON, 'parse');
    const result = tap(sse(...chunks, '[DONE]'));
    expect(parse).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ usage: { outputTokens: 9 }, upstreamModel: 'gpt-4.1-2025-04-14', finishReason: 'stop' });
    // A server that names no model (or not as text) reports none.
    expect(tap(sse(content('Hi'), FINISH, withModel(USAGE, '')))).toMatchObject({ upstreamModel: undefined, usage: { outputTokens: 9 } });
  });

  it('notes when the first content went by: not the role-only chunk before it, and not at all in a stream without content', () => {
    const now = vi.spyOn(performance, 'now');
    const usageTap = createOpenAIChatUsageTap(true);
    const ROLE = JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usage: null });
    now.mockReturnValue(10);
    usageTap.write(new TextEncoder().encode(sse(ROLE)));
    now.mockReturnValue(42);
    usageTap.write(new TextEncoder().encode(sse(content('Hi'), content('!'), FINISH)));
    now.mockReturnValue(99);
    expect(usageTap.end().firstContentAt).toBe(42);
    expect(tap(sse(ROLE, FINISH, USAGE)).firstContentAt).toBeUndefined();
  });

  it('counts a stream longer than what it keeps as it goes, to the same figure', () => {
    const texts = Array.from({ length: 3_000 }, (_, index) => `chunk ${index} `.repeat(10));
    const result = tap(sse(...texts.map(content), FINISH, USAGE, '[DONE]'));
    expect(result.deliveredTokens).toBe(estimatedTokensOf(texts));
    expect(result).toMatchObject({ finishReason: 'stop', usage: { outputTokens: 9 } });
  });

  it('fails the stream at a content chunk that is not JSON, reading nothing after it (a failure never bills)', () => {
    const result = tap(sse(content('one'), '{"choices":[{"delta":{"content":"br', content('two'), FINISH, USAGE));
    expect(result).toMatchObject({ usage: null, finishReason: null, error: { kind: 'malformed-response' } });
    expect(result.deliveredTokens).toBe(estimatedTokensOf(['one']));
  });

  it('reports an unreadable usage event, and an error event, and reads nothing after either', () => {
    expect(tap(sse(content('one'), FINISH, '{"choices":[],"usage":{"prompt_tokens":'))).toMatchObject({ usage: null, finishReason: 'stop', error: { kind: 'malformed-response' } });
    const failed = tap(sse(content('one'), JSON.stringify({ error: { message: 'overloaded', type: 'server_error', code: 'server_overloaded' } }), FINISH, USAGE));
    expect(failed).toMatchObject({ usage: null, finishReason: null, error: { message: 'overloaded' } });
  });

  it('reports a stream that ended, or said [DONE], before a finish reason', () => {
    expect(tap(sse(content('one')))).toMatchObject({ finishReason: null, error: { kind: 'connection' } });
    expect(tap(sse(content('one'), '[DONE]', FINISH))).toMatchObject({ finishReason: null, error: { kind: 'connection' } });
  });
});

describe('the Chat Completions stream tap, on a chunk that is not JSON', () => {
  it('reports it malformed at the write that met it, with its data, without parsing the content around it', () => {
    const usageTap = createOpenAIChatUsageTap(true);
    const parse = vi.spyOn(JSON, 'parse');
    usageTap.write(new TextEncoder().encode(sse(content('Hello'))));
    expect(usageTap.malformed).toBeNull();
    const broken = content(' there').slice(0, 40);
    usageTap.write(new TextEncoder().encode(sse(broken, content('!'))));
    expect(parse).not.toHaveBeenCalled();
    expect(usageTap.malformed).toEqual({ data: broken, error: { kind: 'malformed-response', message: expect.stringContaining('not JSON') } });
    expect(usageTap.end()).toMatchObject({ error: { kind: 'malformed-response' } });
  });
});

describe('the Chat Completions tap, on what servers report differently', () => {
  function tapJson(body: unknown) {
    const usageTap = createOpenAIChatUsageTap(false);
    usageTap.write(new TextEncoder().encode(JSON.stringify(body)));
    return usageTap.end();
  }

  it('counts a whole answer without usage: its reasoning, text and tool-call arguments, as a stream\'s deltas would be', () => {
    const message = { role: 'assistant', reasoning: 'Let me see.', content: 'Checking, 世界.', tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] };
    expect(tapJson({ choices: [{ index: 0, message, finish_reason: 'tool_calls' }] })).toEqual({ usage: null, finishReason: 'tool-calls', error: null, deliveredTokens: estimatedTokensOf(['Let me see.', 'Checking, 世界.', '{"city":"Oslo"}']) });
  });

  it('counts nothing of an answer that reports its output', () => {
    const result = tapJson({ choices: [{ index: 0, message: { content: 'Hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
    expect(result).toEqual({ usage: expect.objectContaining({ inputTokens: 3, outputTokens: 1 }), finishReason: 'stop', error: null });
  });

  it('reads Groq\'s usage inside x_groq on the finishing chunk', () => {
    const groqFinish = JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_01', usage: { queue_time: 0.04, prompt_tokens: 18, completion_tokens: 5, total_tokens: 23 } } });
    expect(tap(sse(content('Hi'), groqFinish, '[DONE]'))).toMatchObject({ usage: { inputTokens: 18, outputTokens: 5 }, finishReason: 'stop', error: null });
  });

  it('classifies OpenRouter\'s numeric error codes, in a body or a stream chunk, as the statuses they stand for', () => {
    const orError = (code: number) => ({ error: { code, message: 'from OpenRouter' } });
    expect(tapJson(orError(429)).error).toMatchObject({ kind: 'rate-limit' });
    expect(tapJson(orError(503)).error).toMatchObject({ kind: 'overloaded' });
    expect(tap(sse(content('Hi'), JSON.stringify({ id: 'c1', ...orError(408), choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] }))).error).toMatchObject({ kind: 'timeout', message: 'from OpenRouter' });
    expect(tapJson(orError(502)).error).toMatchObject({ kind: 'upstream' });
  });
});
