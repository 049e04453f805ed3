/**
 * The legal shapes of a Server-Sent Events stream (https://html.spec.whatwg.org/multipage/server-sent-events.html)
 * that real servers and the proxies before them send, for `[[fault:...]]` options: a client must
 * read every one of them as the same events.
 */
export interface SseShape {
  /** Lines end in CRLF, CR, or a mix of the three (every pair for an event's last line and its blank line, but CR then LF, which is one CRLF). */
  readonly lineEnds?: 'crlf' | 'cr' | 'mixed';
  /** A byte order mark opens the stream. */
  readonly bom?: boolean;
  /** Every byte its own write: a multi-byte character cut between reads, an event read a byte at a time. */
  readonly byteReads?: boolean;
  /** Comment lines (`: keep-alive`, and OpenRouter's `: OPENROUTER PROCESSING` as an event of its own first), `id:` and `retry:` lines. */
  readonly extraLines?: boolean;
  /** `data:value`, `event:name`: no space after the colon. */
  readonly noSpace?: boolean;
  /** Each event's data on two `data:` lines (cut after the JSON's opening brace, where a line feed is whitespace). */
  readonly splitData?: boolean;
  /** An empty `data:` line opens each JSON event's data (its data then starts with a line feed, whitespace to JSON). */
  readonly emptyData?: boolean;
  /** The last event without its blank line or any line end (`data: [DONE]` and nothing after). */
  readonly unterminated?: boolean;
}

/** The option words that switch a shape on, and the field each sets. */
export const SSE_SHAPE_OPTIONS: ReadonlyMap<string, keyof SseShape> = new Map([
  ['bom', 'bom'],
  ['byte-reads', 'byteReads'],
  ['extra-lines', 'extraLines'],
  ['no-space', 'noSpace'],
  ['split-data', 'splitData'],
  ['empty-data', 'emptyData'],
  ['unterminated', 'unterminated'],
]);

/** [line end, blank line end] per event for `mixed`: every pair that stays two line ends. */
const MIXED_ENDS: readonly (readonly [string, string])[] = [['\r\n', '\n'], ['\n', '\r\n'], ['\n', '\r'], ['\r\n', '\r'], ['\r', '\r\n'], ['\r', '\r'], ['\n', '\n'], ['\r\n', '\r\n']];

function lineEndsOf(shape: SseShape, index: number, native: string): readonly [string, string] {
  switch (shape.lineEnds) {
    case 'crlf': return ['\r\n', '\r\n'];
    case 'cr': return ['\r', '\r'];
    case 'mixed': return MIXED_ENDS[index % MIXED_ENDS.length]!;
    default: return [native, native];
  }
}

/** Whether any shape is asked for. */
export function hasSseShape(shape: SseShape): boolean {
  return Object.values(shape).some(Boolean);
}

/**
 * One encoded event (`encodeSseFrame`'s text) in the shape asked for: the same event to a
 * conforming parser. `index` is the event's place in the stream.
 */
export function shapeSseEvent(encoded: string, shape: SseShape, index: number, last: boolean): string {
  const native = encoded.endsWith('\r\n\r\n') ? '\r\n' : '\n';
  const lines = encoded.slice(0, encoded.length - 2 * native.length).split(native);
  const comment = lines[0]!.startsWith(':');
  let fields = comment ? lines : lines.flatMap((line) => {
    const colon = line.indexOf(': ');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 2);
    const separator = shape.noSpace ? ':' : ': ';
    if (name !== 'data') return [`${name}${separator}${value}`];
    const data = shape.splitData && value.startsWith('{') && value.length > 1 ? [value.slice(0, 1), value.slice(1)] : [value];
    return [...(shape.emptyData && value.startsWith('{') ? ['data:'] : []), ...data.map((part) => `data${separator}${part}`)];
  });
  if (shape.extraLines && !comment) fields = [': keep-alive', `id: ${index}`, 'retry: 3000', ...fields];
  const [lineEnd, blankLine] = lineEndsOf(shape, index, native);
  const body = fields.join(lineEnd);
  let text = last && shape.unterminated ? body : `${body}${lineEnd}${blankLine}`;
  if (index === 0 && shape.extraLines) text = `: OPENROUTER PROCESSING${lineEnd}${blankLine}${text}`;
  return index === 0 && shape.bom ? `\uFEFF${text}` : text;
}
