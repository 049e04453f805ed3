import type OpenAI from 'openai';
import type { RunnableToolFunctionWithParse } from 'openai/lib/RunnableFunction';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement } from './gateway-calls';
import { loggedClients } from './sdk-call-log';

/**
 * The openai SDK's Chat Completions helpers through the gateway, for every provider:
 * `chat.completions.stream()` (`content.delta` / `content.done`, the
 * `tool_calls.function.arguments.done` event, `finalChatCompletion()`), `chat.completions.parse()`
 * with a zod response format, and `runTools()`, which loops tool calls and results. The wallet
 * moves by the credits the usage chunk reports.
 */
const e2e = useGatewayWithClients();
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];
const WEATHER = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', strict: true, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } };
const Person = z.object({ name: z.string(), age: z.number() });

function settledCredits(completion: OpenAI.ChatCompletion): number {
  return (completion.usage as unknown as { bytespike_credits: number }).bytespike_credits;
}

describe.each(MODELS)('%s', (model) => {
  it('stream(): content deltas add up to finalChatCompletion(), and the wallet moved by the usage chunk\'s credits', async () => {
    const { openai, calls } = loggedClients(e2e.gateway);
    const before = await e2e.gateway.balance();
    const stream = openai.chat.completions.stream({ model, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count slowly [[long:5]]' }] });
    let deltas = '';
    const done: string[] = [];
    stream.on('content.delta', ({ delta }) => { deltas += delta; });
    stream.on('content.done', ({ content }) => done.push(content));
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: deltas } });
    expect(done).toEqual([deltas]);
    expect(completion.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    const credits = settledCredits(completion);
    expect(credits).toBeGreaterThan(0);
    expect(await expectOneSettlement(e2e.gateway, calls[0]!.requestId)).toBe(credits);
    expect(before - (await e2e.gateway.balance())).toBe(credits);
  });

  it('stream() with a tool: the arguments.done event carries the parsed arguments of the final tool call', async () => {
    const stream = e2e.openai.chat.completions.stream({ model, tools: [WEATHER], messages: [{ role: 'user', content: '[[tool:get_weather]] Weather in Paris?' }] });
    const argumentsDone: { name: string; arguments: string; parsed: unknown }[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => argumentsDone.push({ name: event.name, arguments: event.arguments, parsed: event.parsed_arguments }));
    const completion = await stream.finalChatCompletion();
    const [call] = completion.choices[0]!.message.tool_calls ?? [];
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather', parsed_arguments: { city: expect.any(String) } } });
    expect(argumentsDone).toEqual([{ name: 'get_weather', arguments: call!.type === 'function' ? call!.function.arguments : '', parsed: { city: expect.any(String) } }]);
  });

  // The simulated DeepSeek answers json_object requests with generic JSON: the gateway only asks it for the schema's shape in the prompt.
  it.skipIf(model.startsWith('deepseek/'))('parse() with zodResponseFormat: the parsed message matches the schema', async () => {
    const { data: completion, response } = await e2e.openai.chat.completions.parse({ model, messages: [{ role: 'user', content: 'Extract the person: Alice is 30.' }], response_format: zodResponseFormat(Person, 'person') }).withResponse();
    const message = completion.choices[0]!.message;
    expect(Person.parse(message.parsed)).toEqual(message.parsed);
    expect(JSON.parse(message.content!)).toEqual(message.parsed);
    expect(Number(response.headers.get('estimated_credits'))).toBe(await expectOneSettlement(e2e.gateway, response.headers.get('x-request-id')!));
  });

  it('runTools(): the tool runs with the model\'s arguments and its result reaches the final answer', async () => {
    const ran: unknown[] = [];
    const weather: RunnableToolFunctionWithParse<{ city: string }> = {
      type: 'function',
      function: { name: 'get_weather', description: WEATHER.function.description, parameters: WEATHER.function.parameters, parse: (input) => JSON.parse(input) as { city: string }, function: async (args) => { ran.push(args); return `Sunny in ${args.city}, 21 degrees`; } },
    };
    const runner = e2e.openai.chat.completions.runTools({ model, messages: [{ role: 'user', content: '[[tool:get_weather]] Weather in Paris?' }], tools: [weather] });
    const answer = await runner.finalContent();
    expect(ran).toEqual([{ city: expect.any(String) }]);
    expect(answer).toContain(`Sunny in ${(ran[0] as { city: string }).city}, 21 degrees`);
    expect(runner.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect((await runner.totalUsage()).total_tokens).toBeGreaterThan(0);
  });
});
