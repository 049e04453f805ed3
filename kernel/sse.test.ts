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

describe('SseParser with every legal shape of the stream', () => {
  // BOM, CRLF, CR and LF line ends mixed (an event ending in each pair of them), comments (keep-alives,
  // OpenRouter's), retry and id fields, data with and without the space, on several lines, empty.
  const wire = '\uFEFF: keep-alive\r\nretry: 3000\r\nid: 1\r\ndata: {"a":"é"}\r\n\n: OPENROUTER PROCESSING\n\r\ndata:{"b":2}\n\rdata: x\r\ndata:  y\r\n\rdata:\r\r\nevent: e\ndata: 世\rdata: 🎉\n\ndata: [DONE]';
  const expected = [{ id: '1', data: '{"a":"é"}' }, { id: '1', data: '{"b":2}' }, { id: '1', data: 'x\n y' }, { id: '1', data: '' }, { id: '1', event: 'e', data: '世\n🎉' }, { id: '1', data: '[DONE]' }];

  it('reads the same events whole and cut at every byte, the last one ending without a line end', () => {
    const whole = new SseParser();
    expect([...whole.push(encode(wire)), ...whole.end()]).toEqual(expected);
    const bytes = encode(wire);
    const cut = new SseParser();
    expect([...[...bytes].flatMap((byte) => cut.push(Uint8Array.of(byte))), ...cut.end()]).toEqual(expected);
  });

  it('reads an event of a megabyte fed a byte at a time in linear time', () => {
    // The old parser searched the whole unfinished line again on every read: minutes for this.
    const bytes = encode(`data: ${'x'.repeat(1 << 20)}\n\n`);
    const parser = new SseParser();
    const started = performance.now();
    const events = [];
    // Given up at the bound, not waited out: the loop is synchronous, a test timeout cannot stop it.
    for (let index = 0; index < bytes.length && performance.now() - started < 5_000; index++) events.push(...parser.push(bytes.subarray(index, index + 1)));
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toHaveLength(1 << 20);
  }, 20_000);
});
