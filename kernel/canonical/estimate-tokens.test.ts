import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from './estimate-tokens';

describe('estimateTextTokens', () => {
  it('counts Latin text at 3.5 characters a token, rounded up, and each CJK character as one', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('a'.repeat(35))).toBe(10);
    expect(estimateTextTokens('abcdefgh')).toBe(3);
    expect(estimateTextTokens('你好世界')).toBe(4);
    expect(estimateTextTokens('こんにちは world')).toBe(5 + 2);
  });
});
