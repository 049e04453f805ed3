import { StringDecoder } from 'node:string_decoder';

const LF = 10;

/**
 * Splits an SSE byte stream into whole raw events (text including the blank line that ends
 * each), without re-encoding them, so passthrough can forward events byte for byte while
 * still seeing where each one ends.
 */
export class RawSseSplitter {
  // StringDecoder, not TextDecoder: a sixth of the cost, and it keeps a leading byte order
  // mark (TextDecoder drops it), so what goes out is what came in.
  private readonly decoder = new StringDecoder('utf8');
  /** The event the last chunks began and did not end. */
  private partial = '';
  /** The last line end seen ended a line that was not empty: one more line end ends the event. */
  private lineEnded = false;
  /** The last chunk ended in a CR, so an LF that opens the next one is that line end's other half. */
  private afterCr = false;
  /** That CR ended an event, which waits for the next chunk: an LF there is its last byte. */
  private endHeld = false;
  private events: string[] = [];
  private consumed = 0;

  push(chunk: Uint8Array): string[] {
    const text = this.decoder.write(chunk);
    // Only this chunk's text is searched, never what came before it again: an event of a
    // megabyte read a byte at a time must cost a megabyte of work, not a megabyte per byte.
    if (text.indexOf('\r') !== -1 || this.afterCr) return this.splitAny(text);
    // Providers end lines with LF alone: a plain search then, without a per-character walk or
    // a regex's match objects.
    const events: string[] = [];
    if (!text) return events;
    let consumed = 0;
    // The blank line whose first LF ended the last chunk.
    if (this.lineEnded && text.charCodeAt(0) === LF) {
      events.push(this.partial + '\n');
      this.partial = '';
      consumed = 1;
    }
    for (let end = text.indexOf('\n\n', consumed); end !== -1; end = text.indexOf('\n\n', consumed)) {
      events.push(this.partial ? this.partial + text.slice(consumed, end + 2) : text.slice(consumed, end + 2));
      this.partial = '';
      consumed = end + 2;
    }
    this.lineEnded = consumed < text.length && text.charCodeAt(text.length - 1) === LF;
    if (consumed < text.length) this.partial += consumed === 0 ? text : text.slice(consumed);
    return events;
  }

  /** CR, LF and CRLF line ends, mixed as the SSE standard allows: an empty line ends the event. */
  private splitAny(text: string): string[] {
    this.events = [];
    this.consumed = 0;
    let position = 0;
    if (this.afterCr && text) {
      this.afterCr = false;
      if (text.charCodeAt(0) === LF) position = 1;
      if (this.endHeld) {
        this.endHeld = false;
        this.lineEnded = false;
        this.emit(text, position);
      }
    }
    let cr = text.indexOf('\r', position);
    let lf = text.indexOf('\n', position);
    for (;;) {
      if (cr !== -1 && cr < position) cr = text.indexOf('\r', position);
      if (lf !== -1 && lf < position) lf = text.indexOf('\n', position);
      const lineEnd = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (lineEnd === -1) break;
      // An empty line: nothing since the line end before it (an event's first line is never empty).
      const empty = this.lineEnded && lineEnd === position;
      let next = lineEnd + 1;
      if (lineEnd === cr) {
        if (lineEnd === text.length - 1) {
          this.afterCr = true;
          // The CR of a CRLF cut in two: the event goes whole, with its LF, once the next chunk says.
          if (empty) {
            this.endHeld = true;
            break;
          }
        } else if (text.charCodeAt(next) === LF) next++;
      }
      if (empty) this.emit(text, next);
      this.lineEnded = !empty;
      position = next;
    }
    if (position < text.length) this.lineEnded = false;
    if (this.consumed < text.length) this.partial += this.consumed === 0 ? text : text.slice(this.consumed);
    return this.events;
  }

  private emit(text: string, end: number): void {
    this.events.push(this.partial ? this.partial + text.slice(this.consumed, end) : text.slice(this.consumed, end));
    this.partial = '';
    this.consumed = end;
  }

  /**
   * The stream's last event, made whole, when the stream ended without the blank line after it:
   * with that blank line (a CR held as the possible first half of a CRLF ended it already), or ''
   * when nothing but line ends was left.
   */
  end(): string {
    const whole = this.endHeld;
    const rest = this.rest();
    if (whole) return rest;
    return /[^\r\n]/.test(rest) ? `${rest}\n\n` : '';
  }

  /** Whatever is left when the stream ends (an unterminated last event). */
  rest(): string {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.lineEnded = false;
    this.afterCr = false;
    this.endHeld = false;
    return rest;
  }
}

/**
 * The lines of one raw event. The stream's first event may open with a byte order mark, which
 * is no part of its first field (WHATWG); the splitter keeps it for the client, the readers skip it.
 */
function rawEventLines(rawEvent: string): string[] {
  return (rawEvent.charCodeAt(0) === 0xfeff ? rawEvent.slice(1) : rawEvent).split(/\r\n|\r|\n/);
}

/** The `data:` payload of one raw event, joined, or null if it has none. */
export function rawEventData(rawEvent: string): string | null {
  const lines = rawEventLines(rawEvent).filter((line) => line.startsWith('data:'));
  return lines.length ? lines.map((line) => line.slice(5).replace(/^ /, '')).join('\n') : null;
}

export function rawEventName(rawEvent: string): string | null {
  const line = rawEventLines(rawEvent).find((candidate) => candidate.startsWith('event:'));
  return line ? line.slice(6).trim() : null;
}
