import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { StreamPart, UpstreamErrorKind } from '../../../kernel/canonical/stream';
import { makeUsage } from '../../../kernel/canonical/usage';
import { SseParser } from '../../../kernel/sse';
import { readRecording, toSseText, toStreamParts, type WireEvent } from './anthropic-recording';
import type { ContextManagementResponse } from './context-editing';
import { createMessagesStreamWriter } from './messages-stream-writer';

const RECORDINGS = [
  'anthropic-text',
  'anthropic-clear-thinking.1',
  'anthropic-json-tool.1',
  'anthropic-tool-no-args',
  'anthropic-refusal',
  'anthropic-message-delta-input-tokens',
  'duplicate-message-start',
];

function parseSse(text: string): { event: string | undefined; payload: WireEvent }[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((sse) => ({ event: sse.event, payload: JSON.parse(sse.data) as WireEvent }));
}

function writeAll(parts: readonly StreamPart[], options: { messageId: string; model: string; estimatedInputTokens?: number }, settledCredits?: number): string {
  const writer = createMessagesStreamWriter({ estimatedInputTokens: 999, requestId: 'req_1', ...options });
  return parts.map((part) => writer.write(part)).join('') + writer.end(settledCredits === undefined ? {} : { settledCredits });
}

/** Streams SSE text into the official SDK through a fake fetch and returns its accumulated message. */
async function accumulateWithSdk(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test-key',
    baseURL: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

function comparable(message: Anthropic.Message) {
  const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } = message.usage;
  return { id: message.id, model: message.model, content: message.content, stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, usage: { input_tokens, output_tokens, cache_read_input_tokens: cache_read_input_tokens ?? 0, cache_creation_input_tokens: cache_creation_input_tokens ?? 0 } };
}

const isEmptyInput = (event: WireEvent) => event.type === 'content_block_delta' && event.delta.partial_json === '';

/**
 * What the writer should send for a recording: pings are the caller's timer's business, a
 * repeated message_start is the upstream's bug, and an empty input fragment carries nothing —
 * except in a tool call with no other input, where it stands for the `{}` the writer sends.
 */
function expectedEvents(recording: readonly WireEvent[]): WireEvent[] {
  const hasInput = new Set(recording.filter((event) => event.type === 'content_block_delta' && event.delta.partial_json).map((event) => event.index as number));
  return recording.filter((event, index) => event.type !== 'ping'
    && !(event.type === 'message_start' && index > 0)
    && !(isEmptyInput(event) && hasInput.has(event.index)));
}

describe('createMessagesStreamWriter replays real Anthropic recordings', () => {
  for (const name of RECORDINGS) {
    const recording = readRecording(`anthropic/${name}.chunks.txt`);
    const start = recording.find((event) => event.type === 'message_start')!;
    const options = { messageId: start.message.id, model: start.message.model };

    it(`${name}: writes the recorded event sequence`, () => {
      const written = parseSse(writeAll(toStreamParts(recording), options));
      const expected = expectedEvents(recording);
      expect(written.map((sse) => sse.event)).toEqual(expected.map((event) => event.type));
      expect(written.map((sse) => sse.payload.type)).toEqual(expected.map((event) => event.type));
      written.forEach(({ payload }, index) => {
        const original = expected[index]!;
        if (payload.type === 'content_block_start') expect(payload.content_block).toEqual(original.content_block);
        if (payload.type === 'content_block_delta') expect(payload.delta).toEqual(isEmptyInput(original) ? { type: 'input_json_delta', partial_json: '{}' } : original.delta);
        if (payload.type === 'message_delta') {
          expect(payload.delta).toEqual({ stop_reason: original.delta.stop_reason, stop_sequence: original.delta.stop_sequence });
          expect(payload.usage.output_tokens).toBe(original.usage.output_tokens);
          expect(payload.usage.input_tokens).toBe(original.usage.input_tokens ?? start.message.usage.input_tokens);
        }
        if (payload.type === 'message_start') expect(payload.message.usage.input_tokens).toBe(original.message.usage.input_tokens);
      });
    });

    it(`${name}: the Anthropic SDK accumulates the same message as from the recording`, async () => {
      const ours = await accumulateWithSdk(writeAll(toStreamParts(recording), options));
      const theirs = await accumulateWithSdk(toSseText(recording.filter((event, index) => !(event.type === 'message_start' && index > 0))));
      expect(comparable(ours)).toEqual(comparable(theirs));
    });
  }
});

