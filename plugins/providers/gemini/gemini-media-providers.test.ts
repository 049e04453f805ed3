import { describe, expect, it } from 'vitest';
import { callContext, fakeFetch, jsonResponse, replayJson } from '../shared/provider-test-support';
import { createGeminiMediaProviders } from './gemini-media-providers';

// The shared recordings hold no Gemini embedding, Imagen or Veo answers: these bodies follow
// the documented shapes of embedContent, batchEmbedContents, :predict and long-running operations.
const media = (fetch: typeof globalThis.fetch, key: { apiKey?: string } = { apiKey: 'AIza-test' }) => createGeminiMediaProviders({ ...key, baseUrl: 'https://upstream.test', fetch });

describe('gemini embeddings', () => {
  it('embeds one text with :embedContent and several with :batchEmbedContents, in order', async () => {
    const answers = [
      jsonResponse(JSON.stringify({ embedding: { values: [0.1, 0.2] } })),
      jsonResponse(JSON.stringify({ embeddings: [{ values: [1, 2] }, { values: [3, 4] }] })),
    ];
    const { fetch, sent } = fakeFetch(() => answers.shift()!);
    const { embeddings } = media(fetch);
    const model = embeddings.models()[0]!;
    expect(await embeddings.embed({ inputs: ['one'], dimensions: 2 }, model, callContext())).toEqual({ vectors: [[0.1, 0.2]], inputTokens: 0 });
    expect(await embeddings.embed({ inputs: ['a', 'b'] }, model, callContext())).toEqual({ vectors: [[1, 2], [3, 4]], inputTokens: 0 });
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/gemini-embedding-001:embedContent');
    expect(sent[0]!.headers).toMatchObject({ 'x-goog-api-key': 'AIza-test' });
    expect(sent[0]!.body).toEqual({ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'one' }] }, outputDimensionality: 2 });
    expect(sent[1]!.url).toBe('https://upstream.test/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(sent[1]!.body).toEqual({ requests: ['a', 'b'].map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] } })) });
  });

  it('refuses token ids and a batch answer short of the inputs', async () => {
    const { embeddings } = media(replayJson({ embeddings: [{ values: [1] }] }).fetch);
    await expect(embeddings.embed({ inputs: [[1, 2]] }, embeddings.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_INVALID_REQUEST' });
    await expect(embeddings.embed({ inputs: ['a', 'b'] }, embeddings.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });

  it('is disabled without a key and then fails as unauthenticated without calling out', async () => {
    const { fetch, sent } = replayJson({});
    const { embeddings } = media(fetch, {});
    expect(embeddings.enabled).toBe(false);
    await expect(embeddings.embed({ inputs: ['a'] }, embeddings.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_AUTHENTICATION' });
    expect(sent).toEqual([]);
  });
});

describe('gemini images (Imagen)', () => {
  it('predicts with the size as an aspect ratio and reads base64 predictions', async () => {
    const { fetch, sent } = replayJson({ predictions: [{ bytesBase64Encoded: Buffer.from('png-1').toString('base64'), mimeType: 'image/png' }, { bytesBase64Encoded: Buffer.from('jpg-2').toString('base64'), mimeType: 'image/jpeg' }] });
    const { images } = media(fetch);
    const model = images.models().find((candidate) => candidate.id === 'gemini/imagen-4.0-generate-001')!;
    const result = await images.generateImages({ prompt: 'a lighthouse', count: 2, size: '1408x768' }, model, callContext());
    expect(sent[0]!.url).toBe('https://upstream.test/v1beta/models/imagen-4.0-generate-001:predict');
    expect(sent[0]!.body).toEqual({ instances: [{ prompt: 'a lighthouse' }], parameters: { sampleCount: 2, aspectRatio: '16:9' } });
    expect(result.images.map((image) => [Buffer.from(image.bytes).toString(), image.mimeType])).toEqual([['png-1', 'image/png'], ['jpg-2', 'image/jpeg']]);
    expect(images.options(model)).toMatchObject({ edits: false, qualities: [], maxImages: 4 });
  });

  it('prices each Imagen 4 variant per image as the Gemini API does (ai.google.dev/gemini-api/docs/pricing: Fast $0.02, Standard $0.04, Ultra $0.06)', () => {
    const { images } = media(replayJson({}).fetch);
    const priceOf = (alias: string) => images.models().find((model) => model.aliases.includes(alias))!.pricing;
    expect([priceOf('imagen-4-fast'), priceOf('imagen-4'), priceOf('imagen-4-ultra')]).toEqual([{ perImage: 20_000 }, { perImage: 40_000 }, { perImage: 60_000 }]);
    expect(images.models().find((model) => model.id === 'gemini/imagen-4.0-ultra-generate-001')!.upstreamId).toBe('imagen-4.0-ultra-generate-001');
  });

  it('refuses an answer without predictions (a filtered prompt) as malformed', async () => {
    const { images } = media(replayJson({}).fetch);
    await expect(images.generateImages({ prompt: 'x', count: 1 }, images.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });
});

describe('gemini videos (Veo)', () => {
  const operation = 'models/veo-3.0-generate-001/operations/op 1';
  const videoUri = 'https://upstream.test/v1beta/files/abc:download?alt=media';

  it('starts a long-running operation, polls it until done, and downloads the file with our key', async () => {
    const answers = [
      jsonResponse(JSON.stringify({ name: operation })),
      jsonResponse(JSON.stringify({ name: operation, done: false })),
      jsonResponse(JSON.stringify({ name: operation, done: true, response: { generateVideoResponse: { generatedSamples: [{ video: { uri: videoUri } }] } } })),
      new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'video/mp4' } }),
    ];
    const { fetch, sent } = fakeFetch(() => answers.shift()!);
    const { videos } = media(fetch);
    const model = videos.models()[0]!;
    const job = await videos.startVideo({ prompt: 'waves', seconds: 8, size: '720x1280' }, model, callContext());
    expect(sent[0]!.body).toEqual({ instances: [{ prompt: 'waves' }], parameters: { durationSeconds: 8, aspectRatio: '9:16' } });
    expect(await videos.checkVideo(job, model, callContext())).toEqual({ status: 'in_progress', progress: 0 });
    const done = await videos.checkVideo(job, model, callContext());
    expect(done).toEqual({ status: 'completed', progress: 100, contentLocation: videoUri });
    expect(await videos.downloadVideo({ ...job, contentLocation: done.contentLocation! }, model, callContext())).toEqual({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'video/mp4' });
    expect(sent.map((request) => [request.init.method, request.url])).toEqual([
      ['POST', 'https://upstream.test/v1beta/models/veo-3.0-generate-001:predictLongRunning'],
      ['GET', 'https://upstream.test/v1beta/models/veo-3.0-generate-001/operations/op%201'],
      ['GET', 'https://upstream.test/v1beta/models/veo-3.0-generate-001/operations/op%201'],
      ['GET', videoUri],
    ]);
    expect(sent[3]!.headers).toMatchObject({ 'x-goog-api-key': 'AIza-test' });
  });

  it('reads a finished operation with an error as a failed job', async () => {
    const { videos } = media(replayJson({ name: operation, done: true, error: { code: 3, message: 'prompt blocked' } }).fetch);
    expect(await videos.checkVideo({ upstreamJobId: operation }, videos.models()[0]!, callContext())).toEqual({ status: 'failed', progress: 100, error: { code: '3', message: 'prompt blocked' } });
  });

  it('cannot download a job that has no content location yet', async () => {
    const { videos } = media(replayJson({}).fetch);
    await expect(videos.downloadVideo({ upstreamJobId: operation }, videos.models()[0]!, callContext())).rejects.toMatchObject({ code: 'BSK_UPSTREAM_MALFORMED' });
  });
});
