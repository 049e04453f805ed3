import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestartableGateway, type RestartableGateway } from './restartable-gateway';

type ApiError = InstanceType<typeof OpenAI.APIError>;

let gateway: RestartableGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startRestartableGateway({
    config: (baseUrls) => ({ plugins: { 'openai-compatible': { instances: [{ name: 'jina', baseUrl: baseUrls.openai, apiKey: 'sim-upstream-key', models: [{ id: 'jina-reranker-v2', modality: 'rerank', pricing: { perSearch: 500 } }, { id: 'bge-m3', modality: 'embeddings', pricing: { inputPerMTok: 10000 } }] }] } } }),
  });
  client = new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url()}/v1`, maxRetries: 0 });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
});

/** Runs a billed call and checks the wallet moved by exactly the `estimated_credits` it announced. */
async function billedExactly<T>(call: () => Promise<{ data: T; response: Response }>): Promise<{ data: T; credits: number; response: Response }> {
  const before = await gateway.balance();
  const { data, response } = await call();
  const credits = Number(response.headers.get('estimated_credits'));
  expect(credits).toBeGreaterThan(0);
  expect(response.headers.get('request-id')).toMatch(/^req_/);
  expect(Number(response.headers.get('bytespike-overhead-ms'))).toBeGreaterThanOrEqual(0);
  expect(before - (await gateway.balance())).toBe(credits);
  return { data, credits, response };
}

async function expectUnbilledError(call: () => Promise<unknown>, status: number): Promise<ApiError> {
  const before = await gateway.balance();
  const error = await call().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  expect((error as ApiError).status).toBe(status);
  expect(await gateway.balance()).toBe(before);
  return error as ApiError;
}

async function postJson(path: string, body: unknown, apiKey = gateway.apiKey): Promise<Response> {
  return fetch(`${gateway.url()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function keyWithScopes(scopes: string[]): Promise<string> {
  const accounts = gateway.kernel().use('accounts');
  const member = await accounts.addMember(gateway.orgId, { email: `${scopes.join('-')}@e2e.test`, role: 'member' });
  return (await accounts.createKey(member.id, { name: scopes.join(','), scopes: scopes as never })).key;
}

describe('POST /v1/embeddings', () => {
  it.each(['openai/text-embedding-3-small', 'gemini/gemini-embedding-001', 'cohere/embed-v4.0', 'voyage/voyage-3.5', 'jina/bge-m3'])('embeds two inputs with %s and bills exactly what it announces', async (model) => {
    const { data } = await billedExactly(() => client.embeddings.create({ model, input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float' }).withResponse());
    expect(data.model).toBe(model);
    expect(data.data.map((item) => item.index)).toEqual([0, 1]);
    expect(data.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(data.data[0]!.embedding).not.toEqual(data.data[1]!.embedding);
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('answers base64 and honours dimensions; a single Gemini input goes through embedContent', async () => {
    const floats = await client.embeddings.create({ model: 'gemini-embedding-001', input: 'one text', dimensions: 8, encoding_format: 'float' });
    const raw = await postJson('/v1/embeddings', { model: 'gemini-embedding-001', input: 'one text', dimensions: 8, encoding_format: 'base64' });
    const encoded = ((await raw.json()) as { data: { embedding: string }[] }).data[0]!.embedding;
    const decoded = Array.from(new Float32Array(Uint8Array.from(Buffer.from(encoded, 'base64')).buffer));
    expect(decoded).toHaveLength(8);
    decoded.forEach((value, index) => expect(value).toBeCloseTo(floats.data[0]!.embedding[index]!, 5));
  });

  it('refuses empty input, too many inputs and a chat model with a 4xx in OpenAI shape, billing nothing', async () => {
    await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-3-small', input: '' }), 400);
    await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-3-small', input: Array.from({ length: 2049 }, () => 'x') }), 400);
    const wrong = await expectUnbilledError(() => client.embeddings.create({ model: 'openai/gpt-4.1', input: 'hello' }), 400);
    expect(wrong.message).toContain('chat model');
    expect((wrong.error as { code?: string }).code).toBe('BSK_GATEWAY_MODEL_WRONG_MODALITY');
  });

  it('refuses strings mixed with token arrays and dimensions above the model\'s, naming the field, billing nothing', async () => {
    const mixed = await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', [1, 2]] as unknown as string[] }), 400);
    expect(mixed.param).toBe('input.1');
    const wide = await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-3-small', input: 'x', dimensions: 99_999 }), 400);
    expect([wide.param, (wide.error as { code?: string }).code]).toEqual(['dimensions', 'BSK_EMBEDDINGS_INVALID_REQUEST']);
    expect(wide.message).toContain('at most 1536');
  });

  it('refuses any dimensions on text-embedding-ada-002, which takes none (as OpenAI does), billing nothing', async () => {
    const fixed = await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-ada-002', input: 'x', dimensions: 1536 }), 400);
    expect([fixed.param, (fixed.error as { code?: string }).code]).toEqual(['dimensions', 'BSK_EMBEDDINGS_INVALID_REQUEST']);
    expect(fixed.message).toContain('openai/text-embedding-ada-002 takes no dimensions');
    const { data } = await billedExactly(() => client.embeddings.create({ model: 'text-embedding-ada-002', input: 'x', encoding_format: 'float' }).withResponse());
    expect(data.data[0]!.embedding).toHaveLength(1536);
  });

  it('refuses an embeddings model on the chat endpoints as the wrong kind of model, not as one that does not exist', async () => {
    const chat = await expectUnbilledError(() => client.chat.completions.create({ model: 'openai/text-embedding-3-small', messages: [{ role: 'user', content: 'hi' }] }), 400);
    expect(chat.message).toContain('embeddings model');
    expect((chat.error as { code?: string }).code).toBe('BSK_GATEWAY_MODEL_WRONG_MODALITY');
    const messages = await postJson('/v1/messages', { model: 'text-embedding-3-small', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('bills nothing when the upstream fails', async () => {
    await expectUnbilledError(() => client.embeddings.create({ model: 'text-embedding-3-small', input: 'boom [[fault:status=500]]' }), 502);
  });
});

describe('POST /v1/rerank', () => {
  const documents = ['Paris is the capital of France.', 'The Eiffel tower is in Paris, the capital city.', 'Bananas are yellow.'];

  it.each(['cohere/rerank-v3.5', 'voyage/rerank-2.5', 'jina/jina-reranker-v2'])('ranks documents with %s, sorted, with documents and top_n', async (model) => {
    const before = await gateway.balance();
    const response = await postJson('/v1/rerank', { model, query: 'capital of France', documents, top_n: 2, return_documents: true });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { index: number; relevance_score: number; document: { text: string } }[] };
    expect(body.results).toHaveLength(2);
    expect(body.results[0]!.relevance_score).toBeGreaterThanOrEqual(body.results[1]!.relevance_score);
    for (const result of body.results) expect(result.document.text).toBe(documents[result.index]);
    expect(before - (await gateway.balance())).toBe(Number(response.headers.get('estimated_credits')));
    expect(Number(response.headers.get('estimated_credits'))).toBeGreaterThan(0);
  });

  it('reports an openai-compatible instance with only embeddings and rerank models in /health, its calls counted', async () => {
    const upstreamsOf = async () => ((await (await fetch(`${gateway.url()}/health`)).json()) as { upstreams: { provider: string; members: { requests: number }[] }[] }).upstreams;
    const entry = async () => (await upstreamsOf()).find((upstream) => upstream.provider === 'jina');
    const before = (await entry())?.members[0]?.requests ?? 0;
    expect((await postJson('/v1/rerank', { model: 'jina/jina-reranker-v2', query: 'capital', documents })).status).toBe(200);
    expect((await postJson('/v1/embeddings', { model: 'jina/bge-m3', input: 'one text' })).status).toBe(200);
    expect(await entry()).toEqual({ provider: 'jina', members: [{ label: expect.stringMatching(/^#1 127\.0\.0\.1:/), weight: 1, state: 'ok', requests: before + 2 }] });
    expect((await upstreamsOf()).filter((upstream) => upstream.provider === 'jina')).toHaveLength(1);
  });

  it('refuses empty documents and a key without the rerank scope, billing nothing', async () => {
    const before = await gateway.balance();
    const empty = await postJson('/v1/rerank', { model: 'rerank-v3.5', query: 'q', documents: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { param: string } }).error.param).toBe('documents');
    const textless = await postJson('/v1/rerank', { model: 'rerank-v3.5', query: 'q', documents: ['a', {}] });
    expect(textless.status).toBe(400);
    expect(((await textless.json()) as { error: { param: string } }).error.param).toBe('documents.1');
    const denied = await postJson('/v1/rerank', { model: 'rerank-v3.5', query: 'q', documents }, await keyWithScopes(['chat']));
    expect(denied.status).toBe(403);
    expect(await gateway.balance()).toBe(before);
  });
});

describe('images', () => {
  it('generates with gpt-image-1 as b64_json (its default) and with dall-e-3 as a gateway-served URL', async () => {
    const b64 = await billedExactly(() => client.images.generate({ model: 'gpt-image-1', prompt: 'a sea otter', n: 2 }).withResponse());
    expect(b64.data.data).toHaveLength(2);
    expect(b64.data.data![0]!.url).toBeUndefined();
    const inline = Buffer.from(b64.data.data![0]!.b64_json!, 'base64');
    expect(inline.subarray(1, 4).toString()).toBe('PNG');
    // A model that answers base64 only gets its link beside it, as the extension field bytespike_url.
    const links = b64.data.data!.map((datum) => (datum as { bytespike_url?: string }).bytespike_url!);
    expect(links.every((link) => link.startsWith(`${gateway.url()}/v1/files/images/`))).toBe(true);
    expect(new Set(links).size).toBe(2);
    expect(Buffer.from(await (await fetch(links[0]!)).arrayBuffer())).toEqual(inline);
    // Base64 asked of a model that offers URLs is answered as asked, unlinked.
    const asked = await client.images.generate({ model: 'dall-e-2', prompt: 'a sea otter', size: '256x256', response_format: 'b64_json' });
    expect(asked.data![0]).not.toHaveProperty('bytespike_url');
    const url = await billedExactly(() => client.images.generate({ model: 'dall-e-3', prompt: 'a sea otter', size: '1792x1024' }).withResponse());
    expect(url.credits).toBe(80_000);
    const link = url.data.data![0]!.url!;
    expect(link.startsWith(`${gateway.url()}/v1/files/images/`)).toBe(true);
    const image = await fetch(link);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(`${link}x`)).status).toBe(404);
  });

  it('generates with Imagen and edits with multipart uploads', async () => {
    const imagen = await billedExactly(() => client.images.generate({ model: 'gemini/imagen-4.0-generate-001', prompt: 'a lighthouse', n: 3, size: '1408x768', response_format: 'b64_json' }).withResponse());
    expect(imagen.credits).toBe(3 * 40_000);
    // Imagen 4 Ultra is its own model at its own price ($0.06 an image), not the standard one's.
    const ultra = await billedExactly(() => client.images.generate({ model: 'imagen-4-ultra', prompt: 'a lighthouse', n: 2, response_format: 'b64_json' }).withResponse());
    expect(ultra.credits).toBe(2 * 60_000);
    const png = Buffer.from((await client.images.generate({ model: 'gpt-image-1', prompt: 'source' })).data![0]!.b64_json!, 'base64');
    const edit = await billedExactly(() => client.images.edit({ model: 'gpt-image-1', prompt: 'add a hat', image: new File([png], 'otter.png', { type: 'image/png' }) }).withResponse());
    expect(edit.data.data).toHaveLength(1);
    const requests = (await (await fetch(`${gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { path: string; body: Record<string, unknown> }[] };
    const upstreamEdit = requests.requests.filter((request) => request.path.endsWith('/images/edits')).pop()!;
    expect(upstreamEdit.body.prompt).toBe('add a hat');
  });

  it('prices a DALL·E image by the quality and size asked for, times n, and a GPT image one by the tokens it reports', async () => {
    // OpenAI's per-image prices: DALL·E 3 HD 1792×1024 $0.12, DALL·E 2 256² $0.016.
    expect((await billedExactly(() => client.images.generate({ model: 'dall-e-3', prompt: 'x', quality: 'hd', size: '1792x1024' }).withResponse())).credits).toBe(120_000);
    expect((await billedExactly(() => client.images.generate({ model: 'dall-e-2', prompt: 'x', size: '256x256', n: 3 }).withResponse())).credits).toBe(3 * 16_000);
    // GPT Image 1 bills tokens: high 1536×1024 is 6,208 image output tokens at $40/MTok, plus the prompt's text at $5/MTok (one token).
    expect((await billedExactly(() => client.images.generate({ model: 'gpt-image-1', prompt: 'x', quality: 'high', size: '1536x1024' }).withResponse())).credits).toBe(Math.ceil((6208 * 40_000_000 + 5_000_000) / 1e6));
    // auto: the simulator makes medium 1024x1024 (1,056 output tokens an image) and bills for it.
    const before = await gateway.balance();
    const auto = await postJson('/v1/images/generations', { model: 'gpt-image-1', prompt: 'x', n: 2 });
    expect(auto.status).toBe(200);
    expect(before - (await gateway.balance())).toBe(Math.ceil((2 * 1056 * 40_000_000 + 5_000_000) / 1e6));
    const small = await startRestartableGateway({ credits: 100_000 });
    try {
      const poor = new OpenAI({ apiKey: small.apiKey, baseURL: `${small.url()}/v1`, maxRetries: 0 });
      await expect(poor.images.generate({ model: 'gpt-image-1', prompt: 'x' })).rejects.toMatchObject({ status: 402 });
      expect(await small.balance()).toBe(100_000);
    } finally {
      await small.close();
    }
  });

  it('bills a GPT image edit what OpenAI does: text input, image input and image output tokens from its usage, each at its price', async () => {
    const png = Buffer.from((await client.images.generate({ model: 'gpt-image-1-mini', prompt: 'source', quality: 'low' })).data![0]!.b64_json!, 'base64');
    for (const [model, prices] of [['gpt-image-1', { text: 5_000_000, image: 10_000_000, output: 40_000_000 }], ['gpt-image-1-mini', { text: 2_000_000, image: 2_500_000, output: 8_000_000 }]] as const) {
      const { data, credits, response } = await billedExactly(() => client.images.edit({ model, prompt: 'add a small red hat to the otter', image: [new File([png], 'a.png', { type: 'image/png' }), new File([png], 'b.png', { type: 'image/png' })], quality: 'low', size: '1024x1536' }).withResponse());
      const usage = data.usage!;
      expect(usage.input_tokens_details.image_tokens).toBe(2 * 194);
      expect(usage.output_tokens).toBe(408);
      expect(credits).toBe(Math.ceil((usage.input_tokens_details.text_tokens * prices.text + usage.input_tokens_details.image_tokens * prices.image + usage.output_tokens * prices.output) / 1e6));
      const generation = await fetch(`${gateway.url()}/v1/generation?id=${response.headers.get('request-id')}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
      expect(((await generation.json()) as { data: { usage: Record<string, number> } }).data.usage).toMatchObject({ input_tokens: usage.input_tokens, output_tokens: 408, images: 1 });
    }
  });

  it('passes each model\'s own options upstream and refuses, unbilled, what the model does not take', async () => {
    await client.images.generate({ model: 'dall-e-3', prompt: 'a calm lake', style: 'natural' });
    await client.images.generate({ model: 'gpt-image-1', prompt: 'a kite', background: 'transparent', output_format: 'webp', output_compression: 60, moderation: 'low' });
    const sent = ((await (await fetch(`${gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { path: string; body: Record<string, unknown> }[] }).requests.filter((request) => request.path.endsWith('/images/generations'));
    expect(sent.find((request) => request.body.prompt === 'a calm lake')!.body).toMatchObject({ style: 'natural' });
    expect(sent.find((request) => request.body.prompt === 'a kite')!.body).toMatchObject({ background: 'transparent', output_format: 'webp', output_compression: 60, moderation: 'low' });
    const refusals: [Record<string, unknown>, string][] = [
      [{ model: 'gpt-image-1', response_format: 'b64_json' }, 'response_format'],
      [{ model: 'gpt-image-1', style: 'natural' }, 'style'],
      [{ model: 'dall-e-3', background: 'transparent' }, 'background'],
      [{ model: 'dall-e-2', output_format: 'webp' }, 'output_format'],
      [{ model: 'dall-e-3', quality: 'high' }, 'quality'],
      [{ model: 'dall-e-3', n: 2 }, 'n'],
      [{ model: 'dall-e-2', n: '2' }, 'n'],
      [{ model: 'dall-e-2', n: 1.5 }, 'n'],
      // Allowed alone, impossible together (OpenAI API reference, Create image).
      [{ model: 'gpt-image-1', output_compression: 50 }, 'output_compression'],
      [{ model: 'gpt-image-1-mini', output_format: 'png', output_compression: 0 }, 'output_compression'],
      [{ model: 'gpt-image-1', background: 'transparent', output_format: 'jpeg' }, 'background'],
    ];
    for (const [body, param] of refusals) {
      const error = await expectUnbilledError(() => client.images.generate({ prompt: 'x', ...body } as never), 400);
      expect((error.error as { param?: string }).param).toBe(param);
    }
  });

  it('refuses an edit asking for values that cannot go together before anything is held, naming the field', async () => {
    const png = new File([Buffer.from((await client.images.generate({ model: 'gpt-image-1-mini', prompt: 'source', quality: 'low' })).data![0]!.b64_json!, 'base64')], 'a.png', { type: 'image/png' });
    const error = await expectUnbilledError(() => client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: png, background: 'transparent', output_format: 'jpeg' }), 400);
    expect(error.error).toMatchObject({ param: 'background', code: 'BSK_IMAGES_INCOMPATIBLE_VALUES', type: 'invalid_request_error' });
    expect(error.message).toContain('a transparent background needs output_format "png" or "webp"');
  });

  it('refuses unsupported sizes, oversize images and edits on models that cannot edit, billing nothing', async () => {
    await expectUnbilledError(() => client.images.generate({ model: 'dall-e-3', prompt: 'x', size: '256x256' }), 400);
    await expectUnbilledError(() => client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: new File([Buffer.alloc(21 * 1024 * 1024, 1)], 'big.png', { type: 'image/png' }) }), 413);
    await expectUnbilledError(() => client.images.edit({ model: 'dall-e-3', prompt: 'x', image: new File([Buffer.from('png')], 'a.png', { type: 'image/png' }) }), 400);
    await expectUnbilledError(() => client.images.generate({ model: 'gpt-image-1', prompt: 'x [[fault:status=503]]' }), 503);
  });

  it('denies a key without the images scope (403) and hides image models from it', async () => {
    const chatOnly = new OpenAI({ apiKey: await keyWithScopes(['chat', 'embeddings']), baseURL: `${gateway.url()}/v1`, maxRetries: 0 });
    await expectUnbilledError(() => chatOnly.images.generate({ model: 'gpt-image-1', prompt: 'x' }), 403);
    const visible = (await chatOnly.models.list()).data as unknown as { id: string; bytespike: { modality: string } }[];
    expect(visible.some((model) => model.bytespike.modality === 'images')).toBe(false);
    expect(visible.some((model) => model.bytespike.modality === 'embeddings')).toBe(true);
    const everything = (await client.models.list()).data as unknown as { id: string; bytespike: { modality: string } }[];
    expect(new Set(everything.map((model) => model.bytespike.modality))).toEqual(new Set(['chat', 'embeddings', 'rerank', 'images', 'videos']));
  });
});

describe('videos', () => {
  async function pollUntilDone(id: string, videoClient = client): Promise<OpenAI.Videos.Video> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const video = await videoClient.videos.retrieve(id);
      if (video.status === 'completed' || video.status === 'failed') return video;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`video ${id} never finished`);
  }

  // Veo 3 $0.40 and Veo 3 Fast $0.15 a second (the gemini catalog).
  it.each([['gemini/veo-3.0-generate-001', 400_000], ['gemini/veo-3.0-fast-generate-001', 150_000]])('runs a %s job to completion, billing the hold once the content is ready', async (model, perSecond) => {
    const before = await gateway.balance();
    const { data: job, response } = await client.videos.create({ model, prompt: 'a paper boat [[job:polls=2,ms=60000]]', seconds: '8' }).withResponse();
    expect(job.status).toBe('queued');
    expect(job.id).toMatch(/^video_/);
    const estimated = Number(response.headers.get('estimated_credits'));
    expect(estimated).toBe(8 * perSecond);
    const done = await pollUntilDone(job.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(before - (await gateway.balance())).toBe(estimated);
    // The settled figure and the billing request, in the video object's extension fields.
    expect(done).toMatchObject({ bytespike_request_id: response.headers.get('request-id'), bytespike_credits: estimated });
    const content = await client.videos.downloadContent(job.id);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('runs a job that names no model on the default one, Veo 3 Fast, at its first size', async () => {
    const response = await postJson('/v1/videos', { prompt: 'a kite [[job:polls=1]]', seconds: '4' });
    expect(response.status).toBe(200);
    const job = (await response.json()) as OpenAI.Videos.Video;
    expect(job).toMatchObject({ model: 'gemini/veo-3.0-fast-generate-001', seconds: '4', size: '1280x720' });
    expect(Number(response.headers.get('estimated_credits'))).toBe(4 * 150_000);
    expect(await pollUntilDone(job.id)).toMatchObject({ status: 'completed', bytespike_credits: 4 * 150_000 });
  });

  it('keeps video content off the keyless image-link route', async () => {
    const { data: job } = await client.videos.create({ model: 'gemini/veo-3.0-fast-generate-001', prompt: 'a private harbour [[job:polls=1]]', seconds: '4' }).withResponse();
    expect(await pollUntilDone(job.id)).toMatchObject({ status: 'completed' });
    expect((await client.videos.downloadContent(job.id)).headers.get('content-type')).toBe('video/mp4');
    expect((await fetch(`${gateway.url()}/v1/files/images/${job.id}`)).status).toBe(404);
  });

  it('refuses a preview variant Veo does not make, and one OpenAI\'s API does not name, each naming variant', async () => {
    const { data: job } = await client.videos.create({ model: 'gemini/veo-3.0-fast-generate-001', prompt: 'a lake [[job:polls=1]]', seconds: '4' }).withResponse();
    expect((await pollUntilDone(job.id)).status).toBe('completed');
    const refused = await expectUnbilledError(() => client.videos.downloadContent(job.id, { variant: 'thumbnail' }), 400);
    expect(refused.error).toMatchObject({ param: 'variant', code: 'BSK_VIDEOS_UNSUPPORTED' });
    const bogus = await expectUnbilledError(() => client.videos.downloadContent(job.id, { variant: 'bogus' as 'video' }), 400);
    expect(bogus.error).toMatchObject({ param: 'variant', code: 'BSK_VIDEOS_INVALID_REQUEST' });
  });

  it('survives a gateway restart mid-job and completes', async () => {
    const before = await gateway.balance();
    const { data: job, response } = await client.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'a restart [[job:polls=3,ms=60000]]', seconds: '4' }).withResponse();
    expect((await client.videos.retrieve(job.id)).status).toBe('in_progress');
    await gateway.restart();
    const restarted = new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url()}/v1`, maxRetries: 0 });
    const done = await pollUntilDone(job.id, restarted);
    expect(done.status).toBe('completed');
    expect(before - (await gateway.balance())).toBe(Number(response.headers.get('estimated_credits')));
    client = restarted;
  });

  it('bills nothing for a job that fails upstream', async () => {
    const before = await gateway.balance();
    const { data: job } = await client.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'doomed [[job:polls=1,fail]]', seconds: '4' }).withResponse();
    const done = await pollUntilDone(job.id);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toContain('failed');
    expect(done).toMatchObject({ bytespike_credits: 0 });
    expect(await gateway.balance()).toBe(before);
    await expectUnbilledError(() => client.videos.downloadContent(job.id), 409);
  });

  it('refuses unsupported lengths and hides another org\'s video (404)', async () => {
    await expectUnbilledError(() => client.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'x', seconds: '5' as '4' }), 400);
    const { data: job } = await client.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'mine [[job:polls=1]]', seconds: '4' }).withResponse();
    const accounts = gateway.kernel().use('accounts');
    const otherOrg = await accounts.createOrg({ name: 'Other' });
    const owner = await accounts.addMember(otherOrg.id, { email: 'other@e2e.test', role: 'owner' });
    const other = new OpenAI({ apiKey: (await accounts.createKey(owner.id, { name: 'other' })).key, baseURL: `${gateway.url()}/v1`, maxRetries: 0 });
    const error = await other.videos.retrieve(job.id).then(() => undefined, (caught: unknown) => caught as ApiError);
    expect(error?.status).toBe(404);
  });

  it('refuses a key without the videos scope on every video route (403), its org\'s jobs included', async () => {
    const { data: job } = await client.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'scoped [[job:polls=1]]', seconds: '4' }).withResponse();
    await pollUntilDone(job.id);
    const chatOnly = new OpenAI({ apiKey: await keyWithScopes(['chat', 'images']), baseURL: `${gateway.url()}/v1`, maxRetries: 0 });
    for (const call of [() => chatOnly.videos.retrieve(job.id), () => chatOnly.videos.downloadContent(job.id), () => chatOnly.videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'x', seconds: '4' })]) {
      const error = await expectUnbilledError(call, 403);
      expect((error.error as { code?: string }).code).toBe('BSK_AUTH_SCOPE_DENIED');
    }
  });
});