describe('createMessagesStreamWriter', () => {
  const options = { messageId: 'msg_1', requestId: 'req_1', model: 'anthropic/claude-sonnet-4-6', estimatedInputTokens: 321 };

  it('reports the context edits applied in the final message_delta, where Anthropic\'s recording has them and the SDK\'s beta stream reads them', async () => {
    const recording = readRecording('anthropic/anthropic-clear-thinking.1.chunks.txt');
    const recordedDelta = recording.find((event) => event.type === 'message_delta')!;
    const start = recording.find((event) => event.type === 'message_start')!;
    const writeWith = (contextManagement?: ContextManagementResponse) => {
      const writer = createMessagesStreamWriter({ ...options, messageId: start.message.id, contextManagement });
      return toStreamParts(recording).map((part) => writer.write(part)).join('') + writer.end();
    };
    const deltaOf = (sse: string) => parseSse(sse).find((event) => event.event === 'message_delta')!.payload;
    expect(deltaOf(writeWith({ applied_edits: [] })).context_management).toEqual(recordedDelta.context_management);
    expect(deltaOf(writeWith())).not.toHaveProperty('context_management');
    const applied: ContextManagementResponse = { applied_edits: [{ type: 'clear_tool_uses_20250919', cleared_tool_uses: 3, cleared_input_tokens: 4_200 }] };
    const client = new Anthropic({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => new Response(writeWith(applied), { headers: { 'content-type': 'text/event-stream' } }) });
    const message = await client.beta.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] }, betas: ['context-management-2025-06-27'] }).finalMessage();
    expect(message.context_management).toEqual(applied);
  });

  it('uses the estimate in message_start when the provider gave no input count', () => {
    const writer = createMessagesStreamWriter(options);
    const [start] = parseSse(writer.write({ type: 'message-start', id: 'chatcmpl-1', model: 'gpt-5.4' }));
    expect(start!.payload.message).toMatchObject({ id: 'msg_1', model: 'anthropic/claude-sonnet-4-6', usage: { input_tokens: 321, output_tokens: 0 } });
  });

  it('reports input tokens without the cached and cache-written ones', () => {
    const writer = createMessagesStreamWriter(options);
    const usage = makeUsage({ inputTokens: 1000, cachedInputTokens: 700, cacheWriteTokens: 200, outputTokens: 5 });
    const [start] = parseSse(writer.write({ type: 'message-start', id: 'x', model: 'y', usage }));
    expect(start!.payload.message.usage).toEqual({ input_tokens: 100, output_tokens: 5, cache_read_input_tokens: 700, cache_creation_input_tokens: 200 });
    writer.write({ type: 'finish', reason: 'stop', usage: makeUsage({ ...usage, outputTokens: 40 }) });
    const delta = parseSse(writer.end()).find((sse) => sse.event === 'message_delta')!;
    expect(delta.payload.usage).toEqual({ input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 700, cache_creation_input_tokens: 200 });
  });

  it('opens message_start itself, carries settled credits in message_delta and closes open blocks', () => {
    const writer = createMessagesStreamWriter(options);
    const text = writer.write({ type: 'text-delta', index: 3, text: 'Hi' }) + writer.write({ type: 'finish', reason: 'length', usage: makeUsage({ inputTokens: 10, outputTokens: 2 }) }) + writer.end({ settledCredits: 1234 });
    const events = parseSse(text);
    expect(events.map((sse) => sse.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events[1]!.payload).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(events[4]!.payload).toEqual({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, bytespike_credits: 1234 } });
    expect(writer.end()).toBe('');
  });

  it('numbers wire blocks in output order whatever the canonical indexes are', () => {
    const writer = createMessagesStreamWriter(options);
    const text = [
      writer.write({ type: 'reasoning-start', index: 5, redactedData: 'opaque' }),
      writer.write({ type: 'reasoning-end', index: 5 }),
      writer.write({ type: 'tool-call-start', index: 9, id: 'toolu_1', name: 'lookup' }),
      writer.write({ type: 'tool-input-delta', index: 9, json: '{"q":' }),
      writer.write({ type: 'tool-input-delta', index: 9, json: '"x"}' }),
      writer.write({ type: 'tool-call-end', index: 9 }),
    ].join('');
    const events = parseSse(text).slice(1);
    expect(events.map((sse) => sse.payload.index)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(events[0]!.payload.content_block).toEqual({ type: 'redacted_thinking', data: 'opaque' });
  });

  it('writes no thinking block for reasoning that holds nothing, and one for reasoning that holds only a signature', async () => {
    const writer = createMessagesStreamWriter(options);
    const text = [
      writer.write({ type: 'text-start', index: 0 }),
      writer.write({ type: 'text-delta', index: 0, text: 'Hello' }),
      writer.write({ type: 'text-end', index: 0 }),
      // What a provider keeps only in metadata (a Gemini signature with no thoughts to ride on) has no place here.
      writer.write({ type: 'reasoning-start', index: 1 }),
      writer.write({ type: 'reasoning-delta', index: 1, text: '' }),
      writer.write({ type: 'reasoning-end', index: 1, providerMetadata: { gemini: { thoughtSignature: 'SIG' } } }),
      // OpenAI's encrypted reasoning with no summary: the signature is what the model needs back.
      writer.write({ type: 'reasoning-start', index: 2 }),
      writer.write({ type: 'reasoning-signature', index: 2, signature: 'openai-rs.rs_1.ENC' }),
      writer.write({ type: 'reasoning-end', index: 2 }),
      writer.end(),
    ].join('');
    const blocks = parseSse(text).filter((sse) => sse.event === 'content_block_start').map((sse) => sse.payload);
    expect(blocks.map((block) => block.index)).toEqual([0, 1]);
    expect((await accumulateWithSdk(text)).content).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'thinking', thinking: '', signature: 'openai-rs.rs_1.ENC' },
    ]);
  });

  it('writes an error event naming the gateway\'s request, and nothing after it', async () => {
    const writer = createMessagesStreamWriter(options);
    const text = writer.write({ type: 'text-delta', index: 0, text: 'partial' }) + writer.write({ type: 'error', error: { kind: 'overloaded', message: 'Overloaded' } });
    const events = parseSse(text);
    expect(events.at(-1)).toEqual({ event: 'error', payload: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1' } });
    expect(writer.write({ type: 'text-delta', index: 0, text: 'more' }) + writer.ping() + writer.end({ settledCredits: 1 })).toBe('');
    await expect(accumulateWithSdk(text)).rejects.toMatchObject({ error: { type: 'error', error: { type: 'overloaded_error' } } });
  });

  it('maps mid-stream failures to Anthropic error types', () => {
    const typeOf = (kind: UpstreamErrorKind) =>
      parseSse(createMessagesStreamWriter(options).write({ type: 'error', error: { kind, message: 'm' } }))[0]!.payload.error.type;
    expect(typeOf('rate-limit')).toBe('rate_limit_error');
    expect(typeOf('timeout')).toBe('timeout_error');
    expect(typeOf('connection')).toBe('api_error');
    expect(typeOf('invalid-request')).toBe('invalid_request_error');
  });

  it('pings between events', () => {
    const writer = createMessagesStreamWriter(options);
    expect(parseSse(writer.ping())).toEqual([{ event: 'ping', payload: { type: 'ping' } }]);
  });
});
