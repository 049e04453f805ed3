import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GOOGLE_HEADERS, postJson, readPayloads, useOpenAiSimulator } from './test-support';

/**
 * `[[answer-as:MODEL]]` and the `x-sim-answer-as` header: the answer names MODEL wherever each
 * protocol names the model that answered (Gemini `modelVersion`, Anthropic `model` of the message
 * and of `message_start`, Chat Completions `model` of the body and of every chunk, Responses
 * `response.model`), streamed or not, as an upstream that routes a retired or aliased id does.
 * Nothing else of the answer changes.
 */
const sim = useOpenAiSimulator();
const anthropic = () => new Anthropic({ apiKey: 'test-key', baseURL: sim.simulator.baseUrls.anthropic, maxRetries: 0 });
const deepseek = () => new OpenAI({ apiKey: 'test-key', baseURL: sim.simulator.baseUrls.deepseek, maxRetries: 0 });

async function gemini(model: string, text: string, stream: boolean, headers: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const url = `${sim.simulator.baseUrls.gemini}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
  const response = await postJson(url, { contents: [{ role: 'user', parts: [{ text }] }] }, { ...GOOGLE_HEADERS, ...headers });
  expect(response.status).toBe(200);
  return stream ? readPayloads(response) : [await response.json() as Record<string, unknown>];
}

describe('an answer as another model', () => {
  it('Gemini: every chunk\'s modelVersion, and the body\'s, by directive or header; the text and usage are the same', async () => {
    const plain = await gemini('gemini-2.5-pro', 'Route me please', false);
    const routed = await gemini('gemini-2.5-pro', 'Route me please [[answer-as:gemini-3.8-flash]]', false);
    expect(plain[0]!.modelVersion).toBe('gemini-2.5-pro');
    expect(routed[0]!.modelVersion).toBe('gemini-3.8-flash');
    expect(routed[0]!.candidates).toEqual(plain[0]!.candidates);
    const chunks = await gemini('gemini-2.5-pro', 'Route me please', true, { 'x-sim-answer-as': 'gemini-3.8-flash' });
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.map((chunk) => chunk.modelVersion))).toEqual(new Set(['gemini-3.8-flash']));
  });

  it('Anthropic: the message\'s model, streamed in message_start, through the official SDK', async () => {
    const params = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hello [[answer-as:claude-sonnet-4-5-20250929]]' }] };
    expect((await anthropic().messages.create(params)).model).toBe('claude-sonnet-4-5-20250929');
    const events = [];
    for await (const event of await anthropic().messages.create({ ...params, stream: true })) events.push(event);
    expect(events[0]).toMatchObject({ type: 'message_start', message: { model: 'claude-sonnet-4-5-20250929' } });
    const byHeader = await anthropic().messages.create({ ...params, messages: [{ role: 'user', content: 'Hello' }] }, { headers: { 'x-sim-answer-as': 'claude-haiku-4-5' } });
    expect(byHeader.model).toBe('claude-haiku-4-5');
  });

  it('Chat Completions (OpenAI and DeepSeek): the body\'s model and every chunk\'s, the usage chunk\'s included', async () => {
    const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hi [[answer-as:gpt-4.1-2025-04-14]]' }] };
    expect((await sim.client.chat.completions.create(params)).model).toBe('gpt-4.1-2025-04-14');
    const chunks = [];
    for await (const chunk of await sim.client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    expect(chunks.at(-1)!.usage).not.toBeNull();
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['gpt-4.1-2025-04-14']));
    const routed = await deepseek().chat.completions.create({ model: 'deepseek-v4-pro', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-sim-answer-as': 'deepseek-flash' } });
    expect(routed.model).toBe('deepseek-flash');
  });

  it('Responses: response.model, in the body and in the stream\'s response events', async () => {
    const params = { model: 'gpt-4.1', input: 'Hi [[answer-as:gpt-4.1-2025-04-14]]' };
    expect((await sim.client.responses.create(params)).model).toBe('gpt-4.1-2025-04-14');
    const models = [];
    for await (const event of await sim.client.responses.create({ ...params, stream: true })) if ('response' in event) models.push(event.response.model);
    expect(models.length).toBeGreaterThan(1);
    expect(new Set(models)).toEqual(new Set(['gpt-4.1-2025-04-14']));
  });

  it('refuses the directive without a model, as any malformed directive', async () => {
    const refused = await sim.client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi [[answer-as:]]' }] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining('answer-as') });
  });
});
