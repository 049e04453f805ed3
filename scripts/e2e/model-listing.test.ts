import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/** `GET /v1/models` and `/v1/models/{id}` through both official SDKs: each shape, aliases, Anthropic's paging. */
const e2e = useGatewayWithClients();

describe('the model list', () => {
  it('OpenAI\'s shape: provider/model ids owned by their provider, with the extension block; aliases resolve', async () => {
    const { data } = await e2e.openai.models.list();
    expect(data.length).toBeGreaterThan(10);
    for (const model of data) {
      expect(model.object).toBe('model');
      expect(model.id.startsWith(`${model.owned_by}/`), model.id).toBe(true);
    }
    expect(data.find((model) => model.id === 'openai/gpt-5')).toMatchObject({ owned_by: 'openai', bytespike: { provider: 'openai', modality: 'chat', context_window: expect.any(Number) } });
    expect(await e2e.openai.models.retrieve('gpt-5')).toMatchObject({ id: 'openai/gpt-5', object: 'model' });
    expect(await rejectionOf(e2e.openai.models.retrieve('no-such-model'))).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('Anthropic\'s shape, whole without a limit, in pages with one, forwards and back', async () => {
    const whole = await e2e.anthropic.models.list();
    const ids = whole.data.map((model) => model.id);
    expect(whole.data[0]).toMatchObject({ type: 'model', display_name: expect.any(String), created_at: expect.any(String) });
    expect(whole).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids.at(-1) });
    // Only what Messages can serve: the chat models of OpenAI's list, not its embeddings or image models.
    const chatIds = (await e2e.openai.models.list()).data.filter((model) => (model as unknown as { bytespike: { modality: string } }).bytespike.modality === 'chat').map((model) => model.id);
    expect(ids).toEqual(chatIds);
    expect(ids).not.toContain('openai/text-embedding-3-small');

    const first = await e2e.anthropic.models.list({ limit: 3 });
    expect(first.data.map((model) => model.id)).toEqual(ids.slice(0, 3));
    expect(first).toMatchObject({ has_more: true, first_id: ids[0], last_id: ids[2] });
    const paged: string[] = [];
    for await (const model of e2e.anthropic.models.list({ limit: 7 })) paged.push(model.id);
    expect(paged).toEqual(ids);
    const before = await e2e.anthropic.models.list({ limit: 2, before_id: ids[5] });
    expect(before.data.map((model) => model.id)).toEqual(ids.slice(3, 5));
    expect(before.has_more).toBe(true);

    expect(await e2e.anthropic.models.retrieve('claude-sonnet-4-5')).toMatchObject({ type: 'model', id: 'anthropic/claude-sonnet-4-5' });
    expect(await rejectionOf(e2e.anthropic.models.retrieve('no-such-model'))).toBeInstanceOf(Anthropic.NotFoundError);
    // A model Anthropic's list leaves out is not found in that shape either, as for an unknown one.
    const embeddings = await rejectionOf(e2e.anthropic.models.retrieve('text-embedding-3-small'));
    expect(embeddings).toBeInstanceOf(Anthropic.NotFoundError);
    expect(embeddings).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
    expect(await e2e.openai.models.retrieve('text-embedding-3-small')).toMatchObject({ id: 'openai/text-embedding-3-small' });
  });

  const retired = [
    {
      // platform.claude.com/docs/en/about-claude/pricing lists Claude Opus 4.1 as retired on the Claude API.
      provider: 'anthropic', kept: 'anthropic/claude-opus-4-5', gone: ['anthropic/claude-opus-4-1'],
      call: (model: string) => e2e.anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }), notFound: Anthropic.NotFoundError,
    },
    {
      // developers.openai.com/api/docs/deprecations: OpenAI shut down the Videos API and the Sora 2
      // models on 2026-09-24, with no replacement; the gateway's /v1/videos serves Veo.
      provider: 'openai', kept: 'gemini/veo-3.0-fast-generate-001', gone: ['openai/sora-2', 'openai/sora-2-pro'],
      call: (model: string) => e2e.openai.videos.create({ model, prompt: 'a paper boat', seconds: '4' }), notFound: OpenAI.NotFoundError,
    },
  ];

  it.each(retired)('leaves out a model its provider, $provider, retired: not listed, and a call to it is not found here, with no hold and no upstream call', async ({ provider, kept, gone, call, notFound }) => {
    const ids = (await e2e.openai.models.list()).data.map((model) => model.id);
    expect(ids).toContain(kept);
    for (const id of gone) expect(ids).not.toContain(id);
    const balance = await e2e.gateway.balance();
    await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests`, { method: 'DELETE' });
    // By its gateway id and by its bare name, which was also its alias.
    for (const model of gone.flatMap((id) => [id, id.slice(id.indexOf('/') + 1)])) {
      const refusal = await rejectionOf(call(model));
      expect(refusal, model).toBeInstanceOf(notFound);
    }
    const upstream = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=${provider}`)).json()) as { requests: unknown[] };
    expect(upstream.requests).toEqual([]);
    expect(await e2e.gateway.balance()).toBe(balance);
  });

  it('refuses a bad page query in Anthropic\'s error shape', async () => {
    for (const [query, message] of [
      [{ limit: 0 }, 'limit: must be a whole number from 1 to 1000'],
      [{ limit: 1001 }, 'limit: must be a whole number from 1 to 1000'],
      [{ after_id: 'nope/nope' }, 'after_id: "nope/nope" is not a model in this list'],
      [{ after_id: 'openai/gpt-5', before_id: 'openai/gpt-5' }, 'before_id: give after_id or before_id, not both'],
    ] as const) {
      const error = await rejectionOf(e2e.anthropic.models.list(query));
      expect(error, JSON.stringify(query)).toBeInstanceOf(Anthropic.BadRequestError);
      expect(error).toMatchObject({ error: { type: 'error', error: { type: 'invalid_request_error', message } } });
    }
  });
});
