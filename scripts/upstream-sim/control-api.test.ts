import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type RecordedRequest, type UpstreamSimulator } from './index';
import { BEARER_HEADERS, GOOGLE_HEADERS, postJson } from './test-support';

let simulator: UpstreamSimulator;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ apiKey: 'secret-key', apiKeys: { openai: 'openai-key' } });
});
afterAll(() => simulator.close());

async function recorded(query = ''): Promise<RecordedRequest[]> {
  return (await (await fetch(`${simulator.url}/__sim/requests${query}`)).json()).requests;
}

describe('control API', () => {
  it('records what arrived: path, redacted headers, parsed and raw body', async () => {
    await fetch(`${simulator.url}/__sim/requests`, { method: 'DELETE' });
    const client = new Anthropic({ apiKey: 'secret-key', baseURL: simulator.baseUrls.anthropic, maxRetries: 0 });
    const body = { model: 'claude-sonnet-4-6', max_tokens: 20, metadata: { user_id: 'u-1' }, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi', cache_control: { type: 'ephemeral' as const } }] }] };
    await client.messages.create(body, { headers: { 'anthropic-beta': 'context-management-2025-06-27' } });
    const [entry] = await recorded();
    expect(entry).toMatchObject({ provider: 'anthropic', method: 'POST', path: '/anthropic/v1/messages', body });
    expect(entry!.headers.authorization).toBe('[redacted]');
    expect(entry!.headers['anthropic-beta']).toBe('context-management-2025-06-27');
    expect(JSON.parse(entry!.rawBody!)).toEqual(body);
    expect(JSON.stringify(entry)).not.toContain('secret-key');
  });

  it('redacts a key sent in the query and filters by provider', async () => {
    await postJson(`${simulator.baseUrls.gemini}/v1beta/models/g:generateContent?key=secret-key`, { contents: [{ parts: [{ text: 'hi' }] }] });
    await postJson(`${simulator.baseUrls.gemini}/v1beta/models/g:countTokens`, { contents: [{ parts: [{ text: 'hi' }] }] }, GOOGLE_HEADERS);
    const gemini = await recorded('?provider=gemini');
    expect(gemini.map((entry) => entry.path)).toEqual(['/gemini/v1beta/models/g:generateContent?key=%5Bredacted%5D', '/gemini/v1beta/models/g:countTokens']);
    expect(gemini[1]!.headers['x-goog-api-key']).toBe('[redacted]');
  });

  it('checks each provider key: a per-provider key overrides the shared one', async () => {
    const shared = await postJson(`${simulator.baseUrls.openai}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer secret-key' });
    expect(shared.status).toBe(401);
    const own = await postJson(`${simulator.baseUrls.openai}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer openai-key' });
    expect(own.status).toBe(200);
    const deepseek = await postJson(`${simulator.baseUrls.deepseek}/chat/completions`, { model: 'deepseek-flash', messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer secret-key' });
    expect(deepseek.status).toBe(200);
  });

  it('answers an unknown path with the 404 of the provider its prefix names', async () => {
    const response = await postJson(`${simulator.baseUrls.openai}/nothing-here`, {}, BEARER_HEADERS);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('forgets requests on DELETE and on reset', async () => {
    await fetch(`${simulator.url}/__sim/requests`, { method: 'DELETE' });
    expect(await recorded()).toEqual([]);
    await fetch(`${simulator.url}/__sim/health`);
    await postJson(`${simulator.baseUrls.deepseek}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, BEARER_HEADERS);
    expect(await recorded()).toHaveLength(1);
    expect((await fetch(`${simulator.url}/__sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(await recorded()).toEqual([]);
  });
});
