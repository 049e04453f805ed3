import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * `sunset` (RFC 8594) and `deprecation` (RFC 9745) on embeddings, rerank,
 * `/v1/messages/count_tokens` and a video job's polls and downloads, as on chat: on a success,
 * and on an error the gateway answers once it has resolved the model asked for or found the job
 * (a limit of the key, the hold, the key's models, a refused flag, the upstream failing, the
 * settlement failing, a video not ready). A client whose every call is refused would otherwise
 * never learn that its model id is going away. An unknown or already retired model gets its 404
 * alone. Through the running gateway and the upstream simulator, with the official SDKs where
 * they have the endpoint (their errors carry the headers) and fetch for rerank. The dates are set
 * in config, far in the future (one in the past for the retired).
 */
const LIFECYCLES = {
  'jina/bge-m3': { retiresAt: '2097-12-31', deprecatedAt: '2097-06-30', sunset: 'Tue, 31 Dec 2097 00:00:00 GMT', deprecation: `@${Date.UTC(2097, 5, 30) / 1000}` },
  'jina/bge-small': { retiresAt: '2096-12-31', sunset: 'Mon, 31 Dec 2096 00:00:00 GMT', deprecation: null },
  'jina/jina-reranker-v2': { retiresAt: '2095-12-31', deprecatedAt: '2095-06-30', sunset: 'Sat, 31 Dec 2095 00:00:00 GMT', deprecation: `@${Date.UTC(2095, 5, 30) / 1000}` },
  'jina/jina-reranker-m0': { retiresAt: '2094-12-31', sunset: 'Fri, 31 Dec 2094 00:00:00 GMT', deprecation: null },
  'anthropic/claude-opus-4-8': { retiresAt: '2099-12-31', deprecatedAt: '2099-06-30', sunset: 'Thu, 31 Dec 2099 00:00:00 GMT', deprecation: `@${Date.UTC(2099, 5, 30) / 1000}` },
  'anthropic/claude-opus-4-7': { retiresAt: '2098-12-31', sunset: 'Wed, 31 Dec 2098 00:00:00 GMT', deprecation: null },
} as const;

/** The config fields of `id`'s lifecycle. */
function lifecycleFields(id: keyof typeof LIFECYCLES): { retiresAt: string; deprecatedAt?: string } {
  const { sunset: _sunset, deprecation: _deprecation, ...fields } = LIFECYCLES[id];
  return fields;
}

// Dear enough per token that a wallet of one credit covers no hold of any of them.
const EMBEDDING_PRICING = { inputPerMTok: 100_000_000 };
const RERANK_PRICING = { perSearch: 500 };

let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness({
    config: (baseUrls) => ({
      plugins: {
        anthropic: { models: [{ id: 'claude-opus-4-8', ...lifecycleFields('anthropic/claude-opus-4-8') }, { id: 'claude-opus-4-7', ...lifecycleFields('anthropic/claude-opus-4-7') }] },
        'openai-compatible': {
          instances: [{
            name: 'jina', baseUrl: baseUrls.openai, apiKey: 'sim-upstream-key',
            models: [
              { id: 'bge-m3', modality: 'embeddings', pricing: EMBEDDING_PRICING, ...lifecycleFields('jina/bge-m3') },
              { id: 'bge-small', modality: 'embeddings', pricing: EMBEDDING_PRICING, ...lifecycleFields('jina/bge-small') },
              { id: 'bge-large', modality: 'embeddings', pricing: EMBEDDING_PRICING },
              { id: 'bge-old', modality: 'embeddings', pricing: EMBEDDING_PRICING, retiresAt: '2020-01-31' },
              { id: 'jina-reranker-v2', modality: 'rerank', pricing: RERANK_PRICING, ...lifecycleFields('jina/jina-reranker-v2') },
              { id: 'jina-reranker-m0', modality: 'rerank', pricing: RERANK_PRICING, ...lifecycleFields('jina/jina-reranker-m0') },
              { id: 'jina-reranker-v3', modality: 'rerank', pricing: RERANK_PRICING },
              { id: 'jina-reranker-v1', modality: 'rerank', pricing: RERANK_PRICING, retiresAt: '2020-01-31' },
            ],
          }],
        },
      },
    }),
  });
});
afterAll(async () => gateway?.close());

