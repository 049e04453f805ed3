/**
 * Whether `text` is one JSON value, whitespace around it allowed: what JSON.parse accepts, told
 * without building the value. Passthrough taps run it on every streamed event they would
 * otherwise not parse (a content delta is only ever parsed if the bill needs its tokens), and a
 * chat stream's tool call on its arguments so far; nothing allocated.
 */
export function isJsonText(text: string): boolean {
  return (mayBeShallow(text) && SHALLOW_JSON.test(text)) || scansAsJson(text);
}

/**
 * Whether SHALLOW_JSON is worth trying: a failed match costs about as much as the scan that then
 * follows. A second `[` mostly means nesting past its depth (a chat tool-call delta: choices,
 * then tool_calls, seven deep), and is found at the speed of a memory search.
 */
function mayBeShallow(text: string): boolean {
  return text.length <= MAX_SHALLOW_CHARACTERS && text.indexOf('[', text.indexOf('[') + 1) === -1;
}

/**
 * JSON's grammar as a regular expression, for values nested at most SHALLOW_DEPTH deep (a chat
 * content delta is four: chunk, choices, choice, delta). It only ever matches JSON, so a match
 * answers; anything else (deeper, longer, or not JSON) is scanned below. A JavaScript loop over
 * the characters costs about three times the regular expression's compiled one, and it ran on
 * every content delta of every passthrough stream.
 */
const SHALLOW_DEPTH = 4;
/** Deltas are far shorter; a longer event (a whole answer at the end of a stream) is rarely shallow. */
const MAX_SHALLOW_CHARACTERS = 4096;
const SPACE = '[ \\t\\n\\r]*';
const STRING_CHARACTERS = '[^"\\\\\\x00-\\x1f]*';
const STRING = `"${STRING_CHARACTERS}(?:\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4})${STRING_CHARACTERS})*"`;
const NUMBER = '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
const PRIMITIVE = `${STRING}|${NUMBER}|true|false|null`;

/** A value holding values of `inner`. A comma must be followed by a member (objects) or by no closing bracket (arrays). */
function nestedValue(inner: string): string {
  const object = `\\{${SPACE}(?:${STRING}${SPACE}:${SPACE}${inner}${SPACE}(?:,${SPACE}(?=")|(?=\\})))*\\}`;
  const array = `\\[${SPACE}(?:${inner}${SPACE}(?:,${SPACE}(?!\\])|(?=\\])))*\\]`;
  return `(?:${PRIMITIVE}|${object}|${array})`;
}

function shallowJson(): RegExp {
  let value = `(?:${PRIMITIVE})`;
  for (let depth = 0; depth < SHALLOW_DEPTH; depth++) value = nestedValue(value);
  return new RegExp(`^${SPACE}${value}${SPACE}$`);
}

const SHALLOW_JSON = shallowJson();

/** One pass over the characters, any depth. */
function scansAsJson(text: string): boolean {
  const end = skipValue(text, skipSpace(text, 0));
  return end !== -1 && skipSpace(text, end) === text.length;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

function skipSpace(text: string, at: number): number {
  let position = at;
  for (; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
  }
  return position;
}

/** The position after the value that starts at `at`, or -1 when none does. */
function skipValue(text: string, at: number): number {
  switch (text.charCodeAt(at)) {
    case 0x7b: return skipMembers(text, at, 0x7d, true);
    case 0x5b: return skipMembers(text, at, 0x5d, false);
    case QUOTE: return skipString(text, at);
    case 0x74: return skipWord(text, at, 'true');
    case 0x66: return skipWord(text, at, 'false');
    case 0x6e: return skipWord(text, at, 'null');
    default: return skipNumber(text, at);
  }
}

/** An object's `"key": value` members or an array's values, from the opening bracket at `at` to `close`. */
function skipMembers(text: string, at: number, close: number, keyed: boolean): number {
  let position = skipSpace(text, at + 1);
  if (text.charCodeAt(position) === close) return position + 1;
  for (;;) {
    if (keyed) {
      if (text.charCodeAt(position) !== QUOTE) return -1;
      position = skipSpace(text, skipString(text, position));
      if (text.charCodeAt(position) !== COLON) return -1;
      position = skipSpace(text, position + 1);
    }
    position = skipValue(text, position);
    if (position === -1) return -1;
    position = skipSpace(text, position);
    const code = text.charCodeAt(position);
    if (code === close) return position + 1;
    if (code !== COMMA) return -1;
    position = skipSpace(text, position + 1);
  }
}

function skipString(text: string, at: number): number {
  for (let position = at + 1; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === QUOTE) return position + 1;
    if (code < 0x20) return -1;
    if (code !== BACKSLASH) continue;
    const escaped = text.charCodeAt(++position);
    if (escaped === 0x75) {
      for (let digit = 0; digit < 4; digit++) if (!isHexDigit(text.charCodeAt(++position))) return -1;
    } else if (!isSimpleEscape(escaped)) return -1;
  }
  return -1;
}

function isSimpleEscape(code: number): boolean {
  // " \ / b f n r t
  return code === QUOTE || code === BACKSLASH || code === 0x2f || code === 0x62 || code === 0x66 || code === 0x6e || code === 0x72 || code === 0x74;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= 0x39;
}

function skipWord(text: string, at: number, word: string): number {
  return text.startsWith(word, at) ? at + word.length : -1;
}

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` */
function skipNumber(text: string, at: number): number {
  let position = text.charCodeAt(at) === MINUS ? at + 1 : at;
  if (text.charCodeAt(position) === ZERO) position++;
  else if (isDigit(text.charCodeAt(position))) position = skipDigits(text, position);
  else return -1;
  if (text.charCodeAt(position) === DOT) {
    if (!isDigit(text.charCodeAt(position + 1))) return -1;
    position = skipDigits(text, position + 1);
  }
  const exponent = text.charCodeAt(position);
  if (exponent === 0x65 || exponent === 0x45) {
    position++;
    const sign = text.charCodeAt(position);
    if (sign === PLUS || sign === MINUS) position++;
    if (!isDigit(text.charCodeAt(position))) return -1;
    position = skipDigits(text, position);
  }
  return position;
}

function skipDigits(text: string, at: number): number {
  let position = at;
  while (isDigit(text.charCodeAt(position))) position++;
  return position;
}
