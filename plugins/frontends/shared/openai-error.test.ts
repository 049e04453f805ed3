import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { BskError } from '../../../kernel/errors';
import { chatCompletionsErrors } from '../chat-completions/errors';
import { toOpenAIError } from './openai-error';

describe('toOpenAIError', () => {
  it.each([
    [400, 400, 'invalid_request_error'],
    [401, 401, 'authentication_error'],
    [402, 402, 'insufficient_quota'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [413, 413, 'invalid_request_error'],
    [429, 429, 'rate_limit_exceeded'],
    [500, 500, 'server_error'],
    [502, 502, 'server_error'],
    [504, 504, 'server_error'],
    [529, 503, 'server_error'],
  ])('answers a BskError with status %i as %i %s', (status, wireStatus, type) => {
    const wire = toOpenAIError(new BskError('BSK_SOME_THING', status, 'Something a person can act on'));
    expect(wire).toEqual({ status: wireStatus, body: { error: { message: 'Something a person can act on', type, code: 'BSK_SOME_THING', param: null } }, headers: {} });
  });

  it('names the field of its own 400s', () => {
    const wire = toOpenAIError(chatCompletionsErrors.create('BSK_CHAT_UNSUPPORTED', { param: 'n', reason: 'only n = 1' }));
    expect(wire.body).toEqual({ error: { message: 'n: only n = 1', type: 'invalid_request_error', code: 'BSK_CHAT_UNSUPPORTED', param: 'n' } });
  });

  it('passes retry-after on', () => {
    expect(toOpenAIError(createUpstreamError('openai', { kind: 'rate-limit', message: 'slow', status: 429, retryAfterSeconds: 20 })).headers).toEqual({ 'retry-after': '20' });
    expect(toOpenAIError(new BskError('BSK_BILLING_QUOTA', 429, 'quota', { retryAfterSeconds: 0.2 })).headers).toEqual({ 'retry-after': '1' });
  });

  it('hides the internals of unexpected errors', () => {
    expect(toOpenAIError(new TypeError('Cannot read properties of undefined (reading "x")'))).toEqual({ status: 500, body: { error: { message: 'Internal server error', type: 'server_error', code: null, param: null } }, headers: {} });
  });

  it('is what the OpenAI SDK reads as its typed errors', async () => {
    const wire = toOpenAIError(new BskError('BSK_BILLING_INSUFFICIENT_CREDITS', 402, 'Wallet balance too low'));
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => Response.json(wire.body, { status: wire.status, headers: wire.headers }) });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 402, type: 'insufficient_quota', code: 'BSK_BILLING_INSUFFICIENT_CREDITS', message: expect.stringContaining('Wallet balance too low') });
  });
});