/** The headers a client asking for `model` is owed: its own retirement's, or none. */
function lifecycleOf(model: string): { sunset: string | null; deprecation: string | null } {
  const lifecycle = (LIFECYCLES as Record<string, { sunset: string; deprecation: string | null }>)[model];
  return lifecycle ? { sunset: lifecycle.sunset, deprecation: lifecycle.deprecation } : { sunset: null, deprecation: null };
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const lifecycleHeaders = (answer: Answer) => ({ sunset: answer.headers.get('sunset'), deprecation: answer.headers.get('deprecation') });

interface CallOptions {
  readonly apiKey?: string;
  readonly flags?: unknown;
}

const flagHeaders = (options: CallOptions): Record<string, string> => (options.flags === undefined ? {} : { 'x-bytespike-flags': JSON.stringify(options.flags) });

/** What an SDK call answered: its response, or the error it threw (whose headers the SDK keeps). */
async function answerOf(call: Promise<{ response: Response }>): Promise<Answer> {
  try {
    const { response } = await call;
    return { status: response.status, headers: response.headers, text: '' };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError) && !(error instanceof Anthropic.APIError)) throw error;
    return { status: error.status!, headers: error.headers!, text: JSON.stringify(error.error) };
  }
}

/** One endpoint's models: two retiring (one whose deprecation day is not known), one without dates (the control), one retired. */
interface Endpoint {
  readonly name: string;
  readonly retiring: string;
  readonly retiringUndeprecated: string;
  readonly healthy: string;
  readonly retired: string;
  send(model: string, text: string, options?: CallOptions): Promise<Answer>;
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'embeddings (OpenAI SDK)', retiring: 'jina/bge-m3', retiringUndeprecated: 'jina/bge-small', healthy: 'jina/bge-large', retired: 'jina/bge-old',
    send: (model, text, options = {}) => {
      const client = new OpenAI({ apiKey: options.apiKey ?? gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      return answerOf(client.embeddings.create({ model, input: text }, { headers: flagHeaders(options) }).withResponse());
    },
  },
  {
    name: 'rerank (fetch)', retiring: 'jina/jina-reranker-v2', retiringUndeprecated: 'jina/jina-reranker-m0', healthy: 'jina/jina-reranker-v3', retired: 'jina/jina-reranker-v1',
    send: async (model, text, options = {}) => {
      const response = await fetch(`${gateway.url}/v1/rerank`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey ?? gateway.apiKey}`, ...flagHeaders(options) },
        body: JSON.stringify({ model, query: text, documents: ['a sunny day at the beach', 'a rainy day in the city'] }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  },
  {
    name: 'count_tokens (Anthropic SDK)', retiring: 'anthropic/claude-opus-4-8', retiringUndeprecated: 'anthropic/claude-opus-4-7', healthy: 'anthropic/claude-sonnet-4-6', retired: 'anthropic/claude-sonnet-4',
    send: (model, text, options = {}) => {
      const client = new Anthropic({ apiKey: options.apiKey ?? gateway.apiKey, baseURL: gateway.url, maxRetries: 0 });
      return answerOf(client.messages.countTokens({ model, messages: [{ role: 'user', content: text }] }, { headers: flagHeaders(options) }).withResponse());
    },
  },
];

const accounts = () => gateway.kernel.use('accounts');
let serial = 0;
/** A key of its own, with `limits`, for the harness's owner or a member of another org. */
async function keyWith(limits: { rpm?: number; tpm?: number; models?: string[] }, memberId = gateway.memberId): Promise<string> {
  return (await accounts().createKey(memberId, { name: `unit-lifecycle-${(serial += 1)}`, ...limits })).key;
}
/** A key whose one allowed request (of the minute, or of its tokens) a first call has spent. */
async function spentKey(endpoint: Endpoint, limits: { rpm?: number; tpm?: number }): Promise<string> {
  const apiKey = await keyWith(limits);
  const first = await endpoint.send(endpoint.healthy, 'spend the limit', { apiKey });
  expect(first.status, first.text).toBe(200);
  return apiKey;
}
/** A key of an org whose wallet of one credit covers no hold. */
async function brokeKey(): Promise<string> {
  const org = await accounts().createOrg({ name: `Unit lifecycle, one credit ${(serial += 1)}` });
  await gateway.kernel.use('billing').topUp(org.id, 1, 'e2e funding');
  const member = await accounts().addMember(org.id, { email: `owner-${serial}@unit-lifecycle.test`, role: 'owner' });
  return keyWith({}, member.id);
}

const hello = 'unit-lifecycle hello';
const UPSTREAM_WAIT_MS = 400;
/** Refusals and failures once the model is resolved; `says` is in the error, and `status` by endpoint (undefined: the endpoint has no such failure). */
const FAILURES: { title: string; status: (endpoint: Endpoint) => number | undefined; says: string; send: (endpoint: Endpoint, model: string) => Promise<Answer> }[] = [
  { title: 'the key\'s requests-per-minute limit', status: () => 429, says: 'rate limit of this key reached', send: async (endpoint, model) => endpoint.send(model, hello, { apiKey: await spentKey(endpoint, { rpm: 1 }) }) },
  { title: 'the key\'s tokens-per-minute limit', status: (endpoint) => (endpoint.name.startsWith('count_tokens') ? undefined : 429), says: 'token limit of this key reached', send: async (endpoint, model) => endpoint.send(model, hello, { apiKey: await spentKey(endpoint, { tpm: 1 }) }) },
  { title: 'a hold the wallet cannot cover', status: (endpoint) => (endpoint.name.startsWith('count_tokens') ? undefined : 402), says: 'top up the wallet', send: async (endpoint, model) => endpoint.send(model, hello, { apiKey: await brokeKey() }) },
  { title: 'a key not allowed the model', status: () => 403, says: 'this key may not use model', send: async (endpoint, model) => endpoint.send(model, hello, { apiKey: await keyWith({ models: ['nowhere/*'] }) }) },
  { title: 'a flag the endpoint does not serve', status: () => 400, says: 'flag \\"fallback\\" is not available', send: (endpoint, model) => endpoint.send(model, hello, { flags: { fallback: ['nowhere/model'] } }) },
  // Anthropic's overloaded status is 529.
  { title: 'the upstream failing', status: (endpoint) => (endpoint.name.startsWith('count_tokens') ? 529 : 503), says: 'Service unavailable (simulated)', send: (endpoint, model) => endpoint.send(model, `${hello} [[fault:status=503]]`) },
];

describe.each(ENDPOINTS)('$name', (endpoint) => {
  const { retiring, retiringUndeprecated, healthy, retired } = endpoint;

  it('a success carries the asked model\'s headers, and a model without dates none', async () => {
    for (const model of [retiring, retiringUndeprecated, healthy]) {
      const answer = await endpoint.send(model, hello);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('bytespike-model')).toBe(model);
      expect(lifecycleHeaders(answer)).toEqual(lifecycleOf(model));
    }
  });

  for (const failure of FAILURES.filter(({ status }) => status(endpoint) !== undefined)) {
    it(`an error once the model is resolved, ${failure.title}: the asked model's headers, no model named`, async () => {
      // A retiring model, one whose deprecation day is not known, and a model without dates: the control.
      for (const model of [retiring, retiringUndeprecated, healthy]) {
        const answer = await failure.send(endpoint, model);
        expect(answer.status, answer.text).toBe(failure.status(endpoint));
        expect(answer.text).toContain(failure.says);
        expect(answer.headers.get('bytespike-model')).toBeNull();
        expect(lifecycleHeaders(answer)).toEqual(lifecycleOf(model));
      }
    });
  }

