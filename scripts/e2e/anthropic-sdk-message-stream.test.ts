import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement } from './gateway-calls';

/**
 * The Anthropic SDK's `messages.stream()` helper through the gateway, for every provider: its
 * events in Anthropic's order, `text` deltas adding up to `finalText()`, `inputJson` partials
 * ending in the tool's whole input, `thinking` for reasoning, `finalMessage()`'s stop reason and
 * usage, the gateway's headers on `withResponse()`, and the wallet moving by the credits the
 * last `message_delta` reports (which `finalMessage()` does not keep: it is read off the event).
 */
const e2e = useGatewayWithClients();
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];
const TOOLS = [{ name: 'get_weather', description: 'Current weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];

/** Starts a stream and records what the helper emits, with the settled credits of its last message_delta. */
function recordedStream(params: Anthropic.MessageStreamParams) {
  const stream = e2e.anthropic.messages.stream(params);
  const seen = { events: [] as string[], text: '', thinking: '', inputJson: [] as { partial: string; snapshot: unknown }[], credits: -1 };
  stream.on('streamEvent', (event) => {
    seen.events.push(event.type);
    if (event.type === 'message_delta') seen.credits = (event.usage as unknown as { bytespike_credits: number }).bytespike_credits;
  });
  stream.on('text', (delta) => { seen.text += delta; });
  stream.on('thinking', (delta) => { seen.thinking += delta; });
  stream.on('inputJson', (partial, snapshot) => seen.inputJson.push({ partial, snapshot }));
  return { stream, seen };
}

describe.each(MODELS)('%s', (model) => {
  it('text: events in order, finalText() is the deltas, usage and headers, the wallet moved by the settled credits', async () => {
    const before = await e2e.gateway.balance();
    const { stream, seen } = recordedStream({ model, max_tokens: 300, messages: [{ role: 'user', content: 'Count slowly [[long:6]]' }] });
    const { response, request_id: requestId } = await stream.withResponse();
    const message = await stream.finalMessage();
    expect(await stream.finalText()).toBe(seen.text);
    expect(seen.text.split(' ').length).toBeGreaterThanOrEqual(6);
    expect(seen.events[0]).toBe('message_start');
    expect(seen.events.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(message).toMatchObject({ role: 'assistant', stop_reason: 'end_turn', usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) } });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    expect(requestId).toMatch(/^req_/);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    // The model that answered, by its catalog id (`kimi/kimi-k2` is an alias of `kimi/kimi-k2-0905-preview`).
    expect(response.headers.get('bytespike-model')?.startsWith(model)).toBe(true);
    expect(Number(response.headers.get('bytespike-overhead-ms'))).toBeGreaterThan(0);
    // The header is the hold, sent before the end; the settlement is at most that.
    expect(seen.credits).toBeGreaterThan(0);
    expect(seen.credits).toBeLessThanOrEqual(Number(response.headers.get('estimated_credits')));
    expect(await expectOneSettlement(e2e.gateway, requestId!)).toBe(seen.credits);
    expect(before - (await e2e.gateway.balance())).toBe(seen.credits);
  });

  it('a tool call: inputJson partials end in the whole input that finalMessage() holds', async () => {
    const { stream, seen } = recordedStream({ model, max_tokens: 300, tools: TOOLS, messages: [{ role: 'user', content: '[[tool:get_weather]] Weather in Paris?' }] });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const toolUse = message.content.find((block) => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
    expect(seen.inputJson.map((event) => event.partial).join('')).toBe(JSON.stringify(toolUse.input));
    expect(seen.inputJson.at(-1)!.snapshot).toEqual(toolUse.input);
  });

  it('reasoning: thinking deltas become the final message\'s thinking block', async () => {
    const { stream, seen } = recordedStream({ model, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: '[[reasoning]] Why is the sky blue?' }] });
    const message = await stream.finalMessage();
    const thinking = message.content.filter((block) => block.type === 'thinking');
    expect(seen.thinking.length).toBeGreaterThan(0);
    expect(thinking.map((block) => block.thinking).join('')).toBe(seen.thinking);
    expect(await stream.finalText()).toBe(seen.text);
  });
});
