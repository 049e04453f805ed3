import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * The Anthropic SDK's `messages.countTokens` (and its beta twin) for every provider, and
 * `models.list()` auto-pagination in both directions (`limit`, `after_id`, `before_id`,
 * `has_more`, `first_id` / `last_id`) with `models.retrieve`. Counting bills nothing.
 */
const e2e = useGatewayWithClients();
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];
const TOOLS = [{ name: 'get_weather', description: 'Current weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];

describe.each(MODELS)('countTokens, %s', (model) => {
  it('counts more with tools than without, free of charge, with the gateway\'s headers', async () => {
    const before = await e2e.gateway.balance();
    const messages = [{ role: 'user' as const, content: 'What is the weather in Paris today?' }];
    const { data: plain, response } = await e2e.anthropic.messages.countTokens({ model, messages }).withResponse();
    const withTools = await e2e.anthropic.beta.messages.countTokens({ model, messages, tools: TOOLS });
    expect(plain.input_tokens).toBeGreaterThan(0);
    expect(withTools.input_tokens).toBeGreaterThan(plain.input_tokens);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('estimated_credits')).toBe('0');
    expect(response.headers.get('bytespike-count-source')).toMatch(/^(upstream|estimate)$/);
    expect(await e2e.gateway.balance()).toBe(before);
  });
});

describe('countTokens, bytespike-overhead-ms', () => {
  const UPSTREAM_WAIT_MS = 400;

  it.each(['anthropic/claude-sonnet-4-6', 'gemini/gemini-2.5-flash'])('%s counts upstream: the wait for that count is not the gateway\'s overhead', async (model) => {
    const startedAt = performance.now();
    const { response } = await e2e.anthropic.messages.countTokens({ model, messages: [{ role: 'user', content: `a slow count [[delay:${UPSTREAM_WAIT_MS}]]` }] }).withResponse();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(UPSTREAM_WAIT_MS);
    expect(response.headers.get('bytespike-count-source')).toBe('upstream');
    expect(Number(response.headers.get('bytespike-overhead-ms'))).toBeLessThan(UPSTREAM_WAIT_MS / 2);
  });

  it('our estimate has no upstream to wait for: the whole count is the gateway\'s own time', async () => {
    const startedAt = performance.now();
    const { response } = await e2e.anthropic.messages.countTokens({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'an estimated count' }] }).withResponse();
    const elapsedMs = performance.now() - startedAt;
    expect(response.headers.get('bytespike-count-source')).toBe('estimate');
    const overheadMs = Number(response.headers.get('bytespike-overhead-ms'));
    expect(overheadMs).toBeGreaterThan(0);
    expect(overheadMs).toBeLessThanOrEqual(elapsedMs);
  });
});

describe('models.list() and models.retrieve()', () => {
  it('auto-paginates forwards and, from a before_id, backwards through the same list', async () => {
    const ids = (await e2e.anthropic.models.list()).data.map((model) => model.id);
    expect(ids.length).toBeGreaterThan(8);

    const forwards: string[] = [];
    for await (const model of e2e.anthropic.models.list({ limit: 4 })) forwards.push(model.id);
    expect(forwards).toEqual(ids);

    // The SDK pages backwards from each page's first_id while has_more says there is more.
    const backwards: string[] = [];
    let page = await e2e.anthropic.models.list({ limit: 3, before_id: ids.at(-1)! });
    for (;;) {
      backwards.unshift(...page.data.map((model) => model.id));
      expect(page.first_id).toBe(page.data[0]!.id);
      expect(page.last_id).toBe(page.data.at(-1)!.id);
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    expect(backwards).toEqual(ids.slice(0, -1));
  });

  it('a page after the last model is empty and ends the listing', async () => {
    const ids = (await e2e.anthropic.models.list()).data.map((model) => model.id);
    const page = await e2e.anthropic.models.list({ after_id: ids.at(-1)! });
    expect(page.data).toEqual([]);
    expect(page.has_more).toBe(false);
    expect(page.hasNextPage()).toBe(false);
  });

  it('retrieves by id or alias, through the beta resource too, and refuses what the list leaves out', async () => {
    expect(await e2e.anthropic.models.retrieve('gemini-2.5-flash')).toMatchObject({ id: 'gemini/gemini-2.5-flash', type: 'model', display_name: expect.any(String) });
    expect(await e2e.anthropic.beta.models.retrieve('anthropic/claude-sonnet-4-6')).toMatchObject({ id: 'anthropic/claude-sonnet-4-6', type: 'model' });
    const missing = await rejectionOf(e2e.anthropic.models.retrieve('no-such-model'));
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).requestID).toMatch(/^req_/);
  });

  it('the OpenAI SDK iterates its list', async () => {
    const ids: string[] = [];
    for await (const model of e2e.openai.models.list()) ids.push(model.id);
    expect(ids).toContain('kimi/kimi-k2-0905-preview');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