  it('an unknown or already retired model: its 404 alone', async () => {
    for (const model of [`${retiring.split('/')[0]}/no-such-model`, retired]) {
      const answer = await endpoint.send(model, hello);
      expect(answer.status, answer.text).toBe(404);
      expect(lifecycleHeaders(answer)).toEqual({ sunset: null, deprecation: null });
    }
  });
});

it('an upstream failure\'s overhead leaves the wait for the upstream out, as a success\'s does', async () => {
  for (const endpoint of ENDPOINTS) {
    const answer = await endpoint.send(endpoint.retiring, `${hello} [[delay:${UPSTREAM_WAIT_MS}]] [[fault:status=503]]`);
    // Anthropic's overloaded status is 529.
    expect(answer.status, answer.text).toBe(endpoint.name.startsWith('count_tokens') ? 529 : 503);
    expect(Number(answer.headers.get('bytespike-overhead-ms'))).toBeLessThan(UPSTREAM_WAIT_MS / 2);
    expect(lifecycleHeaders(answer)).toEqual(lifecycleOf(endpoint.retiring));
  }
});

it('a settlement that fails after the upstream answered: the asked model\'s headers on the 500', async () => {
  const billing = gateway.kernel.use('billing');
  for (const endpoint of ENDPOINTS.filter(({ name }) => !name.startsWith('count_tokens'))) {
    for (const model of [endpoint.retiring, endpoint.healthy]) {
      const settle = vi.spyOn(billing, 'settle').mockRejectedValueOnce(new Error('settlement store away'));
      const answer = await endpoint.send(model, hello);
      settle.mockRestore();
      expect(answer.status, answer.text).toBe(500);
      expect(answer.headers.get('bytespike-model')).toBeNull();
      expect(lifecycleHeaders(answer)).toEqual(lifecycleOf(model));
    }
  }
});

