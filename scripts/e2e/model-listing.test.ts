import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    expect(data.find((model) => model.id === 'openai/gpt-5.4')).toMatchObject({ owned_by: 'openai', bytespike: { provider: 'openai', modality: 'chat', context_window: expect.any(Number) } });
    expect(await e2e.openai.models.retrieve('gpt-5.4')).toMatchObject({ id: 'openai/gpt-5.4', object: 'model' });
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

    expect(await e2e.anthropic.models.retrieve('claude-sonnet-4-6')).toMatchObject({ type: 'model', id: 'anthropic/claude-sonnet-4-6' });
    expect(await rejectionOf(e2e.anthropic.models.retrieve('no-such-model'))).toBeInstanceOf(Anthropic.NotFoundError);
    // A model Anthropic's list leaves out is not found in that shape either, as for an unknown one.
    const embeddings = await rejectionOf(e2e.anthropic.models.retrieve('text-embedding-3-small'));
    expect(embeddings).toBeInstanceOf(Anthropic.NotFoundError);
    expect(embeddings).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
    expect(await e2e.openai.models.retrieve('text-embedding-3-small')).toMatchObject({ id: 'openai/text-embedding-3-small' });
  });

  type Listed = { id: string; bytespike: { retires_at?: string; replacement?: string | null } };
  const openAIListing = async () => (await e2e.openai.models.list()).data as unknown as Listed[];
  const anthropicListing = async () => (await e2e.anthropic.models.list()).data as unknown as Listed[];
  const upstreamRequests = async (provider: string) => ((await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=${provider}`)).json()) as { requests: unknown[] }).requests;
  const forgetUpstreamRequests = () => fetch(`${e2e.gateway.simulatorUrl}/__sim/requests`, { method: 'DELETE' });

  it('keeps a model its provider retired in the catalog, unlisted, and refuses a call to it in each protocol with the day and the replacement, with no hold and no upstream call', async () => {
    const retired = [
      { provider: 'anthropic', id: 'anthropic/claude-sonnet-4', names: ['claude-sonnet-4', 'claude-sonnet-4-20250514'], message: 'model "anthropic/claude-sonnet-4" was retired by its provider on 2026-06-15; use "anthropic/claude-sonnet-4-6" instead' },
      { provider: 'anthropic', id: 'anthropic/claude-3-5-haiku', names: ['claude-3-5-haiku-latest'], message: 'model "anthropic/claude-3-5-haiku" was retired by its provider on 2026-02-19; use "anthropic/claude-haiku-4-5" instead' },
      { provider: 'gemini', id: 'gemini/gemini-3-pro-preview', names: ['gemini-3-pro-preview'], message: 'model "gemini/gemini-3-pro-preview" was retired by its provider on 2026-03-09; use "gemini/gemini-3.1-pro-preview" instead' },
    ];
    for (const listing of [await openAIListing(), await anthropicListing()]) {
      expect(listing.map((model) => model.id)).toEqual(expect.arrayContaining(['anthropic/claude-sonnet-4-6', 'gemini/gemini-3.1-pro-preview']));
      for (const { id } of retired) expect(listing.map((model) => model.id)).not.toContain(id);
    }
    const balance = await e2e.gateway.balance();
    await forgetUpstreamRequests();
    for (const { id, names, message } of retired) {
      for (const model of [id, ...names]) {
        const messages = await rejectionOf(e2e.anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }));
        expect(messages, model).toBeInstanceOf(Anthropic.NotFoundError);
        expect(messages).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error', message } } });
        const chat = await rejectionOf(e2e.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] }));
        expect(chat, model).toBeInstanceOf(OpenAI.NotFoundError);
        expect(chat).toMatchObject({ code: 'BSK_GATEWAY_MODEL_RETIRED', error: { type: 'not_found_error', message } });
        expect(await rejectionOf(e2e.openai.responses.create({ model, input: 'Hi' }))).toMatchObject({ status: 404, code: 'BSK_GATEWAY_MODEL_RETIRED' });
        expect(await rejectionOf(e2e.anthropic.messages.countTokens({ model, messages: [{ role: 'user', content: 'Hi' }] }))).toMatchObject({ status: 404, error: { error: { message } } });
        expect(await rejectionOf(e2e.openai.models.retrieve(model))).toMatchObject({ status: 404, code: 'BSK_GATEWAY_MODEL_RETIRED', error: { message } });
        expect(await rejectionOf(e2e.anthropic.models.retrieve(model))).toMatchObject({ status: 404, error: { error: { type: 'not_found_error', message } } });
      }
    }
    for (const provider of new Set(retired.map((entry) => entry.provider))) expect(await upstreamRequests(provider), provider).toEqual([]);
    expect(await e2e.gateway.balance()).toBe(balance);
  });

  describe('a model on its way out (Claude Sonnet 4.5: @anthropic-ai/sdk 1.14.0 internal/data/deprecated-models.ts, November 30th, 2026)', () => {
    function setGatewayClock(at: string): void {
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(new Date(at));
    }
    afterEach(() => vi.useRealTimers());

    it('on its last minute: listed in both shapes with its day and replacement, and served with a Sunset header (and Deprecation where its day is known)', async () => {
      setGatewayClock('2026-11-29T23:59:00Z');
      for (const listing of [await openAIListing(), await anthropicListing()]) {
        expect(listing.find((model) => model.id === 'anthropic/claude-sonnet-4-5')?.bytespike).toMatchObject({ retires_at: '2026-11-30', replacement: 'anthropic/claude-sonnet-4-6' });
        expect(listing.find((model) => model.id === 'anthropic/claude-sonnet-4-6')?.bytespike).not.toHaveProperty('retires_at');
      }
      const messages = await e2e.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      const chat = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], stream: true }).withResponse();
      for await (const _chunk of chat.data) { /* the whole stream, so its hold settles */ }
      for (const { response } of [messages, chat]) {
        expect(response.headers.get('sunset')).toBe('Mon, 30 Nov 2026 00:00:00 GMT');
        // No deprecation date is known for it (RFC 9745 takes none but the real one).
        expect(response.headers.get('deprecation')).toBeNull();
      }
      const current = await e2e.anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      expect(current.response.headers.get('sunset')).toBeNull();
      // GPT-5's deprecation day is known (OpenAI's deprecations page: notice Jun 11, 2026, shutdown Dec 11, 2026), so it gets both headers.
      const gpt5 = await e2e.openai.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      expect(gpt5.response.headers.get('deprecation')).toBe(`@${Date.UTC(2026, 5, 11) / 1000}`);
      expect(gpt5.response.headers.get('sunset')).toBe('Fri, 11 Dec 2026 00:00:00 GMT');
    });

    it('from the first moment of its retirement day: unlisted and refused before any hold or upstream call', async () => {
      setGatewayClock('2026-11-30T00:00:00Z');
      for (const listing of [await openAIListing(), await anthropicListing()]) expect(listing.map((model) => model.id)).not.toContain('anthropic/claude-sonnet-4-5');
      const balance = await e2e.gateway.balance();
      await forgetUpstreamRequests();
      const refusal = await rejectionOf(e2e.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }));
      expect(refusal).toMatchObject({ status: 404, error: { error: { type: 'not_found_error', message: 'model "anthropic/claude-sonnet-4-5" was retired by its provider on 2026-11-30; use "anthropic/claude-sonnet-4-6" instead' } } });
      expect(await upstreamRequests('anthropic')).toEqual([]);
      expect(await e2e.gateway.balance()).toBe(balance);
    });
  });

  it('leaves out a model a provider shut down with no replacement: not listed, and a call to it is not found here, with no hold and no upstream call', async () => {
    // developers.openai.com/api/docs/deprecations: OpenAI shut down the Videos API and the Sora 2
    // models on 2026-09-24, with no replacement; the gateway's /v1/videos serves Veo.
    const gone = ['openai/sora-2', 'openai/sora-2-pro'];
    const ids = (await openAIListing()).map((model) => model.id);
    expect(ids).toContain('gemini/veo-3.0-fast-generate-001');
    for (const id of gone) expect(ids).not.toContain(id);
    const balance = await e2e.gateway.balance();
    await forgetUpstreamRequests();
    // By its gateway id and by its bare name, which was also its alias.
    for (const model of gone.flatMap((id) => [id, id.slice(id.indexOf('/') + 1)])) {
      expect(await rejectionOf(e2e.openai.videos.create({ model, prompt: 'a paper boat', seconds: '4' })), model).toBeInstanceOf(OpenAI.NotFoundError);
    }
    expect(await upstreamRequests('openai')).toEqual([]);
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
