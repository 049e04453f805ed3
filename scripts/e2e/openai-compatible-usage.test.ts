import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../kernel/canonical/estimate-tokens';
import { computeCredits } from '../../plugins/billing/pricing';
import { PRICING, WEATHER, generationOf, streamChat, streamMessages, useCompatibleServers } from './compatible-servers';
import { expectOneSettlement, ssePayloads, upstreamBodies } from './gateway-calls';

/**
 * Servers that report less usage than OpenAI does (scripts/upstream-sim/openai-compatible-flavours.ts):
 * what they leave out is estimated from what the answer holds, what they report elsewhere (Groq's
 * `x_groq`) is read, and either way the client is told the usage billed and the wallet moves by
 * exactly the credits it is told.
 */
const e2e = useCompatibleServers();

/** The wallet's move over `call`, with what `call` returned. */
async function charging<T>(call: () => Promise<T>): Promise<{ result: T; charged: number }> {
  const before = await e2e.gateway.balance();
  const result = await call();
  return { result, charged: before - (await e2e.gateway.balance()) };
}

describe('a server that reports no usage on a whole answer', () => {
  it('bills a passed-through Chat Completions answer for its text, the wallet moving by the header\'s credits', async () => {
    const { result: { data, response }, charged } = await charging(() => e2e.openai.chat.completions.create({ model: 'bare/qwen3:8b', messages: [{ role: 'user', content: 'bare-answer: say hello' }] }).withResponse());
    const text = data.choices[0]!.message.content!;
    expect(text).toBe('Simulated answer from qwen3:8b: bare-answer: say hello');
    expect(Number(response.headers.get('estimated_credits'))).toBe(charged);
    const requestId = response.headers.get('x-request-id')!;
    const { usage } = await generationOf(e2e, requestId);
    expect(usage.output_tokens).toBe(estimateTextTokens(text));
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens }));
    expect(await expectOneSettlement(e2e.gateway, requestId)).toBe(charged);
  });

  it('tells a Chat Completions client the usage billed in the passed-through answer\'s usage, as OpenAI\'s answers carry it', async () => {
    const { data, response } = await e2e.openai.chat.completions.create({ model: 'bare/qwen3:8b', messages: [{ role: 'user', content: 'bare-usage: say hello' }] }).withResponse();
    const { usage, total_credits: credits } = await generationOf(e2e, response.headers.get('x-request-id')!);
    expect(data.usage).toMatchObject({ prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.input_tokens + usage.output_tokens });
    expect(data.usage!.completion_tokens).toBe(estimateTextTokens(data.choices[0]!.message.content!));
    expect(Number(response.headers.get('estimated_credits'))).toBe(credits);
  });

  it('bills a translated Messages answer for its tool call\'s arguments, and tells the client that usage', async () => {
    const { result: { data: message, response }, charged } = await charging(() => e2e.anthropic.messages.create({ model: 'bare/qwen3:8b', max_tokens: 500, tools: [WEATHER], messages: [{ role: 'user', content: '[[tool:get_weather]] bare-tool: weather in Oslo?' }] }).withResponse());
    const call = message.content[0] as Anthropic.ToolUseBlock;
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: expect.any(String) } });
    expect(message.usage.output_tokens).toBe(estimateTextTokens(JSON.stringify(call.input)));
    expect(Number(response.headers.get('estimated_credits'))).toBe(charged);
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens }));
    expect(await expectOneSettlement(e2e.gateway, response.headers.get('request-id')!)).toBe(charged);
  });
});

describe('Groq: a stream\'s usage inside x_groq', () => {
  /** What the simulated Groq reported for the request the gateway sent it (`marker` in its body): the same body gets the same answer. */
  async function groqReport(marker: string): Promise<{ prompt_tokens: number; completion_tokens: number }> {
    const [sent] = await upstreamBodies(e2e.gateway, marker);
    const response = await fetch(`${e2e.gateway.simulatorUrl}/groq/openai/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer gsk-sim' }, body: JSON.stringify(sent!.body) });
    const last = ssePayloads(await response.text()).at(-1) as { x_groq: { usage: { prompt_tokens: number; completion_tokens: number } } };
    return last.x_groq.usage;
  }

  it('tells a Chat Completions client that asked for usage what Groq reported, in the usage chunk, and bills that', async () => {
    const marker = 'groq-chat-usage';
    const { usage, usageChunk, charged, requestId } = await streamChat(e2e, { model: 'groq/qwen3:8b', messages: [{ role: 'user', content: `${marker}: count [[long:12]]` }], stream_options: { include_usage: true } });
    const reported = await groqReport(marker);
    expect(usageChunk).toMatchObject({ object: 'chat.completion.chunk', id: expect.stringMatching(/^chatcmpl-/), choices: [] });
    expect(usage).toMatchObject({ prompt_tokens: reported.prompt_tokens, completion_tokens: reported.completion_tokens, bytespike_credits: charged });
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: reported.prompt_tokens, outputTokens: reported.completion_tokens }));
    expect(await expectOneSettlement(e2e.gateway, requestId)).toBe(charged);
  });

  it('bills a translated Messages stream by what Groq reported, and says so in its usage', async () => {
    const marker = 'groq-messages-usage';
    const { message, charged, settled } = await streamMessages(e2e, { model: 'groq/qwen3:8b', max_tokens: 500, messages: [{ role: 'user', content: `${marker}: count [[long:12]]` }] });
    const reported = await groqReport(marker);
    expect(message.usage).toMatchObject({ input_tokens: reported.prompt_tokens, output_tokens: reported.completion_tokens });
    expect(charged).toBe(settled);
    expect(charged).toBe(computeCredits(PRICING, { inputTokens: reported.prompt_tokens, outputTokens: reported.completion_tokens }));
  });
});