describe('GET /v1/videos/:id and /v1/videos/:id/content (OpenAI SDK)', () => {
  const RETIRING_VIDEO = 'gemini/veo-3.0-fast-generate-001';
  const HEALTHY_VIDEO = 'gemini/veo-3.0-generate-001';
  const VIDEO_LIFECYCLE = { sunset: 'Thu, 31 Dec 2093 00:00:00 GMT', deprecation: `@${Date.UTC(2093, 5, 30) / 1000}` };
  const videoLifecycleOf = (model: string) => (model === RETIRING_VIDEO ? VIDEO_LIFECYCLE : { sunset: null, deprecation: null });
  const client = () => new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  /** What the content download answered: its response, or the error the SDK threw with its headers. */
  async function contentAnswer(id: string, variant?: 'thumbnail'): Promise<Answer> {
    try {
      const response = await client().videos.downloadContent(id, variant ? { variant } : {});
      return { status: response.status, headers: response.headers, text: '' };
    } catch (error) {
      if (!(error instanceof OpenAI.APIError)) throw error;
      return { status: error.status!, headers: error.headers!, text: JSON.stringify(error.error) };
    }
  }

  // Veo's catalog sets no retirement and takes none from config: the shipped entry is given one for these tests.
  let restoreCatalog: () => void;
  beforeAll(() => {
    const veo = gateway.kernel.registry.contributions('video-provider').find((provider) => provider.name === 'gemini')!;
    const models = veo.models().map((model) => (model.id === RETIRING_VIDEO ? { ...model, retiresAt: '2093-12-31', deprecatedAt: '2093-06-30' } : model));
    const spy = vi.spyOn(veo, 'models').mockReturnValue(models);
    restoreCatalog = () => spy.mockRestore();
  });
  afterAll(() => restoreCatalog());

  it.each([RETIRING_VIDEO, HEALTHY_VIDEO])('%s: a poll of the job and the download of its video carry its model\'s headers', async (model) => {
    const { data: job, response: created } = await client().videos.create({ model, prompt: 'a lighthouse [[job:polls=1]]', seconds: '4' }).withResponse();
    expect(lifecycleHeaders({ status: created.status, headers: created.headers, text: '' })).toEqual(videoLifecycleOf(model));
    const { data: polled, response } = await client().videos.retrieve(job.id).withResponse();
    expect(polled.status).toBe('completed');
    expect(response.headers.get('bytespike-model')).toBe(model);
    expect(lifecycleHeaders({ status: response.status, headers: response.headers, text: '' })).toEqual(videoLifecycleOf(model));
    const content = await contentAnswer(job.id);
    expect(content.status).toBe(200);
    expect(lifecycleHeaders(content)).toEqual(videoLifecycleOf(model));
  });

  it.each([RETIRING_VIDEO, HEALTHY_VIDEO])('%s: an error about a job it found (not ready, a variant it does not make) carries its model\'s headers, no model named', async (model) => {
    const { data: job } = await client().videos.create({ model, prompt: 'a slow lighthouse [[job:polls=50,ms=60000]]', seconds: '4' }).withResponse();
    for (const [answer, status, says] of [[await contentAnswer(job.id), 409, 'BSK_VIDEOS_NOT_READY'], [await contentAnswer(job.id, 'thumbnail'), 400, 'BSK_VIDEOS_UNSUPPORTED']] as const) {
      expect(answer.status, answer.text).toBe(status);
      expect(answer.text).toContain(says);
      expect(answer.headers.get('bytespike-model')).toBeNull();
      expect(lifecycleHeaders(answer)).toEqual(videoLifecycleOf(model));
    }
  });

  it('a job it cannot find: its 404 alone', async () => {
    const answer = await contentAnswer('video_nowhere');
    expect(answer.status, answer.text).toBe(404);
    expect(lifecycleHeaders(answer)).toEqual({ sunset: null, deprecation: null });
  });
});
