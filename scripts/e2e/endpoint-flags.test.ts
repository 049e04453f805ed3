import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneSettlement } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * Feature flags on the endpoints other than chat: read and checked as chat reads them (the
 * same errors, in each endpoint's protocol), `timeout_ms` and `retry` applied to their upstream
 * call, and the flags they cannot serve refused rather than ignored. count_tokens also refuses
 * what the create call would.
 */
let gateway: GatewayHarness;

beforeAll(async () => {
  gateway = await startGatewayHarness();
});
afterAll(async () => gateway?.close());

interface Answer {
  readonly status: number;
  readonly body: { error?: { code?: string; type?: string; message?: string }; type?: string; input_tokens?: number };
  readonly headers: Headers;
  readonly elapsedMs: number;
}

async function post(path: string, body: Record<string, unknown>, flags?: string): Promise<Answer> {
  const startedAt = performance.now();
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'anthropic-version': '2023-06-01', ...(flags === undefined ? {} : { 'x-bytespike-flags': flags }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers, elapsedMs: performance.now() - startedAt };
}

const embeddings = (input = 'flags on embeddings') => ({ model: 'text-embedding-3-small', input });
const rerank = { model: 'rerank-v3.5', query: 'capital', documents: ['Paris', 'Bananas'] };
const image = (prompt: string) => ({ model: 'gpt-image-1', prompt });
const countTokens = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'How many tokens?' }], ...extra });

/** The OpenAI-shaped endpoints, and Messages' count_tokens in Anthropic's shape. */
const ENDPOINTS: [string, Record<string, unknown>][] = [
  ['/v1/embeddings', embeddings()],
  ['/v1/rerank', rerank],
  ['/v1/images/generations', image('an otter')],
  ['/v1/messages/count_tokens', countTokens()],
];

function errorCode(answer: Answer): string | undefined {
  return answer.body.error?.code;
}

