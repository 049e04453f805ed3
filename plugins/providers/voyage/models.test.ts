import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../../../kernel/canonical/model';
import { computeCredits } from '../../billing/pricing';
import catalog from './models.json';

const byId = new Map((catalog as readonly { id: string; pricing: ModelPricing }[]).map((model) => [model.id, model]));

/**
 * Voyage bills reranking by tokens, not by search: its API reference defines a rerank's
 * `usage.total_tokens` as "the number of query tokens × the number of documents + sum of the
 * number of tokens in all documents" (https://docs.voyageai.com/reference/reranker-api), and the
 * prices per million tokens are rerank-2.5 $0.05 and rerank-2.5-lite $0.02 (Voyage's pricing page,
 * https://docs.voyageai.com/docs/pricing, was not in the stored copies; Vercel's AI Gateway model
 * pages for voyage/rerank-2.5 and voyage/rerank-2.5-lite, OpenRouter's voyageai listing and
 * Bifrost's Voyage model library all give these two figures). Both were released 2025-08-11
 * (Vercel's pages) with a 32,000-token context.
 */
describe('the Voyage catalog: rerankers priced per token', () => {
  it.each([
    ['rerank-2.5', 'Voyage Rerank 2.5', 50_000],
    ['rerank-2.5-lite', 'Voyage Rerank 2.5 lite', 20_000],
  ])('prices %s at its credits per million tokens, and no search price', (id, displayName, inputPerMTok) => {
    expect(byId.get(id)).toEqual({ modality: 'rerank', id, aliases: [id], displayName, contextWindow: 32_000, pricing: { inputPerMTok }, releasedAt: '2025-08-11' });
  });

  it('bills a rerank by the tokens Voyage counted: 1,000 documents of 300 tokens and a 20-token query cost $0.016 on rerank-2.5', () => {
    const tokens = 20 * 1000 + 300 * 1000;
    expect(computeCredits(byId.get('rerank-2.5')!.pricing, { inputTokens: tokens, searches: 1 })).toBe(16_000);
  });
});
