import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';
import { BEARER_HEADERS, postJson } from './test-support';

let simulator: UpstreamSimulator;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ apiKey: 'test-key' });
});
afterAll(() => simulator.close());

const documents = ['Paris is in France', 'The capital of France is Paris, a city of light', 'Bananas are yellow'];
const query = 'capital of France';

async function call(url: string, body: unknown): Promise<Record<string, any>> {
  const response = await postJson(url, body, BEARER_HEADERS);
  expect(response.status).toBe(200);
  return response.json();
}

describe('rerank', () => {
  it('Cohere v2: results sorted by relevance, cut to top_n, with billed search units', async () => {
    const response = await call(`${simulator.baseUrls.cohere}/v2/rerank`, { model: 'rerank-v3.5', query, documents, top_n: 2 });
    expect(response.results.map((result: { index: number }) => result.index)).toEqual([1, 0]);
    expect(response.results[0].relevance_score).toBeGreaterThan(response.results[1].relevance_score);
    expect(response.meta).toEqual({ api_version: { version: '2' }, billed_units: { search_units: 1 } });
  });

  it('Voyage: data sorted, top_k, documents on request', async () => {
    const response = await call(`${simulator.baseUrls.voyage}/rerank`, { model: 'rerank-2.5', query, documents, top_k: 1, return_documents: true });
    expect(response).toMatchObject({ object: 'list', model: 'rerank-2.5', data: [{ index: 1, document: documents[1] }], usage: { total_tokens: expect.any(Number) } });
  });

  it('Jina (under the OpenAI-compatible prefix): object documents, returned by default', async () => {
    const response = await call(`${simulator.baseUrls.openai}/rerank`, { model: 'jina-reranker-v2-base-multilingual', query, documents: documents.map((text) => ({ text })) });
    expect(response.results.map((result: { index: number }) => result.index)).toEqual([1, 0, 2]);
    expect(response.results[0].document).toEqual({ text: documents[1] });
  });

  it('refuses a missing query in the provider shape', async () => {
    const cohere = await postJson(`${simulator.baseUrls.cohere}/v2/rerank`, { model: 'rerank-v3.5', documents }, BEARER_HEADERS);
    expect(cohere.status).toBe(400);
    expect(await cohere.json()).toMatchObject({ id: expect.any(String), message: 'query is required' });
    const voyage = await postJson(`${simulator.baseUrls.voyage}/rerank`, { model: 'rerank-2.5', documents }, BEARER_HEADERS);
    expect(await voyage.json()).toEqual({ detail: 'query is required' });
  });
});

describe('embeddings', () => {
  it('Cohere v2 embed: embeddings by type with billed input tokens', async () => {
    const response = await call(`${simulator.baseUrls.cohere}/v2/embed`, { model: 'embed-v4.0', texts: ['a', 'b'], input_type: 'search_document', embedding_types: ['float'] });
    expect(response.response_type).toBe('embeddings_by_type');
    expect(response.embeddings.float).toHaveLength(2);
    expect(response.embeddings.float[0]).toHaveLength(1536);
    expect(response.meta.billed_units.input_tokens).toBe(2);
  });

  it('Voyage embeddings: output_dimension and base64', async () => {
    const floats = await call(`${simulator.baseUrls.voyage}/embeddings`, { model: 'voyage-3.5', input: ['a'], output_dimension: 4 });
    const encoded = await call(`${simulator.baseUrls.voyage}/embeddings`, { model: 'voyage-3.5', input: ['a'], output_dimension: 4, encoding_format: 'base64' });
    const decoded = [...new Float32Array(Uint8Array.from(Buffer.from(encoded.data[0].embedding, 'base64')).buffer)];
    expect(decoded).toEqual(floats.data[0].embedding);
  });

  it('refuses a wrong key in each shape', async () => {
    const cohere = await postJson(`${simulator.baseUrls.cohere}/v2/embed`, { texts: ['a'] }, { authorization: 'Bearer nope' });
    expect(cohere.status).toBe(401);
    expect(await cohere.json()).toHaveProperty('message');
    const voyage = await postJson(`${simulator.baseUrls.voyage}/embeddings`, { input: ['a'] }, {});
    expect(voyage.status).toBe(401);
    expect(await voyage.json()).toHaveProperty('detail');
  });
});