describe('flags on embeddings, rerank, images and count_tokens', () => {
  it.each(ENDPOINTS)('%s refuses a malformed header, an unknown flag (header or body) and a flag it cannot serve, billing nothing', async (path, body) => {
    const before = await gateway.balance();
    const malformed = await post(path, body, '{bad');
    expect([malformed.status, malformed.body.error?.message]).toEqual([400, expect.stringContaining('x-bytespike-flags header is not valid JSON')]);
    const unknown = await post(path, body, '{"bogus": 1}');
    expect([unknown.status, unknown.body.error?.message]).toEqual([400, expect.stringContaining('bogus')]);
    const inBody = await post(path, { ...body, bytespike: { bogus: 1 } });
    expect([inBody.status, inBody.body.error?.message]).toEqual([400, expect.stringContaining('bogus')]);
    for (const flags of ['{"cache": {"ttl_s": 60}}', '{"fallback": ["openai/text-embedding-3-large"]}']) {
      const refused = await post(path, body, flags);
      expect([refused.status, refused.body.error?.message], flags).toEqual([400, expect.stringMatching(/^flag "(cache|fallback)" is not available on .+ \(it serves retry and timeout_ms\)$/)]);
    }
    if (path !== '/v1/messages/count_tokens') {
      expect([malformed, unknown, inBody].map(errorCode)).toEqual(['BSK_FLAGS_MALFORMED', 'BSK_FLAGS_INVALID', 'BSK_FLAGS_INVALID']);
      expect(errorCode(await post(path, body, '{"cache": {"ttl_s": 60}}'))).toBe('BSK_GATEWAY_FLAG_UNAVAILABLE');
    } else {
      expect(malformed.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
    expect(await gateway.balance()).toBe(before);
  });

  it('puts timeout_ms on an image call: a slow upstream is a 504 at the deadline, and nothing is billed', async () => {
    const before = await gateway.balance();
    // The upstream would answer after 10 s: a 504 well before that is the deadline's doing. The
    // margin is wide because a clean-clone run under load once took 2.3 s to answer a 200 ms deadline.
    const answer = await post('/v1/images/generations', image('slow otter [[delay:10000]]'), '{"timeout_ms": 200}');
    expect([answer.status, errorCode(answer)]).toEqual([504, 'BSK_UPSTREAM_TIMEOUT']);
    expect(answer.elapsedMs).toBeLessThan(5_000);
    expect(await gateway.balance()).toBe(before);
  });

  it('reads the bytespike field of a multipart body (image edits) as JSON flags: refused when unknown or malformed, applied when valid', async () => {
    const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    const postEdit = async (prompt: string, flags: string): Promise<Answer> => {
      const form = new FormData();
      form.append('model', 'gpt-image-1');
      form.append('prompt', prompt);
      form.append('image', new Blob([Buffer.from(PNG, 'base64')], { type: 'image/png' }), 'otter.png');
      form.append('bytespike', flags);
      const startedAt = performance.now();
      const response = await fetch(`${gateway.url}/v1/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${gateway.apiKey}` }, body: form });
      return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers, elapsedMs: performance.now() - startedAt };
    };
    const before = await gateway.balance();
    const unknown = await postEdit('an otter', '{"bogus": 1}');
    expect([unknown.status, errorCode(unknown), unknown.body.error?.message]).toEqual([400, 'BSK_FLAGS_INVALID', expect.stringContaining('bogus')]);
    const malformed = await postEdit('an otter', '{bad');
    expect([malformed.status, errorCode(malformed), malformed.body.error?.message]).toEqual([400, 'BSK_FLAGS_MALFORMED', expect.stringContaining('the bytespike form field is not valid JSON')]);
    expect(errorCode(await postEdit('an otter', '{"cache": {"ttl_s": 60}}'))).toBe('BSK_GATEWAY_FLAG_UNAVAILABLE');
    const slow = await postEdit('slow otter [[delay:10000]]', '{"timeout_ms": 200}');
    expect([slow.status, errorCode(slow)]).toEqual([504, 'BSK_UPSTREAM_TIMEOUT']);
    expect(slow.elapsedMs).toBeLessThan(5_000);
    expect(await gateway.balance()).toBe(before);
  });

  it('retries embeddings and rerank after a retryable failure, settling once', async () => {
    for (const [path, body] of [['/v1/embeddings', embeddings('retry me [[fault:status=503,fail-times=1,key=endpoint-flags-embed]]')], ['/v1/rerank', { ...rerank, query: 'retry me [[fault:status=503,fail-times=1,key=endpoint-flags-rerank]]' }]] as const) {
      const answer = await post(path, body, '{"retry": {"attempts": 2, "budget_ms": 10000}}');
      expect(answer.status, path).toBe(200);
      const credits = await expectOneSettlement(gateway, answer.headers.get('request-id')!);
      expect(credits).toBe(Number(answer.headers.get('estimated_credits')));
    }
  });

  it('enforces the org\'s forbid on every endpoint (403 BSK_FLAGS_FORBIDDEN)', async () => {
    const settings = gateway.kernel.use('flag-settings');
    await settings.setOrgSettings(gateway.orgId, { forbid: ['timeout_ms'] });
    try {
      for (const [path, body] of ENDPOINTS) {
        const answer = await post(path, body, '{"timeout_ms": 5000}');
        expect([answer.status, answer.body.error?.message], path).toEqual([403, 'flag "timeout_ms" is forbidden by your organisation']);
      }
    } finally {
      await settings.setOrgSettings(gateway.orgId, {});
    }
  });
});

describe('count_tokens refuses what the create call would', () => {
  const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

  it('an image for a model without vision (400 BSK_GATEWAY_MODEL_CAPABILITY)', async () => {
    const content = [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } }, { type: 'text', text: 'What is this?' }];
    const answer = await post('/v1/messages/count_tokens', countTokens({ model: 'deepseek-v4-pro', messages: [{ role: 'user', content }] }));
    expect([answer.status, answer.body.error?.message]).toEqual([400, expect.stringContaining('does not take images')]);
  });

  it('an Anthropic server tool for a translated model (400 BSK_GATEWAY_UNTRANSLATABLE), while Claude counts it', async () => {
    const tools = [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }];
    const translated = await post('/v1/messages/count_tokens', countTokens({ model: 'gpt-5.4', tools }));
    expect([translated.status, translated.body.error?.message]).toEqual([400, expect.stringContaining('runs on Anthropic\'s servers only')]);
    const native = await post('/v1/messages/count_tokens', countTokens({ tools }));
    expect(native.status).toBe(200);
    expect(native.body.input_tokens).toBeGreaterThan(0);
  });
});
