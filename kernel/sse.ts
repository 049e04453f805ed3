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
  /** The line the last chunks began and did not end. */
  private partial = '';
  /** The last chunk ended in a CR, so an LF that opens the next one ends no line. */
  private afterCr = false;
  private started = false;
  private readonly data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!text) return [];
    if (!this.started) {
      this.started = true;
      // The stream's one leading byte order mark is not part of the first field (WHATWG).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.afterCr) {
      this.afterCr = false;
      // The second half of a CRLF whose CR ended the last chunk (and its line, then).
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Lines are found with indexOf in this chunk's text and read in place, not split out with a
    // regex nor searched for again in what came before: every streamed byte of every request goes
    // through here (the passthrough usage taps too), and an event of a megabyte read a byte at a
    // time must cost a megabyte of work, not a megabyte per byte. The unfinished line before
    // this chunk (`partial`) has no line end in it.
    const events: SseEvent[] = [];
    let cr = text.indexOf('\r', start);
    let lf = text.indexOf('\n', start);
    for (;;) {
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        // A CR that ends the chunk ends its line; an LF opening the next chunk is its other half.
        if (cr === text.length - 1) this.afterCr = true;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      if (this.partial) {
        const line = this.partial + text.slice(start, end);
        this.partial = '';
        this.handleLine(line, 0, line.length, events);
      } else this.handleLine(text, start, end, events);
      start = next;
    }
    if (start < text.length) this.partial += start === 0 ? text : text.slice(start);
    return events;
  }

  /** Flushes a final event that was not followed by a blank line. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.partial + this.decoder.end();
    if (rest) this.handleLine(rest, 0, rest.length, events);
    this.partial = '';
    this.afterCr = false;
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
