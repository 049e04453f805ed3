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

  it('ends events at every pair of line ends the SSE standard allows, mixed, however the chunks are cut', () => {
    // An event ends at an empty line: LF, CR or CRLF after LF, CR or CRLF. The old splitter knew
    // only LF LF, CRLF CRLF and CR CR, and glued the next events onto an event ending otherwise.
    const events = ['data: {"a":1}\r\n\n', ': OPENROUTER PROCESSING\n\r\n', 'data: {"b":2}\n\r', 'id: 3\r\nretry: 10\r\ndata: x\r\ndata:y\r\n\r', 'data:\r\r\n', '\uFEFF\n\n', 'data: [DONE]\r\r'];
    const wire = events.join('');
    const whole = new RawSseSplitter();
    // The last one's CR could be the first half of a CRLF: it waits for the stream's end.
    expect([...whole.push(encode(wire)), whole.rest()]).toEqual(events);
    const cut = new RawSseSplitter();
    const pieces = [...encode(wire)].flatMap((byte) => cut.push(Uint8Array.of(byte)));
    pieces.push(cut.rest());
    expect(pieces).toEqual(events);
    expect(pieces.map((event) => rawEventData(event))).toEqual(['{"a":1}', null, '{"b":2}', 'x\ny', '', null, '[DONE]']);
  });

  it('reads the data and the name of a first event behind a byte order mark', () => {
    const splitter = new RawSseSplitter();
    const [first] = splitter.push(encode('\uFEFFevent: message_start\r\ndata: {"type":"message_start"}\r\n\r\n'));
    expect(first!.startsWith('\uFEFF')).toBe(true);
    expect(rawEventName(first!)).toBe('message_start');
    expect(rawEventData(first!)).toBe('{"type":"message_start"}');
  });

  it('splits an event of a megabyte fed a byte at a time in linear time', () => {
    // The old splitter searched everything unsplit again on every read: a minute for this.
    const wire = `data: ${'x'.repeat(1 << 20)}\n\ndata: [DONE]`;
    const bytes = encode(wire);
    const splitter = new RawSseSplitter();
    const started = performance.now();
    const events: string[] = [];
    // Given up at the bound, not waited out: the loop is synchronous, a test timeout cannot stop it.
    for (let index = 0; index < bytes.length && performance.now() - started < 5_000; index++) events.push(...splitter.push(bytes.subarray(index, index + 1)));
    expect([...events, splitter.rest()]).toEqual([`data: ${'x'.repeat(1 << 20)}\n\n`, 'data: [DONE]']);
  }, 20_000);

  it('ends a last event the stream left without its blank line, and keeps one a held CR ended as it came', () => {
    const unterminated = new RawSseSplitter();
    expect(unterminated.push(encode('data: {"a":1}\n\ndata: [DONE]'))).toEqual(['data: {"a":1}\n\n']);
    expect(unterminated.end()).toBe('data: [DONE]\n\n');
    const crEnded = new RawSseSplitter();
    expect(crEnded.push(encode('data: [DONE]\r\r'))).toEqual([]);
    expect(crEnded.end()).toBe('data: [DONE]\r\r');
    const blankLines = new RawSseSplitter();
    expect(blankLines.push(encode('data: x\n\n\n'))).toEqual(['data: x\n\n']);
    expect(blankLines.end()).toBe('');
  });
});

