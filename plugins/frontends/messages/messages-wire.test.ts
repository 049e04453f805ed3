import { describe, expect, it } from 'vitest';
import { messagesWire } from './messages-wire';

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
