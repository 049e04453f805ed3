import { describe, expect, it } from 'vitest';
import embedding from './__fixtures__/voyage-embedding.json';
import reranking from './__fixtures__/voyage-reranking.1.json';
import { createVoyageProviders } from './voyage-providers';

const call = { signal: new AbortController().signal, requestId: 'req_test', forwardHeaders: {} };

function replaying(body: unknown, status = 200) {
  const sent: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { sent, providers: createVoyageProviders({ apiKey: 'test-key', baseUrl: 'http://voyage.test', fetch }) };
}

describe('voyage providers', () => {
  it('embeds texts with /embeddings and reads the recorded vectors and total tokens', async () => {
    const { sent, providers } = replaying(embedding);
    const model = providers.embeddings.models().find((candidate) => candidate.id === 'voyage/voyage-3.5')!;
    const result = await providers.embeddings.embed({ inputs: ['sunny day', 'rainy day'], dimensions: 5 }, model, call);
    expect(sent[0]).toEqual({ url: 'http://voyage.test/embeddings', body: { model: 'voyage-3.5', input: ['sunny day', 'rainy day'], output_dimension: 5 } });
    expect(result).toEqual({ vectors: embedding.data.map((item) => item.embedding), inputTokens: 12 });
  });

  it('reranks with /rerank (top_k) and reads the recorded data best first', async () => {
    const { sent, providers } = replaying(reranking);
    const model = providers.rerank.models()[0]!;
    const result = await providers.rerank.rerank({ query: 'q', documents: ['a', 'b'], topN: 2 }, model, call);
    expect(sent[0]).toEqual({ url: 'http://voyage.test/rerank', body: { model: 'rerank-2.5', query: 'q', documents: ['a', 'b'], top_k: 2 } });
    expect(result.results).toEqual([{ index: 1, relevanceScore: 0.5703125 }, { index: 0, relevanceScore: 0.255859375 }]);
  });

  it('refuses results pointing past the documents as a malformed upstream answer', async () => {
    const { providers } = replaying(reranking);
    await expect(providers.rerank.rerank({ query: 'q', documents: ['only one'] }, providers.rerank.models()[0]!, call)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });

  it('classifies an error body `{ detail }` by status', async () => {
    const { providers } = replaying({ detail: 'invalid api token' }, 401);
    await expect(providers.rerank.rerank({ query: 'q', documents: ['a'] }, providers.rerank.models()[0]!, call)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_AUTHENTICATION' });
  });
});
