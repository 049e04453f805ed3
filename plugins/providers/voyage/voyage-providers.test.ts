import { describe, expect, it } from 'vitest';
import embedding from './__fixtures__/voyage-embedding.json';
import reranking from './__fixtures__/voyage-reranking.1.json';
import { callContext, replayJson } from '../shared/provider-test-support';
import { createVoyageProviders } from './voyage-providers';

function replaying(body: unknown, status = 200) {
  const { fetch, sent } = replayJson(body, status);
  return { sent, providers: createVoyageProviders({ apiKey: 'test-key', baseUrl: 'http://voyage.test', fetch }) };
}

describe('voyage providers', () => {
  it('embeds texts with /embeddings and reads the recorded vectors and total tokens', async () => {
    const { sent, providers } = replaying(embedding);
    const model = providers.embeddings.models().find((candidate) => candidate.id === 'voyage/voyage-3.5')!;
    const result = await providers.embeddings.embed({ inputs: ['sunny day', 'rainy day'], dimensions: 5 }, model, callContext());
    expect(sent[0]!.url).toBe('http://voyage.test/embeddings');
    expect(sent[0]!.body).toEqual({ model: 'voyage-3.5', input: ['sunny day', 'rainy day'], output_dimension: 5 });
    expect(result).toEqual({ vectors: embedding.data.map((item) => item.embedding), inputTokens: 12 });
  });

  it('reranks with /rerank (top_k) and reads the recorded data best first and the tokens it counted', async () => {
    const { sent, providers } = replaying(reranking);
    const model = providers.rerank.models()[0]!;
    const result = await providers.rerank.rerank({ query: 'q', documents: ['a', 'b'], topN: 2 }, model, callContext());
    expect(sent[0]!.url).toBe('http://voyage.test/rerank');
    expect(sent[0]!.body).toEqual({ model: 'rerank-2.5', query: 'q', documents: ['a', 'b'], top_k: 2 });
    expect(result).toEqual({ results: [{ index: 1, relevanceScore: 0.5703125 }, { index: 0, relevanceScore: 0.255859375 }], inputTokens: 12 });
  });
});
