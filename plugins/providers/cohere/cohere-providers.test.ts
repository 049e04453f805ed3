import { describe, expect, it } from 'vitest';
import embedding from './__fixtures__/cohere-embedding.json';
import reranking from './__fixtures__/cohere-reranking.1.json';
import { callContext, replayJson } from '../shared/provider-test-support';
import { createCohereProviders } from './cohere-providers';

function replaying(body: unknown, status = 200) {
  const { fetch, sent } = replayJson(body, status);
  return { sent, providers: createCohereProviders({ apiKey: 'test-key', baseUrl: 'http://cohere.test', fetch }) };
}

describe('cohere providers', () => {
  it('embeds texts with /v2/embed and reads the recorded float vectors and billed tokens', async () => {
    const { sent, providers } = replaying(embedding);
    const model = providers.embeddings.models().find((candidate) => candidate.id === 'cohere/embed-v4.0')!;
    const result = await providers.embeddings.embed({ inputs: embedding.texts }, model, callContext());
    expect(sent[0]!.url).toBe('http://cohere.test/v2/embed');
    expect(sent[0]!.body).toEqual({ model: 'embed-v4.0', texts: embedding.texts, input_type: 'search_document', embedding_types: ['float'] });
    expect(result).toEqual({ vectors: embedding.embeddings.float, inputTokens: 10 });
  });

  it('reranks with /v2/rerank and reads the recorded results best first', async () => {
    const { sent, providers } = replaying(reranking);
    const model = providers.rerank.models()[0]!;
    const result = await providers.rerank.rerank({ query: 'q', documents: ['a', 'b'], topN: 2 }, model, callContext());
    expect(sent[0]!.body).toEqual({ model: 'rerank-v3.5', query: 'q', documents: ['a', 'b'], top_n: 2 });
    // Cohere reports search units, not tokens: 0 tokens, which the gateway replaces by its estimate.
    expect(result).toEqual({ results: [{ index: 1, relevanceScore: 0.10183054 }, { index: 0, relevanceScore: 0.03762639 }], inputTokens: 0 });
  });
});
