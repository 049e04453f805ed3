import { describe, expect, it } from 'vitest';
import { createCohereProviders } from '../cohere/cohere-providers';
import cohereReranking from '../cohere/__fixtures__/cohere-reranking.1.json';
import { createVoyageProviders } from '../voyage/voyage-providers';
import voyageReranking from '../voyage/__fixtures__/voyage-reranking.1.json';
import { callContext, replayJson } from './provider-test-support';

const upstreams = [
  { name: 'cohere', create: createCohereProviders, reranking: cohereReranking as unknown, errorBody: { id: 'x', message: 'invalid api token' }, keyVariable: 'COHERE_API_KEY' },
  { name: 'voyage', create: createVoyageProviders, reranking: voyageReranking as unknown, errorBody: { detail: 'invalid api token' }, keyVariable: 'VOYAGE_API_KEY' },
];

describe.each(upstreams)('$name embeddings and rerank', ({ name, create, reranking, errorBody, keyVariable }) => {
  const replaying = (body: unknown, status = 200, key: { apiKey?: string } = { apiKey: 'test-key' }) => {
    const { fetch, sent } = replayJson(body, status);
    return { sent, providers: create({ ...key, baseUrl: `http://${name}.test`, fetch }) };
  };

  it('refuses results pointing past the documents as a malformed upstream answer', async () => {
    const { providers } = replaying(reranking);
    await expect(providers.rerank.rerank({ query: 'q', documents: ['only one'] }, providers.rerank.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });

  it('reads its error body as the message and classifies it by status', async () => {
    const { providers } = replaying(errorBody, 401);
    const failure = providers.rerank.rerank({ query: 'q', documents: ['a'] }, providers.rerank.models()[0]!, callContext());
    await expect(failure).rejects.toMatchObject({ code: 'BSK_UPSTREAM_AUTHENTICATION', details: { info: { message: 'invalid api token', status: 401 } } });
  });

  it('reports its one upstream in /health as a pool of one: calls of both modalities counted, a key refusal kept, no key shown', async () => {
    const { providers } = replaying(errorBody, 401);
    expect(providers.health.health()).toEqual({ provider: name, members: [{ label: `#1 ${name}.test`, weight: 1, state: 'ok', requests: 0 }] });
    await expect(providers.rerank.rerank({ query: 'q', documents: ['a'] }, providers.rerank.models()[0]!, callContext())).rejects.toThrow();
    await expect(providers.embeddings.embed({ inputs: ['a'] }, providers.embeddings.models()[0]!, callContext())).rejects.toThrow();
    expect(providers.health.health()).toEqual({ provider: name, members: [{ label: `#1 ${name}.test`, weight: 1, state: 'ok', requests: 2, lastFailure: { status: 401, at: expect.any(String) } }] });
    expect(replaying(reranking, 200, {}).providers.health.health().members[0]!.state).toBe('disabled');
  });

  it('is disabled without a key, and a call then fails as unauthenticated without reaching the upstream', async () => {
    const { providers, sent } = replaying(reranking, 200, {});
    expect([providers.embeddings.enabled, providers.rerank.enabled]).toEqual([false, false]);
    const failure = providers.rerank.rerank({ query: 'q', documents: ['a'] }, providers.rerank.models()[0]!, callContext());
    await expect(failure).rejects.toMatchObject({ code: 'BSK_UPSTREAM_AUTHENTICATION', details: { info: { message: `no API key is configured (${keyVariable})` } } });
    expect(sent).toEqual([]);
  });

  it('refuses token-id inputs as the client\'s mistake, before calling the upstream', async () => {
    const { providers, sent } = replaying({});
    const failure = providers.embeddings.embed({ inputs: [[1, 2, 3]] }, providers.embeddings.models()[0]!, callContext());
    await expect(failure).rejects.toMatchObject({ code: 'BSK_UPSTREAM_INVALID_REQUEST' });
    expect(sent).toEqual([]);
  });
});
