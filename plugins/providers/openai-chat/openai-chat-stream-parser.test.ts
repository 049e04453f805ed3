import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { OpenAIChatStreamParser } from './openai-chat-stream-parser';
import { collect } from '../shared/provider-test-support';
import { chunkedBody, readFixture, sseTextOf, summarizeParts } from './openai-chat-test-support';
import { readOpenAIChatStream } from './read-openai-chat-stream';

function replay(text: string, size = 7): Promise<StreamPart[]> {
  return collect(readOpenAIChatStream({ body: chunkedBody(text, size) }, { model: 'test/model', signal: new AbortController().signal }));
}

/** The deltas of one field, read straight from the recording: the oracle for the parser's blocks. */
function recordedDeltas(file: string, field: 'content' | 'reasoning_content'): string {
  return readFixture(file).split('\n').filter(Boolean)
    .map((line) => (JSON.parse(line) as { choices: { delta?: Record<string, string | null> }[] }).choices[0]?.delta?.[field] ?? '')
    .join('');
}

function parse(chunks: readonly object[]): StreamPart[] {
  const parser = new OpenAIChatStreamParser('test/model');
  return [...chunks.flatMap((chunk) => parser.pushData(JSON.stringify(chunk))), ...parser.pushData('[DONE]')];
}

