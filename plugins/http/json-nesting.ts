/** Far deeper than any real JSON Schema or payload nests, far shallower than where recursion overflows. */
export const MAX_JSON_NESTING = 512;

/** Why JSON nested deeper than MAX_JSON_NESTING is refused, for the 400 that names it. */
export const TOO_DEEP_REASON = `objects and arrays nest deeper than ${MAX_JSON_NESTING} levels, the most this gateway reads`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** How many times `character` occurs in `text`, counted no further than `cap`; indexOf runs at native speed. */
function countUpTo(text: string, character: string, cap: number): number {
  let count = 0;
  for (let index = text.indexOf(character); index !== -1 && count < cap; index = text.indexOf(character, index + 1)) count++;
  return count;
}

/** The index of the quote that closes the string opened at `open` (one preceded by an even run of backslashes). */
function endOfString(text: string, open: number): number {
  for (let close = text.indexOf('"', open + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
  }
  return text.length;
}

function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) index = endOfString(text, index);
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Whether the JSON `text` nests objects and arrays more than `limit` levels deep. V8 parses any
 * depth, but what walks the result recursively afterwards (JSON.stringify, request converters)
 * overflows the stack a few thousand levels down. Most bodies are cleared without a scan: being
 * `limit + 1` deep takes at least that many `{`/`[` and as many closers, so a shorter body, or
 * one with fewer openers (counted by indexOf, strings included), cannot be. Only the rest are
 * scanned, skipping strings. Invalid JSON may get either answer; the parser refuses it anyway.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length < 2 * (limit + 1)) return false;
  const braces = countUpTo(text, '{', limit + 1);
  if (braces + countUpTo(text, '[', limit + 1 - braces) <= limit) return false;
  return depthExceeds(text, limit);
}
