import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import reranking from './__fixtures__/togetherai-reranking.1.json';
import { callContext, replayJson } from '../shared/provider-test-support';
import { createJinaRerankProvider } from './jina-rerank-provider';

const model: ModelInfo = { id: 'together/llama-rank', provider: 'together', upstreamId: 'Salesforce/Llama-Rank-v1', aliases: [], displayName: 'LlamaRank', modality: 'rerank', capabilities: [], pricing: { perSearch: 2000 } };

function replaying(body: unknown) {
  const { fetch, sent } = replayJson(body);
  return { sent, provider: createJinaRerankProvider({ name: 'together', baseUrl: 'http://together.test/v1', apiKey: 'test-key', requiresApiKey: false, fetch, models: [model] }) };
}

describe('Jina-style rerank provider', () => {
  it('reranks with /rerank (top_n, documents not asked back) and reads the recorded results and usage.total_tokens', async () => {
    const { sent, provider } = replaying(reranking);
    const documents = Array.from({ length: 6 }, (_, index) => `document ${index}`);
    const result = await provider.rerank({ query: 'q', documents, topN: 2 }, model, callContext());
    expect(sent[0]!.url).toBe('http://together.test/v1/rerank');
    expect(sent[0]!.body).toEqual({ model: 'Salesforce/Llama-Rank-v1', query: 'q', documents, return_documents: false, top_n: 2 });
    expect(result).toEqual({ results: [{ index: 0, relevanceScore: 0.6475887154399037 }, { index: 5, relevanceScore: 0.6323295373206566 }], inputTokens: 2966 });
  });

  it('counts 0 tokens for a server that reports no usage (vLLM, Infinity), which the gateway replaces by its estimate', async () => {
    const { provider } = replaying({ results: [{ index: 0, relevance_score: 0.5 }] });
    expect((await provider.rerank({ query: 'q', documents: ['a'] }, model, callContext())).inputTokens).toBe(0);
  });
});