describe('openai-chat stream parser: recordings', () => {
  it('openai text stream: one text block, stop, usage and the model that answered from the final empty-choices chunk', async () => {
    const parts = await replay(sseTextOf('openai-text.chunks.txt'));
    expect(parts.filter((part) => part.type === 'usage')).toEqual([{ type: 'usage', usage: expect.objectContaining({ outputTokens: 300 }), upstreamModel: 'gpt-4.1-nano-2025-04-14' }]);
    const summary = summarizeParts(parts);
    expect(summary.messageStarts).toBe(1);
    expect(summary.blocks.map((block) => block.kind)).toEqual(['text']);
    expect(summary.blocks[0]!.text).toBe(recordedDeltas('openai-text.chunks.txt', 'content'));
    expect(summary.blocks[0]!.text.startsWith('**Holiday Name:')).toBe(true);
    expect(summary.finish).toMatchObject({ reason: 'stop', usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, reasoningTokens: 0, cacheWriteTokens: 0 } });
    expect(summary.errors).toEqual([]);
  });

  it('deepseek text stream: length finish and cache-miss usage', async () => {
    const summary = summarizeParts(await replay(sseTextOf('deepseek-text.chunks.txt'), 64));
    expect(summary.blocks.map((block) => block.kind)).toEqual(['text']);
    expect(summary.blocks[0]!.text).toBe(recordedDeltas('deepseek-text.chunks.txt', 'content'));
    expect(summary.finish).toMatchObject({ reason: 'length', usage: { inputTokens: 13, outputTokens: 400, cachedInputTokens: 0 } });
  });

  it('deepseek reasoning stream: reasoning block then text block, reasoning tokens counted', async () => {
    const summary = summarizeParts(await replay(sseTextOf('deepseek-reasoning.chunks.txt')));
    expect(summary.blocks.map((block) => [block.kind, block.index])).toEqual([['reasoning', 0], ['text', 1]]);
    expect(summary.blocks[0]!.text).toBe(recordedDeltas('deepseek-reasoning.chunks.txt', 'reasoning_content'));
    expect(summary.blocks[0]!.text.startsWith('We need to')).toBe(true);
    expect(summary.blocks[1]!.text).toBe(recordedDeltas('deepseek-reasoning.chunks.txt', 'content'));
    expect(summary.finish).toMatchObject({ reason: 'stop', usage: { inputTokens: 18, outputTokens: 219, reasoningTokens: 205 } });
  });

  it('deepseek tool-call stream: reasoning, then the call with its id and name first and arguments after', async () => {
    const summary = summarizeParts(await replay(sseTextOf('deepseek-tool-call.chunks.txt'), 3));
    expect(summary.blocks.map((block) => block.kind)).toEqual(['reasoning', 'tool-call']);
    expect(summary.blocks[1]).toMatchObject({ id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', name: 'weather' });
    expect(JSON.parse(summary.blocks[1]!.text)).toEqual({ location: 'San Francisco' });
    expect(summary.finish).toMatchObject({ reason: 'tool-calls', usage: { inputTokens: 339, outputTokens: 83, cachedInputTokens: 320, reasoningTokens: 39 } });
  });

  it('kimi stream: reasoning_content then content, usage on the finishing chunk', async () => {
    const summary = summarizeParts(await replay(sseTextOf('moonshotai-stream.chunks.txt'), 1));
    expect(summary.blocks.map((block) => [block.kind, block.text])).toEqual([['reasoning', 'Thinking aloud. '], ['text', 'Hello!']]);
    expect(summary.finish).toMatchObject({ reason: 'stop', usage: { inputTokens: 9, outputTokens: 12, reasoningTokens: 7 } });
  });

  it('reports the message id and the gateway model in message-start', async () => {
    const parts = await replay(sseTextOf('moonshotai-stream.chunks.txt'));
    expect(parts[0]).toEqual({ type: 'message-start', id: 'chatcmpl-stream', model: 'test/model' });
  });
});

describe('openai-chat stream parser: shapes the recordings do not cover', () => {
  it('parallel tool calls sent one after the other: each call is closed when the next starts', () => {
    const parts = parse([
      { id: 'c0', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] } }] },
      { id: 'c0', choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }] },
      { id: 'c0', choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] } }] },
      { id: 'c0', choices: [{ delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }] } }] },
      { id: 'c0', choices: [{ delta: { tool_calls: [{ index: 1, function: { arguments: '{"zone":"CET"}' } }] } }] },
      { id: 'c0', choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ]);
    expect(parts.map((part) => `${part.type}${'index' in part ? ` ${part.index}` : ''}`)).toEqual([
      'message-start',
      'tool-call-start 0', 'tool-input-delta 0', 'tool-input-delta 0',
      'tool-call-end 0', 'tool-call-start 1', 'tool-input-delta 1', 'tool-call-end 1',
      'finish',
    ]);
  });

  it('parallel tool calls interleaved by index: the later call waits, whole and in order, until the earlier is complete', () => {
    const parts = parse([
      { id: 'c1', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] } }] },
      { id: 'c1', choices: [{ delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"zone"' } }] } }] },
      { id: 'c1', choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] } }] },
      { id: 'c1', choices: [{ delta: { tool_calls: [{ index: 1, function: { arguments: ':"CET"}' } }] } }] },
      { id: 'c1', choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
      { id: 'c1', choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 32 } } },
    ]);
    const summary = summarizeParts(parts);
    expect(summary.blocks).toEqual([
      { kind: 'tool-call', index: 0, id: 'call_a', name: 'weather', text: '{"city":"Paris"}' },
      { kind: 'tool-call', index: 1, id: 'call_b', name: 'time', text: '{"zone":"CET"}' },
    ]);
    // Call 1 starts as soon as call 0's arguments are complete, not at the finish.
    expect(parts.findIndex((part) => part.type === 'tool-call-start' && part.index === 1)).toBeLessThan(parts.findIndex((part) => part.type === 'tool-input-delta' && part.json === ':"CET"}'));
    expect(summary.finish).toMatchObject({ reason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 32 } });
  });

  it('a call still incomplete at the finish holds the later ones back until then', () => {
    const summary = summarizeParts(parse([
      { id: 'c4', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', function: { name: 'weather', arguments: '{"city":"Pa' } }] } }] },
      { id: 'c4', choices: [{ delta: { tool_calls: [{ index: 1, id: 'call_b', function: { name: 'time', arguments: '{}' } }] } }] },
      { id: 'c4', choices: [{ delta: { tool_calls: [{ index: 2, id: 'call_c', function: { name: 'date' } }] } }] },
      { id: 'c4', choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'ris"' } }] } }] },
      { id: 'c4', choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ]));
    expect(summary.blocks.map((block) => [block.index, block.name, block.text])).toEqual([[0, 'weather', '{"city":"Paris"'], [1, 'time', '{}'], [2, 'date', '']]);
  });

  it('text before a tool call is closed when the call starts', () => {
    const parts = parse([
      { id: 'c2', choices: [{ delta: { content: 'Let me check.' } }] },
      { id: 'c2', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_x', function: { name: 'lookup', arguments: '{}' } }] } }] },
      { id: 'c2', choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ]);
    expect(parts.map((part) => part.type)).toEqual(['message-start', 'text-start', 'text-delta', 'text-end', 'tool-call-start', 'tool-input-delta', 'tool-call-end', 'finish']);
  });

  it('reasoning and text around tool calls: one block open at a time', () => {
    const parts = parse([
      { id: 'c5', choices: [{ delta: { reasoning_content: 'Two lookups.' } }] },
      { id: 'c5', choices: [{ delta: { content: 'Checking.' } }] },
      { id: 'c5', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_x', function: { name: 'lookup', arguments: '{"q":1}' } }] } }] },
      { id: 'c5', choices: [{ delta: { content: 'And then:' } }] },
      { id: 'c5', choices: [{ delta: { tool_calls: [{ index: 1, id: 'call_y', function: { name: 'lookup', arguments: '{"q":2}' } }] } }] },
      { id: 'c5', choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ]);
    expect(summarizeParts(parts).blocks.map((block) => [block.kind, block.text])).toEqual([['reasoning', 'Two lookups.'], ['text', 'Checking.'], ['tool-call', '{"q":1}'], ['text', 'And then:'], ['tool-call', '{"q":2}']]);
  });

  it('an error object inside the stream is the last part, classified', () => {
    const parts = parse([
      { id: 'c3', choices: [{ delta: { content: 'Hel' } }] },
      { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } },
      { id: 'c3', choices: [{ delta: { content: 'lo' } }] },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'rate-limit', message: 'Rate limit reached for requests' } });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
  });

  it('a malformed chunk ends the stream with a malformed-response error', () => {
    const parser = new OpenAIChatStreamParser('test/model');
    parser.pushData('{"id":"c4","choices":[{"delta":{"content":"Hi"}}]}');
    expect(parser.pushData('{"id":"c4","choi')).toEqual([{ type: 'error', error: { kind: 'malformed-response', message: expect.stringContaining('not JSON') } }]);
    expect(parser.end()).toEqual([]);
  });

  it('a stream that stops before any finish reason ends with a connection error, not a finish', async () => {
    const text = sseTextOf('openai-text.chunks.txt', { done: false }).split('\n\n').slice(0, 20).join('\n\n');
    const summary = summarizeParts(await replay(text));
    expect(summary.finish).toBeUndefined();
    expect(summary.errors).toEqual([{ kind: 'connection', message: 'the upstream stream ended before a finish reason' }]);
  });

  it('reads `reasoning` (vLLM, Ollama, OpenRouter) like reasoning_content, and usage inside the choice', () => {
    const summary = summarizeParts(parse([
      { id: 'c5', choices: [{ delta: { reasoning: 'hmm' } }] },
      { id: 'c5', choices: [{ delta: { content: 'ok' }, finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 4, cached_tokens: 2 } }] },
    ]));
    expect(summary.blocks.map((block) => [block.kind, block.text])).toEqual([['reasoning', 'hmm'], ['text', 'ok']]);
    expect(summary.finish?.usage).toMatchObject({ inputTokens: 3, outputTokens: 4, cachedInputTokens: 2 });
  });

  it('calls sent whole, each at index 0 with an id of its own (Ollama), stay apart', () => {
    const whole = (id: string, name: string, args: string) => ({ id: 'chatcmpl-7', choices: [{ delta: { role: 'assistant', content: '', tool_calls: [{ id, index: 0, type: 'function', function: { name, arguments: args } }] } }] });
    const summary = summarizeParts(parse([
      whole('call_a', 'weather', '{"city":"Paris"}'),
      whole('call_b', 'time', '{"zone":"CET"}'),
      { id: 'chatcmpl-7', choices: [{ delta: { role: 'assistant', content: '' }, finish_reason: 'tool_calls' }] },
    ]));
    expect(summary.blocks.map((block) => [block.kind, block.id, block.name, block.text])).toEqual([
      ['tool-call', 'call_a', 'weather', '{"city":"Paris"}'],
      ['tool-call', 'call_b', 'time', '{"zone":"CET"}'],
    ]);
  });

  it('an answer that called tools finished for them, whatever word the server used; a cut-off one stays cut off', () => {
    const call = { id: 'c6', choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', function: { name: 'weather', arguments: '{}' } }] } }] };
    const finishing = (reason: string) => summarizeParts(parse([call, { id: 'c6', choices: [{ delta: {}, finish_reason: reason }] }])).finish?.reason;
    expect(['stop', 'tool_call', 'tool_calls', 'length'].map(finishing)).toEqual(['tool-calls', 'tool-calls', 'tool-calls', 'length']);
    expect(summarizeParts(parse([{ id: 'c7', choices: [{ delta: { content: 'hi' }, finish_reason: 'stop' }] }])).finish?.reason).toBe('stop');
  });

  it('reads Groq\'s usage inside x_groq on the finishing chunk', () => {
    const summary = summarizeParts(parse([
      { id: 'c8', choices: [{ delta: { content: 'ok' } }] },
      { id: 'c8', choices: [{ delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_01', usage: { queue_time: 0.04, prompt_tokens: 18, completion_tokens: 5, total_tokens: 23 } } },
    ]));
    expect(summary.finish?.usage).toMatchObject({ inputTokens: 18, outputTokens: 5 });
  });

  it('names calls a server sent without ids after the request when there is one, so no two turns share them', () => {
    const parser = new OpenAIChatStreamParser('test/model', 'req_0192f0c1d2e3f4a5');
    const chunks = [
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { name: 'weather', arguments: '{}' } }] } }] },
      { choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const parts = [...chunks.flatMap((chunk) => parser.pushData(JSON.stringify(chunk))), ...parser.pushData('[DONE]')];
    expect(parts[0]).toEqual({ type: 'message-start', id: 'req_0192f0c1d2e3f4a5', model: 'test/model' });
    expect(summarizeParts(parts).blocks.map((block) => block.id)).toEqual(['call_req_0192f0c1d2e3f4a5_0']);
  });
});
