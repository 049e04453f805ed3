import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { loggedClients } from './sdk-call-log';

/**
 * What the official SDKs make of the gateway's errors and headers: the typed error classes and
 * their fields (status, body, request id from the header each SDK reads, OpenAI's code, param
 * and type), their automatic retries (which honour `retry-after` and `x-should-retry`), and
 * `withResponse()` / `asResponse()`. A retried request bills once: the failed attempt's hold is
 * released, the answered one settled at its `estimated_credits`.
 */
const e2e = useGatewayWithClients();

describe('typed errors', () => {
  it('Anthropic SDK: class, status, body and requestID (from request-id) of the gateway\'s own errors and the upstream\'s', async () => {
    const notFound = await rejectionOf(e2e.anthropic.messages.create({ model: 'no-such-model', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }));
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    const typed = notFound as InstanceType<typeof Anthropic.NotFoundError>;
    expect(typed).toMatchObject({ status: 404, type: 'not_found_error', error: { type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('no-such-model') } } });
    expect(typed.requestID).toMatch(/^req_/);
    expect(typed.requestID).toBe(typed.headers.get('x-request-id'));
    expect(typed.headers.get('estimated_credits')).toBe('0');
    expect(Number(typed.headers.get('bytespike-overhead-ms'))).toBeGreaterThan(0);

    for (const [model, fault, errorClass, type] of [
      ['anthropic/claude-sonnet-4-6', 'status=400', Anthropic.BadRequestError, 'invalid_request_error'],
      ['gemini/gemini-2.5-flash', 'status=429,retry-after=3', Anthropic.RateLimitError, 'rate_limit_error'],
      ['anthropic/claude-sonnet-4-6', 'status=529', Anthropic.InternalServerError, 'overloaded_error'],
    ] as const) {
      const error = await rejectionOf(e2e.anthropic.messages.create({ model, max_tokens: 20, messages: [{ role: 'user', content: `Hi [[fault:${fault}]]` }] }));
      expect(error, `${model} ${fault}`).toBeInstanceOf(errorClass);
      const apiError = error as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.type).toBe(type);
      if (type === 'rate_limit_error') expect(apiError.headers?.get('retry-after')).toBe('3');
      await expectReleased(e2e.gateway, apiError.requestID!);
    }
  });

  it('OpenAI SDK: class, status, code, param, type and requestID (from x-request-id)', async () => {
    const invalid = await rejectionOf(e2e.openai.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 42 as unknown as string }] }));
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid).toMatchObject({ status: 400, code: 'BSK_CHAT_INVALID_REQUEST', param: 'messages.0.content', type: 'invalid_request_error', requestID: expect.stringMatching(/^req_/) });

    const notFound = await rejectionOf(e2e.openai.responses.create({ model: 'no-such-model', input: 'Hi' }));
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound).toMatchObject({ status: 404, code: 'BSK_GATEWAY_MODEL_NOT_FOUND', type: 'not_found_error' });

    const limited = await rejectionOf(e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi [[fault:status=429,retry-after=4]]' }] }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ code: 'BSK_UPSTREAM_RATE_LIMIT', type: 'rate_limit_exceeded' });
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('4');
  });
});

describe('retries', () => {
  it('Anthropic SDK: an upstream 429 is retried after its retry-after, and the request bills once', async () => {
    const { anthropic, calls: anthropicCalls } = loggedClients(e2e.gateway, { maxRetries: 2 });
    const before = await e2e.gateway.balance();
    const startedAt = Date.now();
    const { data, response } = await anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'Hi [[fault:status=429,retry-after=1,fail-times=1,key=anthropic-retry]]' }] }).withResponse();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(data.stop_reason).toBe('end_turn');
    expect(anthropicCalls.map((call) => call.status)).toEqual([429, 200]);
    await expectReleased(e2e.gateway, anthropicCalls[0]!.requestId);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(await expectOneSettlement(e2e.gateway, response.headers.get('request-id')!)).toBe(credits);
    expect(before - (await e2e.gateway.balance())).toBe(credits);
  });

  it('OpenAI SDK: an upstream 503 is retried, and the request bills once', async () => {
    const { openai, calls: openaiCalls } = loggedClients(e2e.gateway, { maxRetries: 2 });
    const before = await e2e.gateway.balance();
    const { data, response } = await openai.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'Hi [[fault:status=503,fail-times=1,key=openai-retry]]' }] }).withResponse();
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(openaiCalls.map((call) => call.status)).toEqual([503, 200]);
    await expectReleased(e2e.gateway, openaiCalls[0]!.requestId);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(await expectOneSettlement(e2e.gateway, response.headers.get('request-id')!)).toBe(credits);
    expect(before - (await e2e.gateway.balance())).toBe(credits);
  });

  it('a spend limit\'s 429 says x-should-retry: false, so neither SDK waits out its retry-after (the end of the day)', async () => {
    const billing = e2e.gateway.kernel.use('billing');
    await billing.setLimits(e2e.gateway.orgId, { daily: 1 });
    try {
      const { anthropic, openai, calls } = loggedClients(e2e.gateway, { maxRetries: 2 });
      const startedAt = Date.now();
      const fromAnthropic = await rejectionOf(anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }));
      const fromOpenAI = await rejectionOf(openai.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }));
      for (const error of [fromAnthropic, fromOpenAI]) {
        const headers = (error as { headers: Headers }).headers;
        expect(headers.get('x-should-retry')).toBe('false');
        // Still told, for a person or a scheduler: when the limit resets.
        expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(fromAnthropic).toBeInstanceOf(Anthropic.RateLimitError);
      expect(fromOpenAI).toMatchObject({ status: 429, code: 'BSK_BILLING_ORG_LIMIT' });
      // One call each: no retry.
      expect(calls.map((call) => call.status)).toEqual([429, 429]);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    } finally {
      await billing.setLimits(e2e.gateway.orgId, { daily: null });
    }
  }, 10_000);

  it('an upstream 429 says nothing of x-should-retry: the SDKs retry it by its status', async () => {
    const error = await rejectionOf(e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'Hi [[fault:status=429]]' }] }));
    expect((error as { headers: Headers }).headers.get('x-should-retry')).toBeNull();
  });
});

describe('withResponse() and asResponse()', () => {
  it('hand both SDKs the gateway\'s headers, streamed or not', async () => {
    const { data: message, response, request_id: anthropicId } = await e2e.anthropic.messages.create({ model: 'deepseek/deepseek-chat', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(anthropicId).toBe(response.headers.get('request-id'));
    expect(message.id).toMatch(/^msg_/);
    expect(response.headers.get('bytespike-model')).toBe('deepseek/deepseek-chat');
    expect(Number(response.headers.get('estimated_credits'))).toBe(await expectOneSettlement(e2e.gateway, anthropicId!));

    const raw = await e2e.openai.chat.completions.create({ model: 'kimi/kimi-k2', stream: true, messages: [{ role: 'user', content: 'Hi' }] }).asResponse();
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.headers.get('x-request-id')).toMatch(/^req_/);
    // A stream's header is its hold: the most it may cost, since it leaves before the end.
    expect(Number(raw.headers.get('estimated_credits'))).toBeGreaterThan(0);
    expect(Number(raw.headers.get('bytespike-overhead-ms'))).toBeGreaterThan(0);
    await raw.text();
  });
});
