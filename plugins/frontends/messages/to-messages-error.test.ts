import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { BskError } from '../../../kernel/errors';
import { messagesErrors } from './errors';
import { toMessagesError } from './to-messages-error';

const REQUEST_ID = 'req_0000000000000000000000000000';

describe('toMessagesError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [409, 'invalid_request_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('answers a BskError with status %i as %s, keeping status and message', (status, type) => {
    const wire = toMessagesError(new BskError('BSK_SOME_AREA', status, 'Something a person can act on'), REQUEST_ID);
    expect(wire).toEqual({ status, body: { type: 'error', error: { type, message: 'Something a person can act on' }, request_id: REQUEST_ID }, headers: {} });
  });

  it('answers its own 400 naming the field', () => {
    const wire = toMessagesError(messagesErrors.create('BSK_MESSAGES_INVALID_REQUEST', { param: 'messages.0.content', reason: 'is required' }), REQUEST_ID);
    expect(wire.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'messages.0.content: is required' }, request_id: REQUEST_ID });
  });

  it('passes retry-after on from upstream errors and from other areas', () => {
    const upstream = toMessagesError(createUpstreamError('anthropic', { kind: 'overloaded', message: 'Overloaded', status: 529, retryAfterSeconds: 2.5 }), REQUEST_ID);
    expect(upstream).toEqual({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'anthropic: overloaded: Overloaded' }, request_id: REQUEST_ID }, headers: { 'retry-after': '3' } });
    const quota = toMessagesError(new BskError('BSK_BILLING_QUOTA', 429, 'Member quota reached', { retryAfterSeconds: 60 }), REQUEST_ID);
    expect(quota.headers).toEqual({ 'retry-after': '60' });
    expect(toMessagesError(createUpstreamError('openai', { kind: 'rate-limit', message: 'slow down', status: 429 }), REQUEST_ID).headers).toEqual({});
  });

  it('hides the internals of unexpected errors', () => {
    expect(toMessagesError(new Error('SQLITE_BUSY at /var/lib/bytespike/db.sqlite'), REQUEST_ID)).toEqual({ status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Internal server error' }, request_id: REQUEST_ID }, headers: {} });
    expect(toMessagesError('a string', REQUEST_ID).status).toBe(500);
  });

  it('answers the host\'s own client errors (malformed JSON, body too large) with their status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toMessagesError(tooLarge, REQUEST_ID)).toEqual({ status: 413, body: { type: 'error', error: { type: 'request_too_large', message: 'Request body is too large' }, request_id: REQUEST_ID }, headers: {} });
    expect(toMessagesError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { statusCode: 503 }), REQUEST_ID).body.error.message).toBe('Internal server error');
  });

  it('is what the Anthropic SDK reads as its typed errors', async () => {
    const wire = toMessagesError(createUpstreamError('anthropic', { kind: 'rate-limit', message: 'Too many', status: 429, retryAfterSeconds: 1 }), REQUEST_ID);
    const client = new Anthropic({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: async () => Response.json(wire.body, { status: wire.status, headers: wire.headers }) });
    const failure = client.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] });
    await expect(failure).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(failure).rejects.toMatchObject({ status: 429, error: { error: { type: 'rate_limit_error' }, request_id: REQUEST_ID } });
  });
});
