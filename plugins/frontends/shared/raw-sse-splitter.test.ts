import { describe, expect, it } from 'vitest';
import { RawSseSplitter, rawEventData, rawEventName } from './raw-sse-splitter';

const encode = (text: string) => new TextEncoder().encode(text);

describe('RawSseSplitter', () => {
  it('returns whole events byte for byte, however the chunks are cut', () => {
    const wire = 'event: message_start\ndata: {"a":1}\n\nevent: ping\r\ndata: {}\r\n\r\ndata: [DONE]\n\n';
    const splitter = new RawSseSplitter();
    const events = [...wire].flatMap((character) => splitter.push(encode(character)));
    expect(events.join('')).toBe(wire);
    expect(events).toHaveLength(3);
    expect(rawEventName(events[0]!)).toBe('message_start');
    expect(rawEventData(events[1]!)).toBe('{}');
    expect(rawEventData(events[2]!)).toBe('[DONE]');
    expect(splitter.rest()).toBe('');
  });

  it('keeps an unterminated last event for rest()', () => {
    const splitter = new RawSseSplitter();
    expect(splitter.push(encode('data: {"x":1}\n\ndata: partial'))).toEqual(['data: {"x":1}\n\n']);
    expect(splitter.rest()).toBe('data: partial');
  });

  it('keeps multi-byte characters cut between chunks, and a leading byte order mark', () => {
    const bytes = encode('\uFEFFdata: {"text":"héllo 世界 🎉"}\n\n');
    const splitter = new RawSseSplitter();
    const events = [...bytes].flatMap((byte) => splitter.push(Uint8Array.of(byte)));
    expect(events).toEqual(['\uFEFFdata: {"text":"héllo 世界 🎉"}\n\n']);
  });

  it('finds the end of an event cut between chunks, with LF and with CRLF line ends', () => {
    const splitter = new RawSseSplitter();
    expect(splitter.push(encode('data: a\n'))).toEqual([]);
    expect(splitter.push(encode('\ndata: b\r\n\r'))).toEqual(['data: a\n\n']);
    expect(splitter.push(encode('\ndata: c\n\n'))).toEqual(['data: b\r\n\r\n', 'data: c\n\n']);
  });
});
