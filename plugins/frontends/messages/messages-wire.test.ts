import { describe, expect, it } from 'vitest';
import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import { messagesWire } from './messages-wire';
import { parseMessagesRequest } from './parse-messages-request';

const delta = (data: string) => `event: message_delta\ndata: ${data}\n\n`;

describe('messagesWire final usage event (passthrough)', () => {
  it('reads the message_delta and annotates its usage with the settled credits', () => {
    const final = messagesWire.readFinalUsageEvent(delta('{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}'))!;
    expect(messagesWire.annotateFinalUsage(final, 12)).toBe(delta('{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7,"bytespike_credits":12}}'));
    expect(messagesWire.withoutUsage(final)).toBe(final.raw);
  });

  it('leaves other events, and a message_delta that is not JSON, to go on as they came', () => {
    expect(messagesWire.readFinalUsageEvent('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBeNull();
    expect(messagesWire.readFinalUsageEvent(delta('{"type":"message_delta",'))).toBeNull();
  });
});

describe('messagesWire stream writer (translated streams)', () => {
  it('estimates message_start\'s input tokens as count_tokens does, once, when the provider reports none there', () => {
    const rawBody = {
      model: 'deepseek/deepseek-chat', max_tokens: 32_000,
      system: [{ type: 'text', text: 'You are a coding assistant. '.repeat(20) }],
      tools: ['Bash', 'Read'].map((name) => ({ name, description: `The ${name} tool. `.repeat(10), input_schema: { type: 'object', properties: { command: { type: 'string', description: 'What to run' } }, required: ['command'] } })),
      messages: [{ role: 'user', content: 'List the files.' }],
    };
    const request = parseMessagesRequest(rawBody);
    const writer = messagesWire.createStreamWriter({ model: 'deepseek/deepseek-chat', requestId: 'req_1', request, rawBody });
    const start = JSON.parse(writer.write({ type: 'message-start', id: 'x', model: 'deepseek/deepseek-chat' }).split('data: ')[1]!) as { message: { usage: { input_tokens: number } } };
    expect(start.message.usage.input_tokens).toBe(estimateRequestTokens(request));
  });
});
