import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BskError } from '../../../kernel/errors';
import { createLogger } from '../../../kernel/logger';
import { type OpenedStore, openTempSqliteStore } from '../../stores/__fixtures__/open-stores';
import type { StatefulRequest } from '../shared/chat-wire';
import { createStoredResponses, type StoredResponses } from './stored-responses';

const DAY_MS = 86_400_000;
const key = { orgId: 'org_a', keyId: 'key_a', memberId: 'member_a' };
const otherOrg = { orgId: 'org_b', keyId: 'key_b', memberId: 'member_b' };

const answer = (id: string, text: string, status = 'completed') => ({
  id, object: 'response', status, model: 'claude-sonnet-4-6', store: true, previous_response_id: null,
  output: [{ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }],
});
const userMessage = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

/** What a request's restore throws, as a client would read it. */
async function refusalOf(work: Promise<unknown>): Promise<{ code: string; status: number; param: unknown; message: string }> {
  const error = await work.then(() => expect.unreachable('restored'), (thrown: unknown) => thrown);
  if (!(error instanceof BskError)) throw error;
  return { code: error.code, status: error.status, param: error.details.param, message: error.message };
}

describe('stored responses and previous_response_id', () => {
  let opened: OpenedStore;
  let clock = Date.parse('2025-01-01T00:00:00.000Z');
  let responses: StoredResponses;
  beforeAll(async () => {
    opened = await openTempSqliteStore();
    responses = createStoredResponses({ store: opened.store, ttlSeconds: 30 * 86_400, logger: createLogger({ level: 'silent' }), now: () => clock });
  });
  afterAll(() => opened.close());

  /** One turn: the request restored, then its answer kept (not awaited, as the handler does). */
  async function turn(body: Record<string, unknown>, reply: ReturnType<typeof answer>, caller = key): Promise<StatefulRequest> {
    const restored = await responses.restore(body, caller);
    restored.keeper?.keep(reply);
    return restored;
  }

  it('leaves a request without previous_response_id as it came, and keeps its answer unless store is false', async () => {
    const body = { model: 'm', input: 'Hi' };
    const restored = await responses.restore(body, key);
    expect(restored.body).toBe(body);
    expect(restored.keeper).not.toBeNull();
    expect((await responses.restore({ ...body, store: false }, key)).keeper).toBeNull();
  });

  it('continues from the whole conversation, each turn\'s input then output, without the earlier instructions', async () => {
    await turn({ model: 'openai/gpt-5.4', instructions: 'Answer in French.', input: 'First question' }, answer('resp_t1', 'first answer'));
    // Chained at once: the first answer's write may still be running.
    const second = await turn({ model: 'anthropic/claude-sonnet-4-6', input: [{ role: 'user', content: 'Second question' }], previous_response_id: 'resp_t1' }, answer('resp_t2', 'second answer'));
    expect(second.body).toEqual({
      model: 'anthropic/claude-sonnet-4-6', previous_response_id: 'resp_t1',
      input: [userMessage('First question'), answer('resp_t1', 'first answer').output[0], { role: 'user', content: 'Second question' }],
    });
    const third = await responses.restore({ model: 'gemini/gemini-2.5-flash', input: 'Third question', previous_response_id: 'resp_t2' }, key);
    const input = (third.body as { input: { content: unknown }[] }).input;
    expect(input.map((item) => item.content)).toEqual([
      [{ type: 'input_text', text: 'First question' }], answer('resp_t1', 'first answer').output[0]!.content,
      'Second question', answer('resp_t2', 'second answer').output[0]!.content, [{ type: 'input_text', text: 'Third question' }],
    ]);
    expect(JSON.stringify(third.body)).not.toContain('Answer in French.');
  });

  it('keeps a response as the client got it, saying it is stored and what it continued', async () => {
    await turn({ model: 'm', input: 'a' }, answer('resp_k1', 'one'));
    await turn({ model: 'm', input: 'b', previous_response_id: 'resp_k1' }, { ...answer('resp_k2', 'two'), previous_response_id: null, store: false });
    const kept = await responses.get('org_a', 'resp_k2');
    expect(kept).toMatchObject({ orgId: 'org_a', keyId: 'key_a', previousResponseId: 'resp_k1', inputItems: [userMessage('b')] });
    expect(kept.response).toEqual({ ...answer('resp_k2', 'two'), previous_response_id: 'resp_k1', store: true });
  });

  it('refuses an unknown id, another org\'s, and an expired one as OpenAI does: 400 naming previous_response_id', async () => {
    const notFound = (id: string) => ({ code: 'BSK_RESPONSES_PREVIOUS_NOT_FOUND', status: 400, param: 'previous_response_id', message: `Previous response with id '${id}' not found.` });
    expect(await refusalOf(responses.restore({ model: 'm', input: 'x', previous_response_id: 'resp_nope' }, key))).toEqual(notFound('resp_nope'));
    await turn({ model: 'm', input: 'mine' }, answer('resp_o1', 'secret'));
    await responses.get('org_a', 'resp_o1');
    expect(await refusalOf(responses.restore({ model: 'm', input: 'x', previous_response_id: 'resp_o1' }, otherOrg))).toEqual(notFound('resp_o1'));
    expect(await refusalOf(responses.get('org_b', 'resp_o1'))).toMatchObject({ code: 'BSK_RESPONSES_NOT_FOUND', status: 404 });
    clock += 31 * DAY_MS;
    expect(await refusalOf(responses.restore({ model: 'm', input: 'x', previous_response_id: 'resp_o1' }, key))).toEqual(notFound('resp_o1'));
    expect(await responses.deleteExpired()).toBeGreaterThan(0);
  });

  it('refuses to continue a conversation one of whose earlier responses was deleted, naming it', async () => {
    await turn({ model: 'm', input: 'one' }, answer('resp_b1', '1'));
    await turn({ model: 'm', input: 'two', previous_response_id: 'resp_b1' }, answer('resp_b2', '2'));
    await turn({ model: 'm', input: 'three', previous_response_id: 'resp_b2' }, answer('resp_b3', '3'));
    await responses.delete('org_a', 'resp_b1');
    expect(await refusalOf(responses.restore({ model: 'm', input: 'x', previous_response_id: 'resp_b3' }, key))).toMatchObject({
      code: 'BSK_RESPONSES_CONVERSATION_BROKEN', status: 400, param: 'previous_response_id', message: expect.stringContaining("'resp_b1'"),
    });
    expect(await refusalOf(responses.delete('org_a', 'resp_b1'))).toMatchObject({ code: 'BSK_RESPONSES_NOT_FOUND' });
  });

  it('keeps no failed answer', async () => {
    await turn({ model: 'm', input: 'x' }, answer('resp_f1', '', 'failed'));
    expect(await refusalOf(responses.get('org_a', 'resp_f1'))).toMatchObject({ code: 'BSK_RESPONSES_NOT_FOUND' });
  });

  it('names a malformed input or previous_response_id as the parse would', async () => {
    expect(await refusalOf(responses.restore({ model: 'm', input: 7, previous_response_id: 'resp_t1' }, key))).toMatchObject({ code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'input' });
    expect(await refusalOf(responses.restore({ model: 'm', input: 'x', previous_response_id: ['resp_t1'] }, key))).toMatchObject({ code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'previous_response_id' });
  });
});
