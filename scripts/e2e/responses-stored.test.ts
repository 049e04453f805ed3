import OpenAI from 'openai';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { gatewayClients, rejectionOf, useGatewayWithClients } from './gateway-clients';
import { responsesCaller } from './responses-calls';

/**
 * Stored responses, as the OpenAI Agents SDK and `client.responses.create({ previous_response_id })`
 * chain turns: the gateway keeps each response (store is OpenAI's default), and a request that
 * continues one reaches whichever provider it names with the whole conversation before it, bills
 * what that call cost, and can be retrieved, listed and deleted, by its own org only.
 */
const e2e = useGatewayWithClients();
const callPriced = responsesCaller(e2e);
/** Passed-through answers name OpenAI's own model id: priced as the catalog model asked for. */
const call = (stream: boolean, params: OpenAI.Responses.ResponseCreateParamsNonStreaming) => callPriced(stream, params, params.model?.startsWith('openai/') ? params.model : undefined);

/** `texts` appear in `body` in this order (each as JSON writes it). */
function expectInOrder(body: Record<string, unknown>, texts: readonly string[]): void {
  const json = JSON.stringify(body);
  const positions = texts.map((text) => json.indexOf(JSON.stringify(text).slice(1, -1)));
  expect(positions.every((position) => position >= 0), `${texts.join(' | ')} in ${json}`).toBe(true);
  expect([...positions].sort((left, right) => left - right)).toEqual(positions);
}

