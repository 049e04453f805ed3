import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isJsonText } from './is-json-text';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Every `data:` payload of the recorded streams, the texts the taps meet. */
function recordedPayloads(): string[] {
  const folders = ['../anthropic/__fixtures__', '../openai-chat/__fixtures__', '../gemini/__fixtures__'].map((folder) => join(import.meta.dirname, folder));
  return folders.flatMap((folder) => readdirSync(folder).filter((file) => file.endsWith('.chunks.txt')).flatMap((file) => readFileSync(join(folder, file), 'utf8').split('\n')))
    .map((line) => line.replace(/^data: ?/, ''))
    .filter((line, at, lines) => line.startsWith('{') && lines.indexOf(line) === at);
}

describe('isJsonText', () => {
  it('agrees with JSON.parse on every recorded event, and on every cut of the shorter ones', () => {
    const payloads = recordedPayloads();
    expect(payloads.length).toBeGreaterThan(50);
    for (const payload of payloads) {
      if (!isJsonText(payload)) throw new Error(`refuses ${payload}`);
      // The shorter events hold every shape (strings, escapes, numbers, nesting); cutting them all keeps the test short.
      if (payload.length > 300) continue;
      for (let length = 0; length < payload.length; length++) {
        const cut = payload.slice(0, length);
        if (isJsonText(cut) !== parses(cut)) throw new Error(`disagrees with JSON.parse on ${JSON.stringify(cut)}`);
      }
    }
  });

  it.each([
    '0', '-0', '12.5e-3', '1E+2', '"a\\u00e9\\n\\"b"', 'true', 'false', 'null', ' [1, {"a": [], "b": {}}] ', '{"\\ud83d\\ude00":"😀"}',
    '[[[[1]]]]', '[[[[[1]]]]]', '{"a":{"b":{"c":{"d":1}}}}', '{"a":{"b":{"c":{"d":{"e":[1, "x"]}}}}}', '{ "a" : 1 , "b" : [ ] }\n', '"\u007f"',
  ])('accepts %s', (text) => {
    expect(parses(text)).toBe(true);
    expect(isJsonText(text)).toBe(true);
  });

  it.each([
    '', ' ', '{', '{}}', '{}{}', '[1,]', '{"a":}', '{"a" 1}', '{a:1}', '01', '1.', '.5', '-', '1e', '+1', "'a'", '"a', '"\\x"', '"\\u12"', '"tab\there"', 'tru', 'nul', 'undefined', 'NaN', '\ufeff{}', '{"a":1,}', '[1 2]',
    '[1, ]', '[1,,2]', '[,1]', '{"a":1, }', '{,"a":1}', '{"a":1 "b":2}', '{"a"}', '[1]]', '[[[[[1]]]]', '{"a":{"b":{"c":{"d":{"e":1,}}}}}', '1 2', '{"a":1}x',
  ])('refuses %j', (text) => {
    expect(parses(text)).toBe(false);
    expect(isJsonText(text)).toBe(false);
  });
});
