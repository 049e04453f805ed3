import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { SseParser } from '../../../kernel/sse';
import { AnthropicStreamParser, type AnthropicStreamParserOptions } from './anthropic-stream-parser';
import { sseBytesOf, summarizeParts } from './fixture-responses';

function parseRecording(file: string, options: Partial<AnthropicStreamParserOptions> = {}): StreamPart[] {
  const sse = new SseParser();
  const parser = new AnthropicStreamParser({ modelId: 'anthropic/test', ...options });
  const events = [...sse.push(sseBytesOf(file)), ...sse.end()];
  return [...events.flatMap((event) => parser.push(event)), ...parser.end()];
}

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 });

describe('AnthropicStreamParser on the recordings', () => {
  it('text: the model that answered from message_start, one text block, end_turn, final usage from message_delta', () => {
    const parts = parseRecording('anthropic-text.chunks.txt');
    const summary = summarizeParts(parts);
    expect(parts[0]).toEqual({ type: 'message-start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'anthropic/test', usage: usage(12, 1), upstreamModel: 'claude-sonnet-4-5-20250929' });
    expect(summary.blocks).toEqual([{ kind: 'text', text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?" }]);
    expect(summary.finish).toEqual({ type: 'finish', reason: 'stop', usage: usage(12, 30) });
    expect(summary.errors).toEqual([]);
  });

  it('clear-thinking: thinking text with its signature, then text', () => {
    const summary = summarizeParts(parseRecording('anthropic-clear-thinking.1.chunks.txt'));
    expect(summary.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text']);
    expect(summary.blocks[0]!.text).toBe('The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
    expect(summary.blocks[0]!.signature).toMatch(/^EvQBCkYICxgCKkAxhD4N.*BgB$/);
    expect(summary.blocks[1]!.text).toBe('925 ÷ 5 = 185');
    expect(summary.finish?.usage).toEqual(usage(69, 53));
  });

  it('json-tool: a tool call whose streamed input is the whole JSON', () => {
    const summary = summarizeParts(parseRecording('anthropic-json-tool.1.chunks.txt'));
    expect(summary.blocks).toHaveLength(1);
    expect(summary.blocks[0]).toMatchObject({ kind: 'tool-call', id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json' });
    expect(JSON.parse(summary.blocks[0]!.text)).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
    expect(summary.finish).toMatchObject({ reason: 'tool-calls', usage: usage(849, 47) });
  });

  it('json-tool as a JSON response format: the tool input becomes text and the turn a normal stop', () => {
    const summary = summarizeParts(parseRecording('anthropic-json-tool.1.chunks.txt', { jsonResponseTool: 'json' }));
    expect(summary.blocks.map((block) => block.kind)).toEqual(['text']);
    expect(JSON.parse(summary.blocks[0]!.text).elements[0].location).toBe('San Francisco');
    expect(summary.finish?.reason).toBe('stop');
  });

  it('tool-no-args: text, then a tool call with no input deltas', () => {
    const summary = summarizeParts(parseRecording('anthropic-tool-no-args.chunks.txt'));
    expect(summary.blocks).toEqual([
      { kind: 'text', text: "I'll update the issue list for you." },
      { kind: 'tool-call', id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', text: '' },
    ]);
    expect(summary.finish).toMatchObject({ reason: 'tool-calls', usage: usage(565, 48) });
  });

  it('message-delta-input-tokens: input tokens on message_delta replace message_start’s', () => {
    const summary = summarizeParts(parseRecording('anthropic-message-delta-input-tokens.chunks.txt'));
    expect(summary.blocks).toEqual([{ kind: 'text', text: 'pong' }]);
    expect(summary.finish?.usage).toEqual(usage(61, 2));
  });

  it('refusal: no content, content-filter', () => {
    const summary = summarizeParts(parseRecording('anthropic-refusal.chunks.txt'));
    expect(summary.blocks).toEqual([]);
    expect(summary.finish).toMatchObject({ reason: 'content-filter', usage: usage(18, 5) });
  });

  it('duplicate-message-start: one message-start, usage counted once', () => {
    const parts = parseRecording('duplicate-message-start.chunks.txt');
    const summary = summarizeParts(parts);
    expect(summary.messageStarts).toBe(1);
    expect(summary.blocks).toEqual([{ kind: 'text', text: 'Hello, World!' }]);
    expect(summary.finish?.usage).toEqual(usage(17, 227));
    expect(summary.errors).toEqual([]);
  });
});

describe('AnthropicStreamParser on hand-written events', () => {
  const parse = (...payloads: object[]) => {
    const parser = new AnthropicStreamParser({ modelId: 'anthropic/test' });
    return [...payloads.flatMap((payload) => parser.push({ data: JSON.stringify(payload) })), ...parser.end()];
  };
  const start = { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, cache_creation: { ephemeral_5m_input_tokens: 8, ephemeral_1h_input_tokens: 12 }, output_tokens: 1 } } };

  it('counts cache reads and writes into the canonical input tokens, keeping the one-hour writes apart', () => {
    const parts = parse(start, { type: 'message_stop' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'other', usage: { inputTokens: 125, outputTokens: 1, cachedInputTokens: 100, cacheWriteTokens: 20, cacheWrite1hTokens: 12, reasoningTokens: 0 } });
  });

  it('keeps message_start\'s cache lifetimes through a message_delta that leaves them out, and takes those it gives', () => {
    const kept = parse(start, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }, { type: 'message_stop' });
    expect(kept.at(-1)).toMatchObject({ usage: { cacheWriteTokens: 20, cacheWrite1hTokens: 12, outputTokens: 9 } });
    const replaced = parse(start, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9, cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 0 } } }, { type: 'message_stop' });
    expect(replaced.at(-1)).toMatchObject({ usage: { cacheWriteTokens: 20, cacheWrite1hTokens: 0 } });
  });

  it('a redacted_thinking block opens a reasoning block carrying its data', () => {
    const parts = parse(start, { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'ENCRYPTED' } }, { type: 'content_block_stop', index: 0 }, { type: 'message_stop' });
    expect(parts).toContainEqual({ type: 'reasoning-start', index: 0, redactedData: 'ENCRYPTED' });
    expect(parts).toContainEqual({ type: 'reasoning-end', index: 0 });
  });

  it('an error event becomes an error part and nothing follows', () => {
    const parts = parse(start, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, { type: 'message_stop' });
    expect(parts.slice(1)).toEqual([{ type: 'error', error: { kind: 'overloaded', message: 'Overloaded' } }]);
  });

  it('a stream cut before message_stop ends with a connection error', () => {
    const parts = parse(start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'connection', message: 'the upstream stream ended before message_stop' } });
  });

  it('skips blocks it does not model and renumbers the rest', () => {
    const parts = parse(
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'web_search_tool_result', content: [] } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: 'hi' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_stop' },
    );
    expect(parts.filter((part) => part.type.startsWith('text'))).toEqual([
      { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'hi' }, { type: 'text-end', index: 0 },
    ]);
  });

  it('an unparsable event is a malformed-response error', () => {
    const parser = new AnthropicStreamParser({ modelId: 'anthropic/test' });
    expect(parser.push({ data: '{"type":' })).toEqual([{ type: 'error', error: { kind: 'malformed-response', message: 'unparsable stream event: {"type":' } }]);
  });
});