describe('a conversation chained with previous_response_id', () => {
  it('reaches each provider it moves to whole, every turn kept and billed for its own call', async () => {
    const marker = 'chain-across-providers';
    const instructions = 'Answer as a pirate (first-turn instructions).';
    const questions = [`${marker} turn one: name a colour`, 'turn two: name a fruit', 'turn three: name a city', 'turn four: name a river'];
    const one = await call(false, { model: 'openai/gpt-5.4', instructions, input: questions[0]!, reasoning: { effort: 'low' }, max_output_tokens: 2000 });
    const two = await call(true, { model: 'anthropic/claude-sonnet-4-6', input: questions[1]!, previous_response_id: one.response.id, max_output_tokens: 500 });
    const three = await call(false, { model: 'gemini/gemini-2.5-flash', input: [{ role: 'user', content: questions[2]! }], previous_response_id: two.response.id, max_output_tokens: 500 });
    const four = await call(true, { model: 'openai/gpt-5.4', input: questions[3]!, previous_response_id: three.response.id, reasoning: { effort: 'low' }, max_output_tokens: 2000 });
    const answers = [one, two, three].map((turn) => turn.response.output_text);
    expect(new Set(answers).size).toBe(3);

    const [toOpenAI, toClaude, toGemini, backToOpenAI] = await upstreamBodies(e2e.gateway, marker);
    expect(toOpenAI!.body).toMatchObject({ instructions, store: false });
    expectInOrder(toClaude!.body, [questions[0]!, answers[0]!, questions[1]!]);
    expectInOrder(toGemini!.body, [questions[0]!, answers[0]!, questions[1]!, answers[1]!, questions[2]!]);
    // OpenAI gets the conversation itself: it never saw the gateway's ids, and keeps nothing.
    expectInOrder(backToOpenAI!.body, [questions[0]!, answers[0]!, questions[1]!, answers[1]!, questions[2]!, answers[2]!, questions[3]!]);
    expect(backToOpenAI!.body).toMatchObject({ store: false });
    expect(backToOpenAI!.body).not.toHaveProperty('previous_response_id');
    // Instructions belong to their request only.
    for (const later of [toClaude, toGemini, backToOpenAI]) expect(JSON.stringify(later!.body)).not.toContain(instructions);

    expect(two.response).toMatchObject({ store: true, previous_response_id: one.response.id });
    expect(three.response).toMatchObject({ store: true, previous_response_id: two.response.id });
    // The usage billed is the call's: the whole conversation read as input.
    expect(three.response.usage!.input_tokens).toBeGreaterThan(two.response.usage!.input_tokens);
    // Passed-through and translated, streamed or not: each is kept as the client received it.
    for (const turn of [one, two, three, four]) {
      const kept = await e2e.openai.responses.retrieve(turn.response.id);
      expect(kept).toMatchObject({ id: turn.response.id, object: 'response', status: 'completed', output_text: turn.response.output_text, store: true });
      expect(kept.output.map((item) => item.id)).toEqual(turn.response.output.map((item) => item.id));
    }
    expect(await e2e.openai.responses.retrieve(four.response.id)).toMatchObject({ previous_response_id: three.response.id });
  });

  it('lists a response\'s own input items, and deletes a response, after which nothing continues past it', async () => {
    const first = await call(false, { model: 'anthropic/claude-sonnet-4-6', input: 'stored-list first question', max_output_tokens: 300 });
    const second = await call(false, { model: 'anthropic/claude-sonnet-4-6', input: [{ role: 'user', content: 'stored-list second question' }, { role: 'user', content: 'and a third' }], previous_response_id: first.response.id, max_output_tokens: 300 });
    const third = await call(false, { model: 'anthropic/claude-sonnet-4-6', input: 'stored-list last question', previous_response_id: second.response.id, max_output_tokens: 300 });

    const items = await e2e.openai.responses.inputItems.list(second.response.id, { order: 'asc' });
    expect(items.data).toMatchObject([{ role: 'user', content: 'stored-list second question', id: expect.any(String) }, { role: 'user', content: 'and a third' }]);
    const newestFirst = await e2e.openai.responses.inputItems.list(second.response.id, { limit: 1 });
    expect(newestFirst.data).toMatchObject([{ content: 'and a third' }]);
    expect(newestFirst.has_more).toBe(true);

    const deleted = await fetch(`${e2e.gateway.url}/v1/responses/${second.response.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
    expect(await deleted.json()).toEqual({ id: second.response.id, object: 'response', deleted: true });
    const gone = await rejectionOf(e2e.openai.responses.retrieve(second.response.id));
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 'BSK_RESPONSES_NOT_FOUND', error: { message: `Response with id '${second.response.id}' not found.` } });
    expect(await rejectionOf(e2e.openai.responses.delete(second.response.id))).toBeInstanceOf(OpenAI.NotFoundError);

    const before = await e2e.gateway.balance();
    const broken = await rejectionOf(e2e.openai.responses.create({ model: 'anthropic/claude-sonnet-4-6', input: 'go on', previous_response_id: third.response.id }));
    expect(broken).toMatchObject({ status: 400, code: 'BSK_RESPONSES_CONVERSATION_BROKEN', param: 'previous_response_id', message: expect.stringContaining(second.response.id) });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('refuses an unknown id, and another org\'s, as OpenAI refuses an unknown one, billing nothing', async () => {
    const mine = await call(false, { model: 'gemini/gemini-2.5-flash', input: 'stored-org a private question', max_output_tokens: 300 });
    const accounts = e2e.gateway.kernel.use('accounts');
    const org = await accounts.createOrg({ name: 'Other Org' });
    await e2e.gateway.kernel.use('billing').topUp(org.id, 10_000_000, 'e2e funding');
    const member = await accounts.addMember(org.id, { email: 'owner@other.test', role: 'owner' });
    const { openai: theirs } = gatewayClients({ url: e2e.gateway.url, apiKey: (await accounts.createKey(member.id, { name: 'other' })).key });

    const notFound = (id: string) => ({ status: 400, code: 'BSK_RESPONSES_PREVIOUS_NOT_FOUND', param: 'previous_response_id', type: 'invalid_request_error', error: { message: `Previous response with id '${id}' not found.` } });
    const before = await e2e.gateway.balance();
    const unknown = await rejectionOf(e2e.openai.responses.create({ model: 'openai/gpt-5.4', input: 'Hi', previous_response_id: 'resp_unknown' }));
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unknown).toMatchObject(notFound('resp_unknown'));
    expect(await e2e.gateway.balance()).toBe(before);

    expect(await rejectionOf(theirs.responses.create({ model: 'gemini/gemini-2.5-flash', input: 'what did they ask?', previous_response_id: mine.response.id }))).toMatchObject(notFound(mine.response.id));
    expect(await rejectionOf(theirs.responses.retrieve(mine.response.id))).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await rejectionOf(theirs.responses.delete(mine.response.id))).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await e2e.gateway.kernel.use('billing').wallet(org.id)).balance).toBe(10_000_000);
    expect(await e2e.openai.responses.retrieve(mine.response.id)).toMatchObject({ id: mine.response.id });
  });

  it.each([false, true])('keeps nothing of a request with store: false (streamed: %s)', async (stream) => {
    const turn = await call(stream, { model: stream ? 'openai/gpt-5.4' : 'anthropic/claude-sonnet-4-6', input: `stored-off ${stream}`, store: false, max_output_tokens: 2000 });
    expect(turn.response).toMatchObject({ store: false });
    expect(await rejectionOf(e2e.openai.responses.retrieve(turn.response.id))).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await rejectionOf(e2e.openai.responses.create({ model: 'anthropic/claude-sonnet-4-6', input: 'go on', previous_response_id: turn.response.id }))).toMatchObject({ code: 'BSK_RESPONSES_PREVIOUS_NOT_FOUND' });
  });

  it('keeps no response that failed', async () => {
    const events: string[] = [];
    let failed: Response | undefined;
    const stream = await e2e.openai.responses.create({ model: 'anthropic/claude-sonnet-4-6', input: '[[long:40]] [[fault:disconnect-after=5]] stored-failed story', stream: true });
    // The SDK throws at the error event (as on OpenAI's own), before response.failed: the id is the created response's.
    const failure = await rejectionOf((async () => {
      for await (const event of stream) {
        events.push(event.type);
        if (event.type === 'response.created') failed = event.response;
      }
    })());
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(events.at(-1)).toBe('response.output_text.delta');
    expect(await rejectionOf(e2e.openai.responses.retrieve(failed!.id))).toMatchObject({ status: 404, code: 'BSK_RESPONSES_NOT_FOUND' });
    expect(await rejectionOf(e2e.openai.responses.create({ model: 'anthropic/claude-sonnet-4-6', input: 'go on', previous_response_id: failed!.id }))).toMatchObject({ code: 'BSK_RESPONSES_PREVIOUS_NOT_FOUND' });
  });
});
