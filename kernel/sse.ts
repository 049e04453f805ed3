import { StringDecoder } from 'node:string_decoder';

/** One Server-Sent Event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseEvent {
  readonly event?: string;
  readonly data: string;
  readonly id?: string;
}

const LF = 10;
const COLON = 58;
const SPACE = 32;

/**
 * Incremental SSE parser (WHATWG rules: LF, CR or CRLF line ends, `:` comments, multi-line
 * data). Feed it chunks as they arrive; it returns the events each chunk completed.
 */
export class SseParser {
  // StringDecoder, not TextDecoder: the same UTF-8 (sequences split across chunks held back)
  // at a sixth of the cost, and every streamed byte of every request goes through here.
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private started = false;
  private readonly data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!this.started && text) {
      this.started = true;
      // The stream's one leading byte order mark is not part of the first field (WHATWG).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // Lines are found with indexOf and read in place, not split out with a regex: every
    // streamed byte of every request goes through here (the passthrough usage taps too).
    const buffer = this.buffer + text;
    const events: SseEvent[] = [];
    let start = 0;
    let cr = buffer.indexOf('\r');
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A lone CR at the very end may be the first half of CRLF: wait for more input.
        if (cr === buffer.length - 1) break;
        end = cr;
        next = buffer.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      this.handleLine(buffer, start, end, events);
      start = next;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /** Flushes a final event that was not followed by a blank line. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    let rest = this.buffer + this.decoder.end();
    // A CR held back as a possible first half of CRLF ends the last line after all.
    if (rest.endsWith('\r')) rest = rest.slice(0, -1);
    if (rest) this.handleLine(rest, 0, rest.length, events);
    this.buffer = '';
    this.dispatch(events);
    return events;
  }

  /** The line `buffer[start, end)`. */
  private handleLine(buffer: string, start: number, end: number, events: SseEvent[]): void {
    if (start === end) return this.dispatch(events);
    if (buffer.charCodeAt(start) === COLON) return;
    let colon = buffer.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon + 1;
    if (valueStart < end && buffer.charCodeAt(valueStart) === SPACE) valueStart++;
    const value = valueStart >= end ? '' : buffer.slice(valueStart, end);
    const fieldLength = colon - start;
    if (fieldLength === 4 && buffer.startsWith('data', start)) this.data.push(value);
    else if (fieldLength === 5 && buffer.startsWith('event', start)) this.event = value;
    else if (fieldLength === 2 && buffer.startsWith('id', start)) this.id = value;
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length) {
      const event: { data: string; event?: string; id?: string } = { data: this.data.length === 1 ? this.data[0]! : this.data.join('\n') };
      if (this.event !== undefined) event.event = this.event;
      if (this.id !== undefined) event.id = this.id;
      events.push(event);
      this.data.length = 0;
    }
    this.event = undefined;
  }
}

/** Parses a whole byte stream into events. */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}

/** Formats one event for the wire. */
export function formatSseEvent(data: string, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`;
}
