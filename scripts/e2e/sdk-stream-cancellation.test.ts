import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { generationOf } from './sdk-call-log';

/**
 * A client that cancels with an AbortController mid-stream, through each SDK's streaming
 * surface: the request settles once for what was delivered (more than nothing, less than the
 * whole answer), no hold stays open, and the wallet moved by exactly that. Cancelled before
 * the first byte, the hold is released.
 */
const e2e = useGatewayWithClients();
const MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat'];
/** 200 one-word deltas, 20 ms apart: four seconds of stream, cancelled after the fifth word. */
const LONG_PROMPT = 'Count to two hundred [[long:200]] [[chunk-delay:20]]';
const WORDS = 200;
const CANCEL_AFTER = 5;

/** The bill of a stream cancelled partway, once the gateway has noticed (it settles when the socket closes). */
async function expectBilledForWhatWasDelivered(requestId: string, before: number): Promise<void> {
  await expect.poll(async () => (await e2e.gateway.kernel.use('store').getReservation(requestId))?.status, { timeout: 5_000 }).toBe('settled');
  const charged = await expectOneSettlement(e2e.gateway, requestId);
  const generation = await generationOf(e2e.gateway, requestId);
  expect(charged).toBeGreaterThan(0);
  expect(generation.total_credits).toBe(charged);
  expect(generation.usage.output_tokens).toBeGreaterThanOrEqual(CANCEL_AFTER);
  expect(generation.usage.output_tokens).toBeLessThan(WORDS);
  expect(before - (await e2e.gateway.balance())).toBe(charged);
}

describe.each(MODELS)('%s', (model) => {
  it('Anthropic SDK: messages.stream() aborted after a few words', async () => {
    const before = await e2e.gateway.balance();
    const stream = e2e.anthropic.messages.stream({ model, max_tokens: 2000, messages: [{ role: 'user', content: LONG_PROMPT }] });
    let words = 0;
    stream.on('text', () => { if (++words === CANCEL_AFTER) stream.abort(); });
    const { request_id: requestId } = await stream.withResponse();
    expect((await stream.done().catch((error: unknown) => error))?.constructor.name).toBe('APIUserAbortError');
    await expectBilledForWhatWasDelivered(requestId!, before);
  });

  it('OpenAI SDK: a chat completion stream aborted after a few words', async () => {
    const before = await e2e.gateway.balance();
    const controller = new AbortController();
    const { data: chunks, request_id: requestId } = await e2e.openai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: LONG_PROMPT }] }, { signal: controller.signal }).withResponse();
    let words = 0;
    for await (const chunk of chunks) if (chunk.choices[0]?.delta.content && ++words === CANCEL_AFTER) controller.abort();
    await expectBilledForWhatWasDelivered(requestId!, before);
  });

  it('OpenAI SDK: a Responses stream aborted after a few words', async () => {
    const before = await e2e.gateway.balance();
    const controller = new AbortController();
    const { data: events, request_id: requestId } = await e2e.openai.responses.create({ model, stream: true, input: LONG_PROMPT }, { signal: controller.signal }).withResponse();
    let words = 0;
    for await (const event of events) if (event.type === 'response.output_text.delta' && ++words === CANCEL_AFTER) controller.abort();
    await expectBilledForWhatWasDelivered(requestId!, before);
  });

  it('aborted before the first byte: nothing billed, the hold released', async () => {
    const store = e2e.gateway.kernel.use('store');
    const holdIds = async () => (await store.listLedger(e2e.gateway.orgId)).filter((entry) => entry.kind === 'hold').map((entry) => entry.requestId!);
    const earlier = new Set(await holdIds());
    const before = await e2e.gateway.balance();
    const controller = new AbortController();
    // Aborted once the hold is taken (the upstream answers a second later): a fixed 150 ms came
    // before the hold on a loaded machine, and then there was no hold to find.
    let answered = false;
    const abortOnceHeld = async () => {
      while (!answered && !(await holdIds()).some((id) => !earlier.has(id))) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
    };
    void abortOnceHeld();
    const error = await e2e.anthropic.messages.create({ model, max_tokens: 100, stream: true, messages: [{ role: 'user', content: `Hello [[delay:1000]] ${model}` }] }, { signal: controller.signal }).then(() => undefined, (caught: unknown) => caught);
    answered = true;
    expect(error?.constructor.name).toBe('APIUserAbortError');
    // The client never saw a head, so the request is found as the one hold this test added.
    const [requestId] = (await holdIds()).filter((id) => !earlier.has(id));
    await expect.poll(async () => (await store.getReservation(requestId!))?.status, { timeout: 3_000 }).toBe('released');
    await expectReleased(e2e.gateway, requestId!);
    expect(await e2e.gateway.balance()).toBe(before);
  });
});
