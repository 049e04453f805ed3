import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, callGateway, chatBody, expectOneSettlement, expectReleased, reportsError, ssePayloads, upstreamRequests } from './gateway-calls';
import { gatewayClients } from './gateway-clients';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * The gateway feature flags through the running gateway and the upstream simulator's fault
 * injection: fallback, retry budgets, the response cache, flag validation, and the ledger
 * rule (exactly one settlement per answered request, nothing billed for a failure).
 */
let gateway: GatewayHarness;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  ({ anthropic, openai } = gatewayClients(gateway));
});
afterAll(async () => gateway?.close());

const flagsHeader = (flags: unknown) => ({ headers: { 'x-bytespike-flags': JSON.stringify(flags) } });

describe('fallback', () => {
  it('answers from the second model (other provider, other protocol) when the first is overloaded (529), billing only the second', async () => {
    const before = await gateway.balance();
    const prompt = 'fallback-one overloaded [[fault:status=529,fail-times=1,key=fallback-one]]';
    const { data, response } = await anthropic.messages
      .create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: prompt }] }, flagsHeader({ fallback: ['openai/gpt-5.4'] }))
      .withResponse();
    expect(data.model).toBe('openai/gpt-5.4');
    expect(response.headers.get('bytespike-model')).toBe('openai/gpt-5.4');
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: expect.stringContaining('Simulated answer from gpt-5.4') })]);
    expect((await upstreamRequests(gateway, 'fallback-one')).map((request) => request.provider)).toEqual(['anthropic', 'openai']);
    const credits = await expectOneSettlement(gateway, response.headers.get('request-id')!);
    expect(credits).toBe(Number(response.headers.get('estimated_credits')));
    expect((await gateway.kernel.use('store').getReservation(response.headers.get('request-id')!))?.model).toBe('anthropic/claude-sonnet-4-6');
    expect(before - (await gateway.balance())).toBe(credits);
  });

  it('streams one clean answer from the fallback model when the first answers 503 (OpenAI protocol, Anthropic fallback)', async () => {
    const before = await gateway.balance();
    const prompt = 'fallback-two unavailable [[fault:status=503,fail-times=1,key=fallback-two]]';
    const stream = await openai.chat.completions.create({ model: 'openai/gpt-5.4', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: prompt }] }, flagsHeader({ fallback: ['anthropic/claude-sonnet-4-6'] }));
    let text = '';
    let credits = -1;
    const models = new Set<string>();
    for await (const chunk of stream) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) credits = (chunk.usage as unknown as { bytespike_credits: number }).bytespike_credits;
    }
    expect(models).toEqual(new Set(['anthropic/claude-sonnet-4-6']));
    expect(text).toContain('Simulated answer from claude-sonnet-4-6');
    expect((await upstreamRequests(gateway, 'fallback-two')).map((request) => request.provider)).toEqual(['openai', 'anthropic']);
    expect(credits).toBeGreaterThan(0);
    expect(before - (await gateway.balance())).toBe(credits);
  });

  it('takes a fallback model by alias, as the `model` field does, and refuses an unknown one as an unknown model', async () => {
    const prompt = 'fallback-alias overloaded [[fault:status=529,fail-times=1,key=fallback-alias]]';
    const { data, response } = await anthropic.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: prompt }] }, flagsHeader({ fallback: ['gpt-5.4'] }))
      .withResponse();
    expect([data.model, response.headers.get('bytespike-model')]).toEqual(['openai/gpt-5.4', 'openai/gpt-5.4']);
    expect((await upstreamRequests(gateway, 'fallback-alias')).map((request) => request.provider)).toEqual(['anthropic', 'openai']);
    const before = await gateway.balance();
    const unknown = await callGateway(gateway, 'chat', chatBody('chat', 'gpt-5.4', 'fallback-unknown', false), { flags: { fallback: ['gpt-17'] } });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toMatchObject({ code: 'BSK_GATEWAY_FLAG_MODEL', param: 'fallback', message: 'flag "fallback": model "gpt-17" does not exist; GET /v1/models lists the models this key may use' });
    expect(await upstreamRequests(gateway, 'fallback-unknown')).toEqual([]);
    expect(await gateway.balance()).toBe(before);
  });

  it('does not fall back on a non-retryable failure (400), and bills nothing', async () => {
    const before = await gateway.balance();
    const call = await callGateway(gateway, 'messages', chatBody('messages', 'anthropic/claude-sonnet-4-6', 'fallback-three [[fault:status=400]]', false), { flags: { fallback: ['openai/gpt-5.4'] } });
    expect(call.status).toBe(400);
    expect((await upstreamRequests(gateway, 'fallback-three')).map((request) => request.provider)).toEqual(['anthropic']);
    expect(await gateway.balance()).toBe(before);
  });

  it('skips a fallback that would translate a request only its own provider serves (a server tool): the next one answers, or the client gets the upstream\'s own failure', async () => {
    const withSearch = (marker: string, fault: string) => ({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 256, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: `${marker} news today? [[fault:${fault},key=${marker}]]` }] });
    const before = await gateway.balance();
    const failed = await callGateway(gateway, 'messages', withSearch('fallback-blocked', 'status=529,retry-after=7'), { flags: { fallback: ['openai/gpt-5.4'] } });
    expect(failed.status).toBe(529);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(failed.text)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect((await upstreamRequests(gateway, 'fallback-blocked')).map((request) => request.provider)).toEqual(['anthropic']);
    expect(await gateway.balance()).toBe(before);
    // A later model of the chain that serves the request natively still gets its turn.
    const answered = await callGateway(gateway, 'messages', withSearch('fallback-skipped', 'status=500,fail-times=1'), { flags: { fallback: ['openai/gpt-5.4', 'anthropic/claude-haiku-4-5'] } });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('bytespike-model')).toBe('anthropic/claude-haiku-4-5');
    expect((await upstreamRequests(gateway, 'fallback-skipped')).map((request) => request.provider)).toEqual(['anthropic', 'anthropic']);
  });
});

