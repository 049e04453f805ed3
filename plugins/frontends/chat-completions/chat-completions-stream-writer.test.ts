import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage } from '../../../kernel/canonical/usage';
import { readRecording, toStreamParts } from '../messages/anthropic-recording';
import { createChatCompletionsStreamWriter } from './chat-completions-stream-writer';
import { toChatStreamParts, type WireChunk } from './openai-recording';

const CHAT_RECORDINGS = ['openai/openai-text', 'deepseek/deepseek-text', 'deepseek/deepseek-reasoning', 'deepseek/deepseek-tool-call', 'kimi/moonshotai-stream'];

const options = { model: 'openai/gpt-5.4', id: 'req_1', created: 1770933892, includeUsage: true };

function writeAll(parts: readonly StreamPart[], writerOptions = options, settledCredits?: number): string {
  const writer = createChatCompletionsStreamWriter(writerOptions);
  return parts.map((part) => writer.write(part)).join('') + writer.end(settledCredits === undefined ? {} : { settledCredits });
}

function dataLines(text: string): string[] {
  return text.split('\n\n').filter(Boolean).map((event) => {
    expect(event.startsWith('data: ')).toBe(true);
    return event.slice('data: '.length);
  });
}

function fakeClient(sse: string): OpenAI {
  return new OpenAI({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
}

const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], stream: true as const, stream_options: { include_usage: true } };

/** The OpenAI SDK's own accumulator, plus reasoning_content (the SDK keeps only its last fragment). */
async function accumulateWithSdk(sse: string) {
  let reasoning = '';
  for await (const chunk of await fakeClient(sse).chat.completions.create(params)) {
    reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
  }
  const completion = await fakeClient(sse).chat.completions.stream(params).finalChatCompletion();
  const choice = completion.choices[0]!;
  const { prompt_tokens, completion_tokens, total_tokens } = completion.usage!;
  return {
    content: choice.message.content,
    reasoning,
    toolCalls: choice.message.tool_calls?.map((call) => (call.type === 'function' ? { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) } : call)),
    finishReason: choice.finish_reason,
    usage: { prompt_tokens, completion_tokens, total_tokens, cached: completion.usage!.prompt_tokens_details?.cached_tokens ?? 0, reasoning: completion.usage!.completion_tokens_details?.reasoning_tokens ?? 0 },
  };
}

function recordingSse(chunks: readonly WireChunk[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

describe('createChatCompletionsStreamWriter replays real OpenAI-style recordings', () => {
  for (const name of CHAT_RECORDINGS) {
    it(`${name}: the OpenAI SDK accumulates the same completion as from the recording`, async () => {
      const chunks = readRecording(`${name}.chunks.txt`) as WireChunk[];
      const ours = await accumulateWithSdk(writeAll(toChatStreamParts(chunks)));
      const theirs = await accumulateWithSdk(recordingSse(chunks));
      expect(ours.content ?? '').toBe(theirs.content ?? '');
      expect(ours).toEqual({ ...theirs, content: ours.content });
      expect(ours.content ?? ours.toolCalls).toBeTruthy();
    });
  }

  it('openai-text: writes role first, content deltas, finish, usage with no choices, then [DONE]', () => {
    const chunks = readRecording('openai/openai-text.chunks.txt') as WireChunk[];
    const lines = dataLines(writeAll(toChatStreamParts(chunks), options, 77));
    expect(lines.at(-1)).toBe('[DONE]');
    const written = lines.slice(0, -1).map((data) => JSON.parse(data) as WireChunk);
    expect(written[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    for (const chunk of written) expect(chunk).toMatchObject({ id: 'chatcmpl-req_1', object: 'chat.completion.chunk', created: 1770933892, model: 'openai/gpt-5.4' });
    const recordedText = chunks.filter((chunk) => chunk.choices[0]?.delta.content).map((chunk) => chunk.choices[0].delta.content);
    expect(written.filter((chunk) => chunk.choices[0]?.delta.content).map((chunk) => chunk.choices[0].delta.content)).toEqual(recordedText);
    expect(written.at(-2)!.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(written.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 }, bytespike_credits: 77 } });
  });
});

describe('createChatCompletionsStreamWriter writes Anthropic recordings for OpenAI clients', () => {
  it('thinking becomes reasoning_content; signatures are left out', async () => {
    const result = await accumulateWithSdk(writeAll(toStreamParts(readRecording('anthropic/anthropic-clear-thinking.1.chunks.txt'))));
    expect(result).toMatchObject({ content: '925 ÷ 5 = 185', finishReason: 'stop', usage: { prompt_tokens: 69, completion_tokens: 53 } });
    expect(result.reasoning).toBe('The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
  });

  it('a tool call after text gets tool index 0, and a call without arguments gets {}', async () => {
    const sse = writeAll(toStreamParts(readRecording('anthropic/anthropic-tool-no-args.chunks.txt')));
    const toolDeltas = dataLines(sse).filter((data) => data.includes('"tool_calls":[')).map((data) => JSON.parse(data).choices[0].delta.tool_calls[0]);
    expect(toolDeltas).toEqual([
      { index: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', type: 'function', function: { name: 'updateIssueList', arguments: '' } },
      { index: 0, function: { arguments: '{}' } },
    ]);
    expect(await accumulateWithSdk(sse)).toMatchObject({ finishReason: 'tool_calls', toolCalls: [{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: {} }] });
  });

  it('numbers parallel tool calls 0, 1, … whatever their canonical block indexes', () => {
    const writer = createChatCompletionsStreamWriter(options);
    const text = [
      writer.write({ type: 'reasoning-start', index: 0 }),
      writer.write({ type: 'tool-call-start', index: 4, id: 'call_a', name: 'a' }),
      writer.write({ type: 'tool-call-start', index: 7, id: 'call_b', name: 'b' }),
      writer.write({ type: 'tool-input-delta', index: 7, json: '{"x":1}' }),
      writer.write({ type: 'tool-input-delta', index: 4, json: '{"y":2}' }),
    ].join('');
    const calls = dataLines(text).slice(1).map((data) => JSON.parse(data).choices[0].delta.tool_calls[0]);
    expect(calls.map((call) => call.index)).toEqual([0, 1, 1, 0]);
  });
});

describe('createChatCompletionsStreamWriter', () => {
  it('sends no usage chunk unless asked, and no usage: null fields', () => {
    const lines = dataLines(writeAll([{ type: 'text-delta', index: 0, text: 'Hi' }, { type: 'finish', reason: 'length', usage: makeUsage({ inputTokens: 3, outputTokens: 1 }) }], { ...options, includeUsage: false }, 5));
    expect(lines).toHaveLength(4);
    expect(lines.join('')).not.toContain('usage');
    expect(JSON.parse(lines[2]!).choices[0].finish_reason).toBe('length');
  });

  it('writes an error line and nothing after it', async () => {
    const writer = createChatCompletionsStreamWriter(options);
    const text = writer.write({ type: 'text-delta', index: 0, text: 'partial' }) + writer.write({ type: 'error', error: { kind: 'overloaded', message: 'Overloaded', retryAfterSeconds: 3 } });
    expect(JSON.parse(dataLines(text).at(-1)!)).toEqual({ error: { message: 'Overloaded', type: 'server_error', code: 'BSK_UPSTREAM_OVERLOADED', param: null } });
    expect(writer.write({ type: 'text-delta', index: 0, text: 'more' }) + writer.end({ settledCredits: 1 })).toBe('');
    await expect(accumulateWithSdk(text)).rejects.toMatchObject({ message: expect.stringContaining('Overloaded') });
  });
});
