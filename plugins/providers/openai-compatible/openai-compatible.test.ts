import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel/kernel';
import { gatewayProfile } from '../../../kernel/profiles/gateway';
import { readFixture } from '../openai-chat/openai-chat-test-support';
import { activateProviderPlugin, callContext, canonicalRequest, fakeFetch, jsonResponse, silentLogger } from '../shared/provider-test-support';
import type { UpstreamHealthSource, UpstreamPool } from '../shared/upstream-pool';
import { createOpenAICompatibleProvider, type OpenAICompatibleInstance } from './openai-compatible-provider';

const ollama: OpenAICompatibleInstance = { name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: [{ id: 'llama3.1', aliases: ['llama'] }, { id: 'qwen3:8b', capabilities: ['reasoning', 'streaming'] }] };
const openrouter: OpenAICompatibleInstance = {
  name: 'openrouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  apiKey: 'sk-or-test',
  headers: { 'HTTP-Referer': 'https://bytespike.test' },
  models: [{ id: 'moonshotai/kimi-k2', contextWindow: 131072, pricing: { inputPerMTok: 140000, outputPerMTok: 2490000 } }],
};

describe('openai-compatible plugin', () => {
  it('contributes one provider per configured instance, named after it', async () => {
    const { providers } = await activateProviderPlugin(import.meta.dirname, { section: { instances: [ollama, openrouter] } });
    expect(providers.map((provider) => [provider.name, provider.enabled, provider.protocol])).toEqual([['ollama', true, 'openai-chat'], ['openrouter', true, 'openai-chat']]);
    expect(providers[0]!.models().map((model) => [model.id, model.upstreamId, model.aliases, model.capabilities])).toEqual([
      ['ollama/llama3.1', 'llama3.1', ['llama'], ['tools', 'streaming']],
      ['ollama/qwen3:8b', 'qwen3:8b', [], ['reasoning', 'streaming']],
    ]);
    expect(providers[1]!.models()[0]).toMatchObject({ id: 'openrouter/moonshotai/kimi-k2', contextWindow: 131072, pricing: { inputPerMTok: 140000, outputPerMTok: 2490000 } });
  });

  it('with no instances it contributes nothing, and its manifest says that is allowed', async () => {
    const { providers, manifest } = await activateProviderPlugin(import.meta.dirname);
    expect(providers).toEqual([]);
    expect(manifest.provides).toEqual(['chat-provider?', 'upstream-pool?', 'embedding-provider?', 'rerank-provider?']);
  });

  it('reports an instance with only embeddings or rerank models in /health, counting their calls; one with chat models through its pool alone', async () => {
    const modalityOnly = { name: 'jina', baseUrl: 'https://api.jina.test/v1', apiKey: 'sk-jina', models: [{ id: 'bge-m3', modality: 'embeddings' }, { id: 'jina-reranker-v2', modality: 'rerank' }] };
    const mixed = { ...ollama, models: [...ollama.models, { id: 'nomic-embed-text', modality: 'embeddings' }] };
    const { contributions } = await activateProviderPlugin(import.meta.dirname, { section: { instances: [modalityOnly, mixed] } });
    const sources = contributions['upstream-pool'] as UpstreamHealthSource[];
    expect(sources.map((source) => source.health().provider)).toEqual(['jina', 'ollama']);
    expect(sources[0]!.health()).toEqual({ provider: 'jina', members: [{ label: '#1 api.jina.test', weight: 1, state: 'ok', requests: 0 }] });
  });

  it('refuses an instance without a base URL, a name that cannot prefix model ids, fractional prices, and duplicate names', async () => {
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ name: 'vllm', models: [{ id: 'm' }] }] } })).rejects.toThrow(/baseUrl is required/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ ...ollama, name: 'My/Server' }] } })).rejects.toThrow(/name/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ ...ollama, models: [{ id: 'm', pricing: { inputPerMTok: 0.5 } }] }] } })).rejects.toThrow(/inputPerMTok/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [ollama, openrouter, { ...openrouter, name: 'ollama' }] } })).rejects.toMatchObject({
      code: 'BSK_PLUGIN_CONFIG_INVALID',
      details: { field: 'plugins.openai-compatible.instances.2.name' },
      cause: { code: 'BSK_COMPATIBLE_DUPLICATE_INSTANCE', details: { name: 'ollama', first: 0 } },
    });
  });
});

describe('gateway profile', () => {
  it('boots the OpenAI-family plugins from the environment alone, openai-compatible with no instances included', async () => {
    const ours = ['openai', 'deepseek', 'kimi', 'openai-compatible'];
    const kernel = await bootKernel({
      profile: gatewayProfile,
      cwd: mkdtempSync(join(tmpdir(), 'bsk-openai-family-')),
      env: { OPENAI_API_KEY: 'sk-openai', MOONSHOT_API_KEY: 'sk-moonshot' },
      logger: silentLogger,
      only: (plugin) => ours.includes(plugin.manifest.name),
    });
    try {
      const providers = kernel.registry.contributions('chat-provider');
      expect(providers.map((provider) => [provider.name, provider.enabled]).sort()).toEqual([['deepseek', false], ['kimi', true], ['openai', true]]);
    } finally {
      await kernel.dispose();
    }
  });
});

