import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import { fundedWallet } from './funded-wallet';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Upstreams route retired and aliased model ids to other models and bill at those models' rates
 * (Google routes gemini-3.7-flash to gemini-3.8-flash): the gateway bills at the price of the model
 * the upstream says answered when that is another model of the same provider's catalog, and at the
 * called model's otherwise. The simulator answers as another model on `[[answer-as:MODEL]]`.
 * Through the official SDKs, translated (Gemini from either SDK) and passed through (Claude from the
 * Anthropic SDK, GPT from the OpenAI SDK's Chat Completions and Responses), streamed and not: every call moves the wallet by exactly
 * the credits it was told, and `GET /v1/generation` names the model billed.
 */
const e2e = useGatewayWithClients();

interface Generation {
  readonly model: string;
  readonly total_credits: number;
  readonly flags: Record<string, unknown>;
  readonly usage: { readonly input_tokens: number; readonly output_tokens: number; readonly cached_input_tokens: number; readonly cache_write_tokens: number; readonly reasoning_tokens: number };
}

/** What one call was told it cost (the header, or a stream's settled figure), after checking the wallet moved by exactly that, and how the gateway recorded it. */
interface Billed {
  readonly credits: number;
  /** `estimated_credits`: a stream's hold, a whole answer's charge. */
  readonly header: number;
  readonly generation: Generation;
}

async function generationOf(requestId: string): Promise<Generation> {
  const response = await fetch(`${e2e.gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Generation }).data;
}

async function billed(call: () => Promise<{ response: Response; settled?: number }>): Promise<Billed> {
  const before = await e2e.gateway.balance();
  const { response, settled } = await call();
  const header = Number(response.headers.get('estimated_credits'));
  const credits = settled ?? header;
  expect(before - (await e2e.gateway.balance())).toBe(credits);
  return { credits, header, generation: await generationOf(response.headers.get('request-id')!) };
}

const settledOf = (usage: unknown) => (usage as { bytespike_credits: number }).bytespike_credits;

function chat(params: OpenAI.ChatCompletionCreateParamsNonStreaming, stream: boolean): Promise<Billed> {
  return billed(async () => {
    if (!stream) return { response: (await e2e.openai.chat.completions.create(params).withResponse()).response };
    const { data, response } = await e2e.openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }).withResponse();
    let settled = Number.NaN;
    for await (const chunk of data) if (chunk.usage) settled = settledOf(chunk.usage);
    return { response, settled };
  });
}

function messages(params: Anthropic.MessageCreateParamsNonStreaming, stream: boolean): Promise<Billed> {
  return billed(async () => {
    if (!stream) return { response: (await e2e.anthropic.messages.create(params).withResponse()).response };
    const { data, response } = await e2e.anthropic.messages.create({ ...params, stream: true }).withResponse();
    let settled = Number.NaN;
    for await (const event of data) if (event.type === 'message_delta') settled = settledOf(event.usage);
    return { response, settled };
  });
}

function responses(params: OpenAI.Responses.ResponseCreateParamsNonStreaming, stream: boolean): Promise<Billed> {
  return billed(async () => {
    if (!stream) return { response: (await e2e.openai.responses.create(params).withResponse()).response };
    const { data, response } = await e2e.openai.responses.create({ ...params, stream: true }).withResponse();
    let settled = Number.NaN;
    for await (const event of data) if (event.type === 'response.completed') settled = settledOf(event.response.usage);
    return { response, settled };
  });
}

async function pricingOf(model: string): Promise<ModelPricing> {
  return ((await e2e.openai.models.retrieve(model)) as unknown as { bytespike: { pricing: ModelPricing } }).bytespike.pricing;
}

/** The recorded usage at `pricing`, at the prices of now (the calls were admitted moments ago, the same UTC day). */
async function costAt(model: string, generation: Generation): Promise<number> {
  const { usage } = generation;
  return computeCredits(await pricingOf(model), { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cachedInputTokens: usage.cached_input_tokens, cacheWriteTokens: usage.cache_write_tokens, reasoningTokens: usage.reasoning_tokens }, new Date());
}

/** Checks a call was billed at `model`'s prices and recorded as `model`, noted as routed from `calledModel` when the two differ. */
async function expectBilledAt(bill: Billed, model: string, calledModel: string): Promise<void> {
  expect(bill.generation.model).toBe(model);
  expect(bill.generation.total_credits).toBe(bill.credits);
  expect(bill.credits).toBe(await costAt(model, bill.generation));
  if (model === calledModel) expect(bill.generation.flags).not.toHaveProperty('routed_from');
  else expect(bill.generation.flags).toMatchObject({ routed_from: calledModel });
}

const prompt = (marker: string, answerAs: string) => `${marker}: what is the tallest mountain in Norway? ${'Tell me about it in detail. '.repeat(30)}[[answer-as:${answerAs}]]`;

describe.each([false, true])('a model the upstream routed to another of its catalog (stream=%s)', (stream) => {
  it('Gemini 2.5 Pro answered by Gemini 3.8 Flash bills at 3.8 Flash\'s prices, from a Chat Completions client (translated)', async () => {
    const bill = await chat({ model: 'gemini-2.5-pro', max_tokens: 400, messages: [{ role: 'user', content: prompt(`routed-chat-${stream}`, 'gemini-3.8-flash') }] }, stream);
    await expectBilledAt(bill, 'gemini/gemini-3.8-flash', 'gemini/gemini-2.5-pro');
    // Not cheaper whatever the day: from 2027-01-01 3.8 Flash's input costs more than 2.5 Pro's.
    expect(bill.credits).not.toBe(await costAt('gemini/gemini-2.5-pro', bill.generation));
  });

  it('the same from a Messages client (translated)', async () => {
    const bill = await messages({ model: 'gemini/gemini-2.5-pro', max_tokens: 400, messages: [{ role: 'user', content: prompt(`routed-messages-${stream}`, 'gemini-3.8-flash') }] }, stream);
    await expectBilledAt(bill, 'gemini/gemini-3.8-flash', 'gemini/gemini-2.5-pro');
  });

  it('Claude Sonnet 4.6 answered by Claude Haiku 4.5 (its dated id) bills at Haiku\'s prices, passed through to a Messages client', async () => {
    const bill = await messages({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 400, messages: [{ role: 'user', content: prompt(`routed-claude-${stream}`, 'claude-haiku-4-5-20251001') }] }, stream);
    await expectBilledAt(bill, 'anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-4-6');
  });

  it('GPT-4o answered by GPT-4o mini bills at mini\'s prices, passed through to a Chat Completions client', async () => {
    const bill = await chat({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: prompt(`routed-gpt-${stream}`, 'gpt-4o-mini') }] }, stream);
    await expectBilledAt(bill, 'openai/gpt-4o-mini', 'openai/gpt-4o');
  });

  it('the same passed through to a Responses client (`response.model`)', async () => {
    const bill = await responses({ model: 'openai/gpt-4o', input: prompt(`routed-responses-${stream}`, 'gpt-4o-mini') }, stream);
    await expectBilledAt(bill, 'openai/gpt-4o-mini', 'openai/gpt-4o');
  });

  it('a cheap model answered by a dear one is billed what the dear one costs, above its hold, as far as the wallet goes', async () => {
    const bill = await chat({ model: 'gemini-3.5-flash-lite', max_tokens: 16, messages: [{ role: 'user', content: prompt(`routed-dearer-${stream}`, 'gemini-2.5-pro') }] }, stream);
    await expectBilledAt(bill, 'gemini/gemini-2.5-pro', 'gemini/gemini-3.5-flash-lite');
    expect(bill.generation.flags).not.toHaveProperty('capped');
    // A stream's header is its hold, priced at the model asked for: the bill went past it.
    if (stream) expect(bill.credits).toBeGreaterThan(bill.header);
  });
});

describe.each([false, true])('an answering model the gateway bills as the one called (stream=%s)', (stream) => {
  it('an id the catalog does not know (an OpenAI dated snapshot, passed through; a Gemini preview id, translated)', async () => {
    await expectBilledAt(await chat({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: prompt(`unknown-gpt-${stream}`, 'gpt-4.1-2025-04-14') }] }, stream), 'openai/gpt-4.1', 'openai/gpt-4.1');
    await expectBilledAt(await chat({ model: 'gemini-2.5-pro', max_tokens: 400, messages: [{ role: 'user', content: prompt(`unknown-gemini-${stream}`, 'gemini-2.5-pro-preview-06-05') }] }, stream), 'gemini/gemini-2.5-pro', 'gemini/gemini-2.5-pro');
  });

  it('a dated Anthropic id of the model called, or its alias, passed through', async () => {
    const dated = await messages({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 400, messages: [{ role: 'user', content: prompt(`dated-claude-${stream}`, 'claude-sonnet-4-6-20260217') }] }, stream);
    await expectBilledAt(dated, 'anthropic/claude-sonnet-4-6', 'anthropic/claude-sonnet-4-6');
    const alias = await messages({ model: 'anthropic/claude-haiku-4-5', max_tokens: 400, messages: [{ role: 'user', content: prompt(`alias-claude-${stream}`, 'claude-haiku-4-5') }] }, stream);
    await expectBilledAt(alias, 'anthropic/claude-haiku-4-5', 'anthropic/claude-haiku-4-5');
  });

  it('a model of another provider is never looked up: Gemini answering as an OpenAI id bills the Gemini model', async () => {
    await expectBilledAt(await chat({ model: 'gemini-2.5-pro', max_tokens: 400, messages: [{ role: 'user', content: prompt(`cross-provider-${stream}`, 'gpt-4o-mini') }] }, stream), 'gemini/gemini-2.5-pro', 'gemini/gemini-2.5-pro');
  });
});

describe('a routed answer dearer than the wallet', () => {
  it('is charged the hold and the free balance, no more, and recorded as capped', async () => {
    const params = { model: 'gemini-3.5-flash-lite', max_tokens: 16, messages: [{ role: 'user' as const, content: prompt('routed-capped', 'gemini-2.5-pro') }] };
    // The same request's hold, read from a stream's header (a stream's header is its hold).
    const { response, data } = await e2e.openai.chat.completions.create({ ...params, stream: true }).withResponse();
    for await (const _chunk of data) { /* drain */ }
    const hold = Number(response.headers.get('estimated_credits'));
    const wallet = await fundedWallet(e2e.gateway, hold + 3);
    const answered = await wallet.openai.chat.completions.create(params).withResponse();
    expect(Number(answered.response.headers.get('estimated_credits'))).toBe(hold + 3);
    expect(await wallet.balance()).toBe(0);
    const recorded = await e2e.gateway.kernel.use('billing').getGeneration(answered.response.headers.get('request-id')!, wallet.orgId);
    expect(recorded).toMatchObject({ model: 'gemini/gemini-2.5-pro', credits: hold + 3, flags: { capped: true, routed_from: 'gemini/gemini-3.5-flash-lite' } });
  });
});
