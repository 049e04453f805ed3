import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel/kernel';
import { gatewayProfile } from '../../../kernel/profiles/gateway';
import { readFixture } from '../openai-chat/openai-chat-test-support';
import { activateProviderPlugin, callContext, canonicalRequest, fakeFetch, jsonResponse, silentLogger } from '../shared/provider-test-support';
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
    expect(manifest.provides).toEqual(['chat-provider?', 'embedding-provider?', 'rerank-provider?']);
  });

  it('refuses an instance without a base URL, a name that cannot prefix model ids, fractional prices, and duplicate names', async () => {
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ name: 'vllm', models: [{ id: 'm' }] }] } })).rejects.toThrow(/baseUrl is required/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ ...ollama, name: 'My/Server' }] } })).rejects.toThrow(/name/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [{ ...ollama, models: [{ id: 'm', pricing: { inputPerMTok: 0.5 } }] }] } })).rejects.toThrow(/inputPerMTok/);
    await expect(activateProviderPlugin(import.meta.dirname, { section: { instances: [ollama, { ...openrouter, name: 'ollama' }] } })).rejects.toMatchObject({ code: 'BSK_COMPATIBLE_DUPLICATE_INSTANCE' });
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