describe('retry', () => {
  it('retries a 503 until it succeeds, within the attempts, with one settlement', async () => {
    const call = await callGateway(gateway, 'chat', chatBody('chat', 'deepseek/deepseek-chat', 'retry-one [[fault:status=503,fail-times=2,key=retry-one]]', false), { flags: { retry: { attempts: 3, budget_ms: 10_000 } } });
    expect(call.status).toBe(200);
    expect(answerText(call)).toContain('Simulated answer from deepseek-flash');
    expect(await upstreamRequests(gateway, 'retry-one')).toHaveLength(3);
    expect(await expectOneSettlement(gateway, call.requestId)).toBe(Number(call.headers.get('estimated_credits')));
  });

  it('stops at the budget: a retry-after that would end past budget_ms is not waited for', async () => {
    const before = await gateway.balance();
    const call = await callGateway(gateway, 'messages', chatBody('messages', 'gemini/gemini-2.5-flash', 'retry-two [[fault:status=429,retry-after=1,fail-times=10,key=retry-two]]', false), { flags: { retry: { attempts: 5, budget_ms: 1_500 } } });
    expect(call.status).toBe(429);
    expect(JSON.parse(call.text)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    // First try at 0 s, one retry after the 1 s retry-after; the next would start at 2 s > 1.5 s.
    expect(await upstreamRequests(gateway, 'retry-two')).toHaveLength(2);
    expect(call.elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(call.elapsedMs).toBeLessThan(1_500);
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, call.requestId);
  });

  it.each(['anthropic/claude-sonnet-4-6', 'gemini/gemini-2.5-flash'])('never retries after the first byte went to the client (%s, stream cut mid-way)', async (model) => {
    const before = await gateway.balance();
    const marker = `retry-three-${model.split('/')[0]}`;
    const call = await callGateway(gateway, 'messages', chatBody('messages', model, `${marker} one two three four five six [[long:12]] [[fault:disconnect-after=5,fail-times=3,key=${marker}]]`, true), { flags: { retry: { attempts: 3, budget_ms: 10_000 }, fallback: ['openai/gpt-5.4'] } });
    expect(call.status).toBe(200);
    expect(answerText(call).length).toBeGreaterThan(0);
    expect(reportsError(call)).toBe(true);
    expect(await upstreamRequests(gateway, marker)).toHaveLength(1);
    expect(await gateway.balance()).toBe(before);
    await expectReleased(gateway, call.requestId);
  });
});

/** SSE payloads with what legitimately differs between two answers removed: ids and the settled credits. */
function comparable(text: string): unknown[] {
  return ssePayloads(text).map((payload) => JSON.parse(JSON.stringify(payload, (name, value) => (name === 'id' || name === 'bytespike_credits' ? undefined : value))));
}

describe('response cache', () => {
  it('replays an identical stream on a hit, bills it 0 credits, and settles it once', async () => {
    const body = chatBody('messages', 'anthropic/claude-sonnet-4-6', 'cache-one please [[long:6]]', true);
    const first = await callGateway(gateway, 'messages', body, { flags: { cache: { ttl_s: 60 } } });
    const balanceAfterMiss = await gateway.balance();
    const second = await callGateway(gateway, 'messages', body, { flags: { cache: { ttl_s: 60 } } });
    expect(first.headers.get('bytespike-cache')).toBe('miss');
    expect(second.headers.get('bytespike-cache')).toBe('hit');
    expect(comparable(second.text)).toEqual(comparable(first.text));
    expect(answerText(second)).toContain('Simulated answer from claude-sonnet-4-6');
    expect(await upstreamRequests(gateway, 'cache-one')).toHaveLength(1);
    expect(await expectOneSettlement(gateway, first.requestId)).toBeGreaterThan(0);
    expect(await expectOneSettlement(gateway, second.requestId)).toBe(0);
    const finalUsage = ssePayloads(second.text).find((payload) => payload.type === 'message_delta') as { usage: { bytespike_credits: number } };
    expect(finalUsage.usage.bytespike_credits).toBe(0);
    expect(await gateway.balance()).toBe(balanceAfterMiss);
  });

  it('serves a non-streamed hit through the other protocol\'s front-end too (the entry is canonical)', async () => {
    const first = await callGateway(gateway, 'chat', chatBody('chat', 'openai/gpt-5.4', 'cache-two hello', false), { flags: { cache: { ttl_s: 60 } } });
    const second = await callGateway(gateway, 'chat', chatBody('chat', 'openai/gpt-5.4', 'cache-two hello', false), { flags: { cache: { ttl_s: 60 } } });
    expect([first.headers.get('bytespike-cache'), second.headers.get('bytespike-cache')]).toEqual(['miss', 'hit']);
    expect(answerText(second)).toBe(answerText(first));
    expect(second.headers.get('estimated_credits')).toBe('0');
    expect(await upstreamRequests(gateway, 'cache-two')).toHaveLength(1);
  });

  it('answers a streamed request from a non-streamed entry (Anthropic SDK): thinking signature and tool input survive, billed 0', async () => {
    const tools = [{ name: 'get_weather', description: 'Current weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const body = { model: 'anthropic/claude-sonnet-4-6', max_tokens: 1024, thinking: { type: 'enabled' as const, budget_tokens: 512 }, tools, messages: [{ role: 'user' as const, content: 'cache-four [[reasoning]] [[tool:get_weather]] Paris?' }] };
    const miss = await anthropic.messages.create(body, flagsHeader({ cache: { ttl_s: 60 } })).withResponse();
    const balanceAfterMiss = await gateway.balance();
    const stream = anthropic.messages.stream(body, flagsHeader({ cache: { ttl_s: 60 } }));
    const { response } = await stream.withResponse();
    const hit = await stream.finalMessage();
    expect([miss.response.headers.get('bytespike-cache'), response.headers.get('bytespike-cache')]).toEqual(['miss', 'hit']);
    expect(miss.data.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(hit.content).toEqual(miss.data.content);
    expect([hit.stop_reason, hit.usage.input_tokens, hit.usage.output_tokens]).toEqual([miss.data.stop_reason, miss.data.usage.input_tokens, miss.data.usage.output_tokens]);
    expect(await upstreamRequests(gateway, 'cache-four')).toHaveLength(1);
    expect(await expectOneSettlement(gateway, response.headers.get('request-id')!)).toBe(0);
    expect(await gateway.balance()).toBe(balanceAfterMiss);
  });

  it('answers a non-streamed request from a streamed entry (OpenAI SDK): same text, finish reason and usage', async () => {
    const body = { model: 'openai/gpt-5.4', messages: [{ role: 'user' as const, content: 'cache-five hello [[long:5]]' }] };
    const stream = await openai.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, flagsHeader({ cache: { ttl_s: 60 } }));
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    const { data, response } = await openai.chat.completions.create(body, flagsHeader({ cache: { ttl_s: 60 } })).withResponse();
    expect(response.headers.get('bytespike-cache')).toBe('hit');
    expect(text).toContain('Simulated answer from gpt-5.4');
    expect(data.choices[0]!.message.content).toBe(text);
    expect(data.choices[0]!.finish_reason).toBe(finish);
    expect([data.usage?.prompt_tokens, data.usage?.completion_tokens]).toEqual([usage?.prompt_tokens, usage?.completion_tokens]);
    expect(response.headers.get('estimated_credits')).toBe('0');
    expect(await upstreamRequests(gateway, 'cache-five')).toHaveLength(1);
  });

  it('never shares an entry between two orgs', async () => {
    const accounts = gateway.kernel.use('accounts');
    const org = await accounts.createOrg({ name: 'Other Org' });
    await gateway.kernel.use('billing').topUp(org.id, 10_000_000, 'e2e');
    const member = await accounts.addMember(org.id, { email: 'owner@other.test', role: 'owner' });
    const otherKey = (await accounts.createKey(member.id, { name: 'other' })).key;
    const body = chatBody('messages', 'anthropic/claude-sonnet-4-6', 'cache-three shared?', false);
    const ours = await callGateway(gateway, 'messages', body, { flags: { cache: { ttl_s: 60 } } });
    const theirs = await callGateway(gateway, 'messages', body, { flags: { cache: { ttl_s: 60 } }, apiKey: otherKey });
    expect([ours.headers.get('bytespike-cache'), theirs.headers.get('bytespike-cache')]).toEqual(['miss', 'miss']);
    expect(await upstreamRequests(gateway, 'cache-three')).toHaveLength(2);
    expect(await expectOneSettlement(gateway, theirs.requestId, org.id)).toBeGreaterThan(0);
  });
});

describe('bad flags are refused in the request\'s protocol, naming the flag', () => {
  const body = (protocol: 'messages' | 'chat') => chatBody(protocol, 'anthropic/claude-sonnet-4-6', 'flags-bad', false);

  it.each(['messages', 'chat'] as const)('an unknown flag (%s)', async (protocol) => {
    const call = await callGateway(gateway, protocol, body(protocol), { flags: { turbo: true } });
    expect(call.status).toBe(400);
    expect(call.text).toContain('turbo');
    expect(JSON.parse(call.text)).toMatchObject(protocol === 'messages' ? { type: 'error', error: { type: 'invalid_request_error' } } : { error: { type: 'invalid_request_error', code: 'BSK_FLAGS_INVALID' } });
  });

  it('a malformed header, and a bad `bytespike` body field', async () => {
    const malformed = await callGateway(gateway, 'chat', body('chat'), { rawFlags: '{cache:' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error).toMatchObject({ code: 'BSK_FLAGS_MALFORMED', param: 'x-bytespike-flags' });
    const badBody = await callGateway(gateway, 'chat', { ...body('chat'), bytespike: { retry: { attempts: 'many' } } });
    expect(badBody.status).toBe(400);
    expect(JSON.parse(badBody.text).error.message).toContain('retry');
  });

  it('a fallback model the key may not use', async () => {
    const accounts = gateway.kernel.use('accounts');
    const narrow = (await accounts.createKey(gateway.memberId, { name: 'anthropic only', models: ['anthropic/*'] })).key;
    const call = await callGateway(gateway, 'messages', body('messages'), { apiKey: narrow, flags: { fallback: ['openai/gpt-5.4'] } });
    expect(call.status).toBe(400);
    expect(JSON.parse(call.text).error.message).toMatch(/^flag "fallback".*openai\/gpt-5.4/);
  });

  it('a retry budget over the org cap, and a flag the org forbids', async () => {
    const settings = gateway.kernel.use('flag-settings');
    await settings.setOrgSettings(gateway.orgId, { caps: { 'retry.budget_ms': 5_000 }, forbid: ['cache'] });
    try {
      const overCap = await callGateway(gateway, 'chat', body('chat'), { flags: { retry: { attempts: 2, budget_ms: 10_000 } } });
      expect(overCap.status).toBe(400);
      expect(JSON.parse(overCap.text).error).toMatchObject({ code: 'BSK_FLAGS_OVER_CAP', param: 'retry.budget_ms' });
      const forbidden = await callGateway(gateway, 'messages', body('messages'), { flags: { cache: { ttl_s: 5 } } });
      expect(forbidden.status).toBe(403);
      expect(forbidden.text).toContain('cache');
    } finally {
      await settings.setOrgSettings(gateway.orgId, {});
    }
  });

  it('applies key and org defaults, a request overriding them', async () => {
    const settings = gateway.kernel.use('flag-settings');
    await settings.setOrgSettings(gateway.orgId, { defaults: { cache: { ttl_s: 60 } } });
    try {
      const body = chatBody('chat', 'kimi/kimi-k2', 'defaults-one', false);
      const first = await callGateway(gateway, 'chat', body);
      const second = await callGateway(gateway, 'chat', body);
      const optedOut = await callGateway(gateway, 'chat', body, { flags: { cache: false } });
      expect([first, second, optedOut].map((call) => call.headers.get('bytespike-cache'))).toEqual(['miss', 'hit', null]);
    } finally {
      await settings.setOrgSettings(gateway.orgId, {});
    }
  });
});
