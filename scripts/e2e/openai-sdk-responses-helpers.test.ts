import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { loggedClients } from './sdk-call-log';

/**
 * The openai SDK's Responses helpers through the gateway, for every provider: `responses.stream()`
 * (its typed events, `finalResponse()`), `responses.parse()` with a zod text format, function
 * calls' argument events, and a stream that fails midway, which the SDK must raise as an
 * `APIError` with the gateway's code. The wallet moves by the credits the final usage reports.
 */
const e2e = useGatewayWithClients();
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];
const Person = z.object({ name: z.string(), age: z.number() });
const WEATHER = { type: 'function' as const, name: 'get_weather', description: 'Current weather for a city', strict: true, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };

function settledCredits(response: OpenAI.Responses.Response): number {
  return (response.usage as unknown as { bytespike_credits: number }).bytespike_credits;
}

async function expectCharged(requestId: string, before: number, credits: number): Promise<void> {
  expect(credits).toBeGreaterThan(0);
  expect(await expectOneSettlement(e2e.gateway, requestId)).toBe(credits);
  expect(before - (await e2e.gateway.balance())).toBe(credits);
}

describe.each(MODELS)('%s', (model) => {
  it('responses.stream(): text deltas add up to the final response, whose usage carries the settled credits', async () => {
    const { openai, calls } = loggedClients(e2e.gateway);
    const before = await e2e.gateway.balance();
    const stream = openai.responses.stream({ model, input: 'Count for me [[long:6]]' });
    let deltas = '';
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    stream.on('response.output_text.delta', (event) => { deltas += event.delta; });
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(deltas);
    expect(deltas.split(' ').length).toBeGreaterThanOrEqual(6);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
    await expectCharged(calls[0]!.requestId, before, settledCredits(final));
  });

  it('responses.stream() with a function tool: the arguments event and the parsed call', async () => {
    const stream = e2e.openai.responses.stream({ model, input: '[[tool:get_weather]] Weather in Paris?', tools: [WEATHER] });
    const argumentsDone: string[] = [];
    stream.on('response.function_call_arguments.done', (event) => argumentsDone.push(event.arguments));
    const final = await stream.finalResponse();
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather', call_id: expect.any(String), parsed_arguments: { city: expect.any(String) } });
    expect(argumentsDone).toEqual([calls[0]!.arguments]);
  });

  // The simulated DeepSeek answers json_object requests with generic JSON: the gateway only asks it for the schema's shape in the prompt.
  it.skipIf(model.startsWith('deepseek/'))('responses.parse() with a zod text format', async () => {
    const { data: response, response: raw } = await e2e.openai.responses.parse({ model, input: 'Extract the person: Alice is 30.', text: { format: zodTextFormat(Person, 'person') } }).withResponse();
    expect(Person.parse(response.output_parsed)).toEqual(response.output_parsed);
    expect(Number(raw.headers.get('estimated_credits'))).toBe(await expectOneSettlement(e2e.gateway, raw.headers.get('x-request-id')!));
  });

  it('a stream that fails midway rejects with an APIError carrying the gateway\'s code, and bills nothing', async () => {
    const { openai, calls } = loggedClients(e2e.gateway);
    const before = await e2e.gateway.balance();
    const { data: events } = await openai.responses.create({ model, stream: true, input: 'Count [[long:10]] [[fault:error-after=4]]' }).withResponse();
    const error = await rejectionOf((async () => { for await (const _event of events); })());
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ type: 'server_error', message: expect.any(String) });
    // OpenAI's own error event passes through as it came; a translated stream's carries the gateway's code.
    if (!model.startsWith('openai/')) expect((error as InstanceType<typeof OpenAI.APIError>).code).toMatch(/^BSK_UPSTREAM_/);
    // The helper raises the same error.
    expect(await rejectionOf(openai.responses.stream({ model, input: 'Count again [[long:10]] [[fault:error-after=4]]' }).finalResponse())).toBeInstanceOf(OpenAI.APIError);
    // The SDK throws at the error event, before the stream ends: each hold is released as it ends (a round trip later on PostgreSQL).
    for (const { requestId } of calls) {
      await expect.poll(async () => (await e2e.gateway.kernel.use('store').getReservation(requestId))?.status, { timeout: 5_000 }).toBe('released');
      await expectReleased(e2e.gateway, requestId);
    }
    expect(await e2e.gateway.balance()).toBe(before);
  });
});

describe('a passthrough stream the upstream cuts off', () => {
  it('rejects with an APIError coded BSK_UPSTREAM_CONNECTION', async () => {
    const error = await rejectionOf(e2e.openai.responses.stream({ model: 'openai/gpt-5.4', input: 'Count [[long:10]] [[fault:disconnect-after=4]]' }).finalResponse());
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'BSK_UPSTREAM_CONNECTION', type: 'server_error' });
  });
});
