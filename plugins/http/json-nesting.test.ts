import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-nesting';

const nested = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nested(8), 8)).toBe(false);
    expect(nestsDeeperThan(nested(9), 8)).toBe(true);
    expect(nestsDeeperThan(nested(8, '[', ']'), 8)).toBe(false);
    expect(nestsDeeperThan(nested(9, '[', ']'), 8)).toBe(true);
    expect(nestsDeeperThan(nested(4, '{"a":[', ']}'), 8)).toBe(false);
    expect(nestsDeeperThan(`[${nested(4, '{"a":[', ']}')}]`, 8)).toBe(true);
  });

  it('finds the depth of 100,000 levels without recursing', () => {
    expect(nestsDeeperThan(`{"model":"m","metadata":${nested(100_000)}}`, 512)).toBe(true);
  });

  it('measures depth, not how many objects and arrays there are', () => {
    const wide = JSON.stringify({ tools: Array.from({ length: 2_000 }, (_, index) => ({ name: `tool_${index}`, parameters: { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } } } } })) });
    expect(nestsDeeperThan(wide, 8)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const brackets = '[{'.repeat(50);
    expect(nestsDeeperThan(JSON.stringify({ text: brackets, quoted: `"${brackets}\\"${brackets}`, path: 'C:\\', after: brackets }), 8)).toBe(false);
    // An escaped backslash before a quote ends the string: the brackets after it count.
    expect(nestsDeeperThan(`{"path":"C:\\\\","b":${nested(9, '[', ']')}}`, 8)).toBe(true);
  });
});
