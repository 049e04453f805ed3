import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

const encode = (text: string) => new TextEncoder().encode(text);

describe('SseParser', () => {
  it('reads events however the bytes are cut, multi-byte characters and CRLF included', () => {
    const wire = 'event: delta\r\ndata: {"text":"héllo 世界 🎉"}\r\n\r\n: comment\ndata: line one\ndata: line two\n\n';
    const parser = new SseParser();
    const events = [...encode(wire)].flatMap((byte) => parser.push(Uint8Array.of(byte)));
    expect([...events, ...parser.end()]).toEqual([{ event: 'delta', data: '{"text":"héllo 世界 🎉"}' }, { data: 'line one\nline two' }]);
  });

  it('ignores one leading byte order mark, as the SSE standard says, and only at the start', () => {
    const parser = new SseParser();
    // The mark arriving alone, in a chunk of its own.
    const events = [...parser.push(encode('\uFEFF')), ...parser.push(encode('data: a\n\n'))];
    expect(events.map((event) => event.data)).toEqual(['a']);
    // A BOM later in the stream is not a field name of "data": that line is not a data line.
    const second = new SseParser();
    expect(second.push(encode('data: a\n\n')).map((event) => event.data)).toEqual(['a']);
    expect(second.push(encode('\uFEFFdata: b\n\n'))).toEqual([]);
  });

  it('flushes an event the stream ended without a blank line after, with a character cut at the very end', () => {
    const parser = new SseParser();
    const bytes = encode('data: 世');
    expect(parser.push(bytes.slice(0, bytes.length - 1))).toEqual([]);
    expect(parser.push(bytes.slice(bytes.length - 1))).toEqual([]);
    expect(parser.end()).toEqual([{ data: '世' }]);
  });

  it('reads CR-only line ends, fields without a space or a colon, and keeps the last event id', () => {
    const parser = new SseParser();
    const events = [...parser.push('id: 7\revent:tick\rdata:one\r\rdata\rdata: two\r'), ...parser.push('\nretry: 10\n\n'), ...parser.push('data: last\r')];
    expect([...events, ...parser.end()]).toEqual([{ event: 'tick', data: 'one', id: '7' }, { data: '\ntwo', id: '7' }, { data: 'last', id: '7' }]);
  });
});
