import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { startUpstreamSimulator, type UpstreamSimulator } from '../../../scripts/upstream-sim/index';
import type { TurnMetrics, TurnPart } from './dosia-provider';
import { createProviderSlot } from './provider-slot';
import { closedPort, createTestLayers, type TestLayers } from './test-layers';

let simulator: UpstreamSimulator;
let fixture: TestLayers | undefined;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ port: 0, apiKey: 'sim-key' });
});
afterAll(async () => simulator.close());
afterEach(() => fixture?.remove());

function slotWith(providers: Record<string, unknown>, policy?: unknown) {
  fixture = createTestLayers({ providers });
  if (policy) fixture.write('enterprise/policy.json', policy);
  return createProviderSlot({ layers: fixture.layers, logger: createLogger({ level: 'silent' }), fetch: globalThis.fetch, now: () => performance.now() });
}

async function collect(parts: AsyncIterable<TurnPart>): Promise<{ text: string; types: string[]; metrics: TurnMetrics }> {
  let text = '';
  const types: string[] = [];
  let metrics: TurnMetrics | undefined;
  for await (const part of parts) {
    types.push(part.type);
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'turn-end') metrics = part.metrics;
  }
  return { text, types, metrics: metrics! };
}

const userSays = (text: string) => ({ system: [], tools: [], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }] });

