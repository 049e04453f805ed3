import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement, expectReleased, upstreamBodies } from './gateway-calls';
import { type LoggedCall, loggedClients } from './sdk-call-log';

/**
 * The Anthropic SDK's beta tool runner (`client.beta.messages.toolRunner`), which runs over a
 * message thread by default: Anthropic's servers hold the conversation and each later turn sends
 * only its new messages. Claude gets the thread as sent (passthrough); a translated model cannot
 * hold one, so its first turn is refused with the error the SDK recovers from, and the runner
 * goes on with the whole history. Every call that answered is settled once and the wallet moved
 * by exactly what they were charged; the refusal's hold was released.
 */
const e2e = useGatewayWithClients();
const THREADS_BETA = 'message-threads-2026-08-12';
const TRANSLATED = ['openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];

function weatherTool(ran: unknown[]) {
  return betaTool({
    name: 'get_weather', description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    run: async (input) => {
      ran.push(input);
      return `Sunny in ${(input as { city: string }).city}, 21 degrees`;
    },
  });
}

/** Runs the loop to its end and returns each reply, whether the runner streams or not. */
async function runToEnd(anthropic: Anthropic, model: string, stream: boolean, ran: unknown[]): Promise<Anthropic.Beta.BetaMessage[]> {
  const params = { model, max_tokens: 512, tools: [weatherTool(ran)], messages: [{ role: 'user' as const, content: `[[tool:get_weather]] What is the weather in Paris? runner ${stream}` }] };
  const replies: Anthropic.Beta.BetaMessage[] = [];
  if (stream) for await (const turn of anthropic.beta.messages.toolRunner({ ...params, stream: true })) replies.push(await turn.finalMessage());
  else for await (const reply of anthropic.beta.messages.toolRunner(params)) replies.push(reply);
  return replies;
}

/** The wallet moved by exactly the sum of the answered calls' settlements. */
async function expectWalletMovedBySettlements(before: number, answered: readonly LoggedCall[]): Promise<void> {
  let charged = 0;
  for (const call of answered) charged += await expectOneSettlement(e2e.gateway, call.requestId);
  expect(charged).toBeGreaterThan(0);
  expect(before - (await e2e.gateway.balance())).toBe(charged);
}

function expectToolLoop(replies: readonly Anthropic.Beta.BetaMessage[], ran: readonly unknown[]): void {
  expect(replies.map((reply) => reply.stop_reason)).toEqual(['tool_use', 'end_turn']);
  expect(ran).toEqual([{ city: expect.any(String) }]);
  const answer = replies[1]!.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  expect(answer).toContain(`Sunny in ${(ran[0] as { city: string }).city}, 21 degrees`);
}

describe.each([false, true])('tool runner, stream=%s', (stream) => {
  it.each(TRANSLATED)('%s: the thread is refused as Anthropic refuses one it cannot hold, and the runner finishes unthreaded', async (model) => {
    const { anthropic, calls } = loggedClients(e2e.gateway);
    const ran: unknown[] = [];
    const before = await e2e.gateway.balance();
    expectToolLoop(await runToEnd(anthropic, model, stream, ran), ran);

    const [refusal, ...answered] = calls;
    expect(refusal).toMatchObject({ status: 400, errorBody: { type: 'error', error: { type: 'invalid_request_error', details: { error_code: 'thread_unsupported_request', unsupported: ['model'] } } } });
    expect((refusal!.errorBody as { error: { message: string } }).error.message).toContain('thread: message threads are held by Anthropic');
    await expectReleased(e2e.gateway, refusal!.requestId);
    expect(answered.map((call) => call.status)).toEqual([200, 200]);
    await expectWalletMovedBySettlements(before, answered);
  });

  it('anthropic/claude-sonnet-4-6: the thread goes to Anthropic as sent, continued from the id Anthropic gave', async () => {
    const { anthropic, calls } = loggedClients(e2e.gateway);
    const ran: unknown[] = [];
    const before = await e2e.gateway.balance();
    const replies = await runToEnd(anthropic, 'anthropic/claude-sonnet-4-6', stream, ran);
    expectToolLoop(replies, ran);
    expect(calls.map((call) => call.status)).toEqual([200, 200]);
    await expectWalletMovedBySettlements(before, calls);

    const [continued] = await upstreamBodies(e2e.gateway, replies[0]!.id);
    expect(continued!.body.thread).toEqual({ type: 'continue', previous_message_id: replies[0]!.id });
    // Only the new turn: the tool result, which Anthropic adds to the conversation it holds.
    expect(continued!.body.messages).toEqual([{ role: 'user', content: [expect.objectContaining({ type: 'tool_result', tool_use_id: replies[0]!.content[0]!.type === 'tool_use' ? replies[0]!.content[0]!.id : '' })] }]);
    const { requests } = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests?provider=anthropic`)).json()) as { requests: { rawBody: string; headers: Record<string, string> }[] };
    expect(requests.find((request) => request.rawBody.includes(replies[0]!.id))!.headers['anthropic-beta']).toContain(THREADS_BETA);
  });
});

describe('a thread the caller holds', () => {
  it('on a translated model fails with the SDK\'s ThreadUnsupportedRequestError, billing nothing', async () => {
    const thread = e2e.anthropic.beta.messages.thread({ model: 'gemini/gemini-2.5-flash', max_tokens: 100 });
    const error = await rejectionOf(thread.send({ role: 'user', content: 'Hello there' }));
    expect(error).toBeInstanceOf(Anthropic.Messages.ThreadUnsupportedRequestError);
    const typed = error as InstanceType<typeof Anthropic.Messages.ThreadUnsupportedRequestError>;
    expect(typed).toMatchObject({ status: 400, errorCode: 'thread_unsupported_request', details: { unsupported: ['model'] }, requestID: expect.stringMatching(/^req_/) });
    await expectReleased(e2e.gateway, typed.requestID!);
  });

  it('set to carry on unthreaded, talks to a translated model turn after turn with the whole history', async () => {
    const thread = e2e.anthropic.beta.messages.thread({ model: 'openai/gpt-4.1', max_tokens: 100, unsupportedRequestBehavior: 'continue_unthreaded' });
    expect((await thread.send({ role: 'user', content: 'First turn' })).stop_reason).toBe('end_turn');
    const second = await thread.send({ role: 'user', content: 'Second turn marker-unthreaded-history' });
    expect(second.stop_reason).toBe('end_turn');
    const [upstream] = await upstreamBodies(e2e.gateway, 'marker-unthreaded-history');
    expect((upstream!.body.messages as unknown[]).length).toBe(3);
  });
});
