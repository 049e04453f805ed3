import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { estimateRerankTokens } from './estimate-rerank-tokens';

describe('estimateRerankTokens', () => {
  it('counts the query once per document, plus the documents, as Voyage counts a rerank', () => {
    // 'capital of France' is 17 characters (5 tokens); the documents 31 and 35 (9 and 10).
    expect(estimateRerankTokens('capital of France', ['Paris is the capital of France.', 'Bananas are yellow and curved fruit'])).toBe(2 * 5 + 9 + 10);
  });

  it('estimates every text as the gateway estimates input text elsewhere (a CJK character a token)', () => {
    const query = '法国的首都';
    const documents = ['巴黎是法国的首都。', 'Bananas are yellow.'];
    expect(estimateRerankTokens(query, documents)).toBe(estimateTextTokens(query) * 2 + estimateTextTokens(documents[0]!) + estimateTextTokens(documents[1]!));
    expect(estimateRerankTokens(query, documents)).toBe(5 * 2 + 9 + 6);
  });
});