describe('provider types against the upstream simulator', () => {
  it('an Anthropic-compatible URL lists models and streams a turn with usage and latency', async () => {
    const slot = slotWith({ claude: { type: 'anthropic', url: simulator.baseUrls.anthropic, key: 'sim-key' } });
    const [list] = await slot.refreshModels();
    expect(list!.models.map((model) => model.id)).toContain('claude-sonnet-4-5-20250929');
    expect(list!.models.find((model) => model.id === 'claude-sonnet-4-5-20250929')!.displayName).toBe('Claude Sonnet 4.5');
    const { provider, model } = await slot.resolveModel('claude:claude-sonnet-4-5-20250929');
    const turn = await collect(await provider.streamTurn({ model: model.id, ...userSays('hello there') }));
    expect(turn.text).toBe('Simulated answer from claude-sonnet-4-5-20250929: hello there');
    expect(turn.types.at(-2)).toBe('finish');
    expect(turn.metrics).toMatchObject({ provider: 'claude', model: 'claude-sonnet-4-5-20250929', finishReason: 'stop', credits: null, creditsSource: null });
    expect(turn.metrics.usage.outputTokens).toBeGreaterThan(0);
    expect(turn.metrics.latency.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(turn.metrics.latency.totalMs).toBeGreaterThanOrEqual(turn.metrics.latency.firstTokenMs!);
  });

  it('an OpenAI-compatible URL (written with /v1, as OpenAI SDKs take it) streams tool calls', async () => {
    const slot = slotWith({ local: { type: 'openai', url: simulator.baseUrls.openai, key: 'sim-key' } });
    const { provider } = await slot.resolveModel('gpt-5.4');
    const tools = [{ name: 'lookup', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const turn = await collect(await provider.streamTurn({ model: 'gpt-5.4', ...userSays('[[tool:lookup]] weather?'), tools }));
    expect(turn.types).toContain('tool-call-start');
    expect(turn.metrics.finishReason).toBe('tool-calls');
  });

  it('several providers at once: a plain id is found in whichever lists it', async () => {
    const slot = slotWith({
      claude: { type: 'anthropic', url: simulator.baseUrls.anthropic, key: 'sim-key' },
      deepseek: { type: 'openai', url: simulator.baseUrls.deepseek, key: 'sim-key' },
    });
    expect((await slot.resolveModel('deepseek-flash')).provider.name).toBe('deepseek');
    expect((await slot.resolveModel('claude-haiku-4-5-20251001')).provider.name).toBe('claude');
  });
});

describe('bad input', () => {
  it('an invalid key is named as such (401), and the other providers still list', async () => {
    const slot = slotWith({
      broken: { type: 'anthropic', url: simulator.baseUrls.anthropic, key: 'wrong-key' },
      good: { type: 'openai', url: simulator.baseUrls.openai, key: 'sim-key' },
    });
    const lists = await slot.refreshModels();
    expect(lists.find((list) => list.provider === 'broken')!.error).toMatch(/^provider "broken" rejected the API key \(HTTP 401\)/);
    expect(lists.find((list) => list.provider === 'good')!.models.length).toBeGreaterThan(0);
    await expect(slot.resolveModel('broken:claude-opus-4-5-20251101')).rejects.toMatchObject({ code: 'BSK_PROVIDER_AUTH' });
  });

  it('an unreachable provider is named with its URL', async () => {
    const port = await closedPort();
    const slot = slotWith({ gone: { type: 'openai', url: `http://127.0.0.1:${port}/v1` } });
    await expect(slot.resolveModel('anything')).rejects.toMatchObject({ code: 'BSK_PROVIDER_UNREACHABLE', message: `provider "gone" at http://127.0.0.1:${port}/v1/models cannot be reached: ECONNREFUSED` });
  });

  it('no provider at all says how to add one', async () => {
    const slot = slotWith({});
    await expect(slot.resolveModel('gpt-5.4')).rejects.toMatchObject({ code: 'BSK_PROVIDER_NOT_CONFIGURED' });
  });

  it('a model the provider stopped serving fails before any part (404)', async () => {
    const slot = slotWith({ claude: { type: 'anthropic', url: simulator.baseUrls.anthropic, key: 'sim-key' } });
    const provider = slot.provider('claude');
    await expect(provider.streamTurn({ model: 'claude-x', ...userSays('[[fault:status=404]] hi') })).rejects.toMatchObject({ code: 'BSK_PROVIDER_UNKNOWN_MODEL' });
  });
});

describe('model lists and policy', () => {
  let server: Server;
  let served: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: served.map((id) => ({ id, object: 'model', owned_by: 'local' })) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a refresh drops vanished models and shows new ones; a resolve of a new model refetches', async () => {
    served = ['llama-3', 'qwen-2'];
    const slot = slotWith({ ollama: { type: 'openai', url } });
    expect((await slot.models())[0]!.models.map((model) => model.id)).toEqual(['llama-3', 'qwen-2']);
    served = ['qwen-2', 'mistral'];
    expect((await slot.models())[0]!.models.map((model) => model.id)).toEqual(['llama-3', 'qwen-2']);
    expect((await slot.resolveModel('mistral')).model.id).toBe('mistral');
    expect((await slot.models())[0]!.models.map((model) => model.id)).toEqual(['qwen-2', 'mistral']);
    await expect(slot.resolveModel('llama-3')).rejects.toMatchObject({ code: 'BSK_PROVIDER_UNKNOWN_MODEL', message: expect.stringContaining('any configured provider (ollama)') });
  });

  it('Enterprise policy denies providers and models', async () => {
    served = ['gpt-4o', 'llama-3'];
    const slot = slotWith(
      { ollama: { type: 'openai', url }, 'openai-direct': { type: 'openai', url } },
      { deny: { providers: ['openai-*'], models: ['gpt-4*'] } },
    );
    expect(slot.configs().map((config) => config.name)).toEqual(['ollama']);
    expect(slot.denied()).toEqual([{ name: 'openai-direct', reason: expect.stringContaining('denied by Enterprise policy') }]);
    expect((await slot.refreshModels()).map((list) => list.models.map((model) => model.id))).toEqual([['llama-3']]);
    await expect(slot.resolveModel('gpt-4o')).rejects.toMatchObject({ code: 'BSK_PROVIDER_DENIED' });
    expect(() => slot.provider('openai-direct')).toThrow(/denied by Enterprise policy/);
  });

  it('without -m the `model` setting wins, else the first chat model', async () => {
    served = ['llama-3', 'qwen-2'];
    const slot = slotWith({ ollama: { type: 'openai', url } });
    expect((await slot.resolveModel()).model.id).toBe('llama-3');
    fixture!.layers.set('model', 'qwen-2', 'project');
    expect((await slot.resolveModel()).model.id).toBe('qwen-2');
  });
});
