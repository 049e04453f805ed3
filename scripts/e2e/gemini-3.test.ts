import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Gemini 3.1 Pro from the catalog (3 Pro Preview, shut down by Google on 2026-03-09, is refused
 * before it is called: model-listing.test.ts), through both official SDKs: listed, answering text, a tool loop
 * whose call comes back with its thought signature (the simulator refuses one without, as the
 * API does), and reasoning as a `thinkingLevel`, never a budget (the simulator refuses a budget
 * beside a level, and a level the model does not take).
 */
const e2e = useGatewayWithClients();
const MODEL = 'gemini/gemini-3.1-pro-preview';

const WEATHER = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
const WEATHER_FUNCTION: OpenAI.ChatCompletionTool = { type: 'function', function: { name: WEATHER.name, description: WEATHER.description, parameters: WEATHER.input_schema } };

interface GeminiPart { text?: string; thought?: boolean; thoughtSignature?: string; functionCall?: { name: string } }
interface GeminiBody { contents: { role: string; parts: GeminiPart[] }[]; generationConfig?: { thinkingConfig?: unknown } }

async function geminiBodies(marker: string): Promise<GeminiBody[]> {
  return (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/gemini/v1beta/models/gemini-3.1-pro-preview:')).map((request) => request.body as unknown as GeminiBody);
}

describe('Gemini 3.1 Pro in the catalog', () => {
  it('is listed at /v1/models with its limits, and by its bare name', async () => {
    const { data } = await e2e.openai.models.list();
    expect(data.find((model) => model.id === MODEL)).toMatchObject({ owned_by: 'gemini', bytespike: { provider: 'gemini', modality: 'chat', context_window: 1_048_576 } });
    expect(await e2e.openai.models.retrieve('gemini-3.1-pro-preview')).toMatchObject({ id: MODEL });
    expect((await e2e.anthropic.models.retrieve('gemini-3.1-pro-preview')).id).toBe(MODEL);
  });
});

describe.each([false, true])('Gemini 3.1 Pro from a Messages client (streamed: %s)', (stream) => {
  const create = (params: Anthropic.MessageCreateParamsNonStreaming) => (stream ? e2e.anthropic.messages.stream(params).finalMessage() : e2e.anthropic.messages.create(params));

  it('answers text', async () => {
    const message = await create({ model: 'gemini-3.1-pro-preview', max_tokens: 500, messages: [{ role: 'user', content: `gemini-3-text-${stream}: hello there` }] });
    expect(message.content).toEqual([{ type: 'text', text: expect.stringContaining('Simulated answer from gemini-3.1-pro-preview') }]);
  });

  it('thinks at the level an Anthropic budget buys, and shows its thoughts', async () => {
    const marker = `gemini-3-thinking-${stream}`;
    const message = await create({ model: MODEL, max_tokens: 20_000, thinking: { type: 'enabled', budget_tokens: 10_000 }, messages: [{ role: 'user', content: `[[reasoning]] ${marker}: 2+2?` }] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [sent] = await geminiBodies(marker);
    // 10,000 tokens buys the medium effort, a level 3.1 Pro takes (3 Pro took low and high only).
    expect(sent!.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'medium' });
  });

  it('runs a tool loop: the call goes back with its thought signature, and the answer quotes the result', async () => {
    const marker = `gemini-3-tools-${stream}`;
    const question: Anthropic.MessageParam = { role: 'user', content: `[[tool:get_weather]] ${marker}: weather in Oslo?` };
    const params = { model: MODEL, max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, tools: [WEATHER] };
    const first = await create({ ...params, messages: [question] });
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
    const answer = await create({ ...params, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'snow' }] }] });
    expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('snow') });
    const bodies = await geminiBodies(marker);
    const call = bodies.at(-1)!.contents.find((content) => content.role === 'model')!.parts.find((part) => part.functionCall)!;
    expect(call.thoughtSignature).toMatch(/^[\w+/=-]{8,}$/);
    expect(bodies.map((body) => body.generationConfig?.thinkingConfig)).toEqual([{ includeThoughts: true, thinkingLevel: 'low' }, { includeThoughts: true, thinkingLevel: 'low' }]);
  });
});

describe.each([false, true])('Gemini 3.1 Pro from a Chat Completions client (streamed: %s)', (stream) => {
  async function complete(params: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<OpenAI.ChatCompletionMessage> {
    if (!stream) return (await e2e.openai.chat.completions.create(params)).choices[0]!.message;
    const runner = e2e.openai.chat.completions.stream({ ...params, stream: true });
    return (await runner.finalChatCompletion()).choices[0]!.message;
  }

  it('answers text', async () => {
    const message = await complete({ model: MODEL, messages: [{ role: 'user', content: `gemini-3-chat-text-${stream}: hello there` }] });
    expect(message.content).toContain('Simulated answer from gemini-3.1-pro-preview');
  });

  it.each([
    ['low', 'low'], ['high', 'high'], ['none', 'low'],
  ] as const)('sends reasoning_effort %s as thinkingLevel %s, never a budget', async (effort, thinkingLevel) => {
    const marker = `gemini-3-effort-${effort}-${stream}`;
    await complete({ model: MODEL, reasoning_effort: effort, messages: [{ role: 'user', content: `${marker}: why is the sky blue?` }] });
    const [sent] = await geminiBodies(marker);
    expect(sent!.generationConfig?.thinkingConfig).toEqual(effort === 'none' ? { thinkingLevel } : { includeThoughts: true, thinkingLevel });
  });

  it('runs a tool loop: the call id carries the signature back to Gemini', async () => {
    const marker = `gemini-3-chat-tools-${stream}`;
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: `[[tool:get_weather]] ${marker}: weather in Oslo?` };
    const first = await complete({ model: MODEL, tools: [WEATHER_FUNCTION], messages: [question] });
    const call = first.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    const answer = await complete({ model: MODEL, tools: [WEATHER_FUNCTION], messages: [question, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'hail' }] });
    expect(answer.content).toContain('hail');
    const sentBack = (await geminiBodies(marker)).at(-1)!.contents.find((content) => content.role === 'model')!.parts.find((part) => part.functionCall)!;
    expect(sentBack.thoughtSignature).toMatch(/^[\w+/=-]{8,}$/);
    expect(sentBack.thoughtSignature).not.toBe('skip_thought_signature_validator');
  });
});

describe('Gemini 3.1 Pro, which also takes a medium level', () => {
  it('sends reasoning_effort medium as thinkingLevel medium', async () => {
    const marker = 'gemini-3.1-effort-medium';
    await e2e.openai.chat.completions.create({ model: 'gemini-3.1-pro-preview', reasoning_effort: 'medium', messages: [{ role: 'user', content: `${marker}: why is the sky blue?` }] });
    const sent = (await upstreamBodies(e2e.gateway, marker)).find((request) => request.path.includes('/models/gemini-3.1-pro-preview:'));
    expect((sent!.body as unknown as GeminiBody).generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'medium' });
  });
});
