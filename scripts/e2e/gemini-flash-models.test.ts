import type OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Google's 2026 Flash models (Gemini 3.8 Flash, 3.7 Flash, 3.6 Flash, 3.5 Flash, 3.5 Flash-Lite)
 * through the official OpenAI SDK: listed, answering, sent a thinking level each takes (3.8 and 3.7
 * Flash refuse `minimal`, as the simulator does), billed exactly the header's credits at their own
 * prices, and Gemini 3.8 Flash (3.7 and 3.6 Flash have the same schedule) at the prices of the moment a call was admitted: its introductory ones through
 * 2026-12-31 UTC, double from 2027-01-01. The gateway runs in this process, so the test sets its clock.
 */
const e2e = useGatewayWithClients();

function setGatewayClock(at: Date): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(at);
}
afterEach(() => vi.useRealTimers());

/** One Chat Completions call; checks the wallet moved by exactly the header's credits, and returns them with the usage. */
async function chatCall(params: OpenAI.ChatCompletionCreateParamsNonStreaming) {
  const before = await e2e.gateway.balance();
  const { data, response } = await e2e.openai.chat.completions.create(params).withResponse();
  const credits = Number(response.headers.get('estimated_credits'));
  expect(before - (await e2e.gateway.balance())).toBe(credits);
  return { credits, usage: data.usage!, message: data.choices[0]!.message };
}

/** Credits at `[input, output]` credits per million tokens (these entries have no cache price: a cache read bills as input). */
const creditsAt = (usage: OpenAI.CompletionUsage, [input, output]: readonly number[]) => Math.ceil((usage.prompt_tokens * input! + usage.completion_tokens * output!) / 1_000_000);

async function thinkingConfigSent(model: string, marker: string): Promise<unknown> {
  const [sent] = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes(`/gemini/v1beta/models/${model}:`));
  return (sent!.body as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig?.thinkingConfig;
}

describe('the 2026 Gemini Flash models from a Chat Completions client', () => {
  it.each([
    // $ / MTok: 3.5 Flash $1.50 / $9.00, 3.5 Flash-Lite $0.30 / $2.50 (ai.google.dev/gemini-api/docs/pricing).
    ['gemini-3.5-flash', 'minimal', 'minimal', [1_500_000, 9_000_000]],
    // 3.6 Flash: $0.75 / $3.75 through 2026-12-31 (the clock below), $1.50 / $7.50 from 2027-01-01.
    ['gemini-3.6-flash', 'minimal', 'minimal', [750_000, 3_750_000]],
    ['gemini-3.7-flash', 'minimal', 'low', [750_000, 3_750_000]],
    ['gemini-3.5-flash-lite', 'minimal', 'minimal', [300_000, 2_500_000]],
    // 3.8 Flash takes no `minimal`: it goes as `low`, its lowest level.
    ['gemini-3.8-flash', 'minimal', 'low', [750_000, 3_750_000]],
  ] as const)('%s answers effort %s at level %s, billed at its own prices', async (model, effort, thinkingLevel, prices) => {
    setGatewayClock(new Date('2026-11-28T12:00:00Z'));
    const marker = `flash-2026-${model}`;
    const { credits, usage, message } = await chatCall({ model, reasoning_effort: effort, max_completion_tokens: 500, messages: [{ role: 'user', content: `${marker}: plan a trip to Oslo` }] });
    expect(message.content).toContain(`Simulated answer from ${model}`);
    expect(await thinkingConfigSent(model, marker)).toEqual({ includeThoughts: true, thinkingLevel });
    expect(credits).toBe(creditsAt(usage, prices));
  });

  it('runs a Gemini 3.8 Flash tool loop: the call goes back with its thought signature, which Gemini 3 requires', async () => {
    setGatewayClock(new Date('2026-11-28T12:00:00Z'));
    const marker = 'flash-3.8-tools';
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: `[[tool:get_weather]] ${marker}: weather in Oslo?` };
    const first = await chatCall({ model: 'gemini-3.8-flash', tools, messages: [question] });
    const call = first.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    const answer = await chatCall({ model: 'gemini-3.8-flash', tools, messages: [question, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'sleet' }] });
    expect(answer.message.content).toContain('sleet');
    const [, second] = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/gemini/v1beta/models/gemini-3.8-flash:'));
    const contents = (second!.body as { contents: { role: string; parts: { functionCall?: unknown; thoughtSignature?: string }[] }[] }).contents;
    expect(contents.find((content) => content.role === 'model')!.parts.find((part) => part.functionCall)!.thoughtSignature).toMatch(/^[\w+/=-]{8,}$/);
  });

  it('bills Gemini 3.8 Flash at $0.75 / $3.75 for a call admitted at 2026-12-31T23:59:59Z, and at $1.50 / $7.50 for one admitted at 2027-01-01T00:00:00Z', async () => {
    const ask = async (at: string) => {
      setGatewayClock(new Date(at));
      return chatCall({ model: 'gemini/gemini-3.8-flash', max_completion_tokens: 300, messages: [{ role: 'user', content: `flash-3.8-price-change ${at}: ${'a long question '.repeat(200)}` }] });
    };
    const before = await ask('2026-12-31T23:59:59Z');
    expect(before.credits).toBe(creditsAt(before.usage, [750_000, 3_750_000]));
    const after = await ask('2027-01-01T00:00:00Z');
    expect(after.credits).toBe(creditsAt(after.usage, [1_500_000, 7_500_000]));
    expect(after.credits).toBeGreaterThan(before.credits);
  });
});

describe('the model list', () => {
  it('lists the five models with their limits, resolves their bare model codes, and shows 3.8 Flash\'s scheduled price change', async () => {
    const { data } = await e2e.openai.models.list();
    for (const id of ['gemini-3.8-flash', 'gemini-3.7-flash', 'gemini-3.6-flash', 'gemini-3.5-flash', 'gemini-3.5-flash-lite']) {
      expect(data.find((model) => model.id === `gemini/${id}`)).toMatchObject({ owned_by: 'gemini', bytespike: { provider: 'gemini', modality: 'chat', context_window: 1_048_576, max_output_tokens: 65_536 } });
      expect(await e2e.openai.models.retrieve(id)).toMatchObject({ id: `gemini/${id}`, object: 'model' });
    }
    const flash = await e2e.openai.models.retrieve('gemini-3.8-flash');
    expect((flash as unknown as { bytespike: { pricing: unknown } }).bytespike.pricing).toMatchObject({
      inputPerMTok: 750_000, outputPerMTok: 3_750_000, priceChanges: [{ from: '2027-01-01', inputPerMTok: 1_500_000, outputPerMTok: 7_500_000 }],
    });
  });
});
