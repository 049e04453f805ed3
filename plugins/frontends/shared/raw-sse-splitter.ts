import { StringDecoder } from 'node:string_decoder';

/**
 * Splits an SSE byte stream into whole raw events (text including the blank line that ends
 * each), without re-encoding them, so passthrough can forward events byte for byte while
 * still seeing where each one ends.
 */
export class RawSseSplitter {
  // StringDecoder, not TextDecoder: a sixth of the cost, and it keeps a leading byte order
  // mark (TextDecoder drops it), so what goes out is what came in.
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';

  push(chunk: Uint8Array): string[] {
    const buffer = this.buffer + this.decoder.write(chunk);
    const events: string[] = [];
    let consumed = 0;
    if (buffer.indexOf('\r') === -1) {
      // Providers end lines with LF alone: a plain search then, without a regex's match objects.
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', consumed)) {
        events.push(buffer.slice(consumed, end + 2));
        consumed = end + 2;
      }
    } else {
      const boundary = /\r\n\r\n|\n\n|\r\r/g;
      let match: RegExpExecArray | null;
      while ((match = boundary.exec(buffer))) {
        events.push(buffer.slice(consumed, match.index + match[0].length));
        consumed = match.index + match[0].length;
      }
    }
    this.buffer = consumed === 0 ? buffer : buffer.slice(consumed);
    return events;
  }

  /** Whatever is left when the stream ends (an unterminated last event). */
  rest(): string {
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    return rest;
  }
}

/** The `data:` payload of one raw event, joined, or null if it has none. */
export function rawEventData(rawEvent: string): string | null {
  const lines = rawEvent.split(/\r\n|\r|\n/).filter((line) => line.startsWith('data:'));
  return lines.length ? lines.map((line) => line.slice(5).replace(/^ /, '')).join('\n') : null;
}

export function rawEventName(rawEvent: string): string | null {
  const line = rawEvent.split(/\r\n|\r|\n/).find((candidate) => candidate.startsWith('event:'));
  return line ? line.slice(6).trim() : null;
}
