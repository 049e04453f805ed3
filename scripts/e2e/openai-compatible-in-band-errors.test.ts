import type { APIError as AnthropicError } from '@anthropic-ai/sdk';
import { type APIError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { useCompatibleServers } from './compatible-servers';
import { expectOneSettlement, expectReleased, upstreamRequests } from './gateway-calls';
import { rejectionOf } from './gateway-clients';

/**
 * OpenRouter answers 200 once the model has started, and tells a failure after that in the body
 * or a stream chunk, with the HTTP status it stands for as a numeric `error.code`
 * (https://openrouter.ai/docs/api-reference/errors). The gateway reads that code as it reads a
 * status: a rate limit is the client's protocol's 429 (with OpenRouter's retry-after), an
 * unavailable provider its 503 / 529, and retry and fallback act on them; nothing is billed.
 */
const e2e = useCompatibleServers();

const ask = (content: string) => ({ model: 'openrouter/qwen3:8b', messages: [{ role: 'user' as const, content }] });

describe('OpenRouter\'s numeric error codes', () => {
  it('a rate limit in a 200 body reaches a Chat Completions client as a 429 with its retry-after', async () => {
    const before = await e2e.gateway.balance();
    const refused = await rejectionOf(e2e.openai.chat.completions.create(ask('[[fault:error-after=0,error-code=429,retry-after=7]] or-rate-limit: hi')));
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({ status: 429, error: { type: 'rate_limit_exceeded', code: 'BSK_UPSTREAM_RATE_LIMIT', message: expect.stringContaining('Rate limit exceeded') } });
    expect((refused as APIError).headers?.get('retry-after')).toBe('7');
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('no available provider (503) is a 503 to a Chat Completions client and Anthropic\'s 529 overloaded_error to a Messages client', async () => {
    const before = await e2e.gateway.balance();
    const chat = await rejectionOf(e2e.openai.chat.completions.create(ask('[[fault:error-after=0,error-code=503]] or-unavailable-chat: hi')));
    expect(chat).toMatchObject({ status: 503, error: { code: 'BSK_UPSTREAM_OVERLOADED' } });
    const messages = await rejectionOf(e2e.anthropic.messages.create({ ...ask('[[fault:error-after=0,error-code=503]] or-unavailable-messages: hi'), max_tokens: 200 }));
    expect(messages).toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });
    expect(await e2e.gateway.balance()).toBe(before);
  });

  it('retry acts on one: the next attempt answers the Chat Completions client, billed once', async () => {
    const marker = 'or-retried';
    const { data, response } = await e2e.openai.chat.completions
      .create(ask(`[[fault:error-after=0,error-code=503,fail-times=1,key=${marker}]] ${marker}: hi`), { headers: { 'x-bytespike-flags': JSON.stringify({ retry: { attempts: 2, budget_ms: 10_000 } }) } })
      .withResponse();
    expect(data.choices[0]!.message.content).toContain(marker);
    expect(await upstreamRequests(e2e.gateway, marker)).toHaveLength(2);
    expect(await expectOneSettlement(e2e.gateway, response.headers.get('x-request-id')!)).toBeGreaterThan(0);
  });

  it('fallback acts on one: the next model of the chain answers', async () => {
    const marker = 'or-fell-back';
    const { data, response } = await e2e.openai.chat.completions
      .create(ask(`[[fault:error-after=0,error-code=429,fail-times=1,key=${marker}]] ${marker}: hi`), { headers: { 'x-bytespike-flags': JSON.stringify({ fallback: ['vllm/qwen3:8b'] }) } })
      .withResponse();
    expect(data.choices[0]!.message.content).toContain(marker);
    expect(response.headers.get('bytespike-model')).toBe('vllm/qwen3:8b');
  });

  it('a rate limit in the middle of a stream is Anthropic\'s rate_limit_error event to a Messages client, and bills nothing', async () => {
    const before = await e2e.gateway.balance();
    const stream = e2e.anthropic.messages.stream({ ...ask('[[fault:error-after=4,error-code=429]] or-stream-limit: hello there'), max_tokens: 200 });
    const failed = await rejectionOf(stream.finalMessage());
    expect((failed as AnthropicError).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Rate limit exceeded') } });
    const { response } = await stream.withResponse();
    await expectReleased(e2e.gateway, response.headers.get('request-id')!);
    expect(await e2e.gateway.balance()).toBe(before);
  });
});