describe('openai-compatible provider', () => {
  it('a keyless local server gets no Authorization header and the plain wire shape', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('moonshotai-text.json')));
    const provider = createOpenAICompatibleProvider(ollama, { fetch, logger: silentLogger });
    const response = await provider.generate(canonicalRequest({ maxTokens: 50, system: [{ type: 'text', text: 'Be kind.' }] }), provider.models()[0]!, callContext());
    expect(sent[0]!.url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(sent[0]!.headers).not.toHaveProperty('authorization');
    expect(sent[0]!.body).toMatchObject({ model: 'llama3.1', max_tokens: 50, messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Hello' }] });
    expect(response).toMatchObject({ model: 'ollama/llama3.1', content: [{ type: 'text', text: 'Hello, world!' }] });
  });

  it('a hosted one sends its key and extra headers', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('moonshotai-tool-call.json')));
    const provider = createOpenAICompatibleProvider(openrouter, { fetch, logger: silentLogger });
    await provider.generate(canonicalRequest(), provider.models()[0]!, callContext());
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer sk-or-test', 'HTTP-Referer': 'https://bytespike.test' });
    expect(sent[0]!.body).toMatchObject({ model: 'moonshotai/kimi-k2' });
  });

  it('sends reasoning_content back only when the instance says its models want it', async () => {
    const messages = [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Weather?' }] },
      { role: 'assistant' as const, content: [{ type: 'reasoning' as const, text: 'Use the tool.' }, { type: 'tool-call' as const, id: 'c1', name: 'weather', input: {} }] },
      { role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'c1', content: [{ type: 'text' as const, text: 'sun' }] }] },
    ];
    for (const sendReasoningBack of [false, true]) {
      const { fetch, sent } = fakeFetch(() => jsonResponse(readFixture('moonshotai-text.json')));
      const provider = createOpenAICompatibleProvider({ ...openrouter, sendReasoningBack }, { fetch, logger: silentLogger });
      await provider.generate(canonicalRequest({ messages }), provider.models()[0]!, callContext());
      expect('reasoning_content' in (sent[0]!.body.messages as Record<string, unknown>[])[1]!).toBe(sendReasoningBack);
    }
  });
});

describe('openai-compatible upstream pool', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A local Chat Completions server answering `status` (the recorded text on 200), counting its calls. */
  async function upstream(status: () => number) {
    const calls: string[] = [];
    const server = createServer((request, response) => {
      calls.push(String(request.headers.authorization ?? ''));
      request.resume().on('end', () => {
        const code = status();
        response.writeHead(code, { 'content-type': 'application/json' }).end(code === 200 ? readFixture('moonshotai-text.json') : JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error' } }));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { calls, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1` };
  }

  it('pools a keyless server with keyed upstreams by weight, and reports each in /health without its key', async () => {
    const local = await upstream(() => 200);
    const { providers, contributions } = await activateProviderPlugin(import.meta.dirname, { section: { instances: [{ ...ollama, baseUrl: local.baseUrl, weight: 3, cooldownMs: 5_000, upstreams: [{ baseUrl: 'https://eu.example.test/v1', apiKey: 'sk-eu', label: 'eu' }] }] } });
    expect(providers.map((provider) => [provider.name, provider.enabled])).toEqual([['ollama', true]]);
    const [pool] = contributions['upstream-pool'] as UpstreamPool[];
    expect(pool!.health()).toEqual({ provider: 'ollama', members: [
      { label: expect.stringMatching(/^#1 127\.0\.0\.1:/), weight: 3, state: 'ok', requests: 0 },
      { label: 'eu', weight: 1, state: 'ok', requests: 0 },
    ] });
  });

  it('moves a call past an upstream answering 429 and sends it nothing while it cools down', async () => {
    const limited = await upstream(() => 429);
    const healthy = await upstream(() => 200);
    // The limited server carries nearly all the weight: only its cool-down keeps calls off it.
    const instance = { ...openrouter, baseUrl: limited.baseUrl, weight: 1000, upstreams: [{ baseUrl: healthy.baseUrl, apiKey: 'sk-second' }] };
    const [provider] = (await activateProviderPlugin(import.meta.dirname, { section: { instances: [instance] } })).providers;
    for (let call = 0; call < 4; call++) {
      expect(await provider!.generate(canonicalRequest(), provider!.models()[0]!, callContext())).toMatchObject({ content: [{ type: 'text', text: 'Hello, world!' }] });
    }
    expect(limited.calls.length).toBeLessThanOrEqual(1);
    expect(healthy.calls).toEqual(['Bearer sk-second', 'Bearer sk-second', 'Bearer sk-second', 'Bearer sk-second']);
  });
});
