import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { billingErrors } from '../../billing/errors';
import { sendAdminError } from './wire-error';

describe('sendAdminError', () => {
  it('maps typed errors to their status and type, with retry-after on 429, and hides untyped ones', async () => {
    const app = Fastify();
    const logger = createLogger({ level: 'silent' });
    app.setErrorHandler((error, _request, reply) => sendAdminError(reply, error, logger));
    app.get('/limit', async () => {
      throw billingErrors.create('BSK_BILLING_ORG_LIMIT', { period: 'daily', limit: 10, spent: 10, needed: 1, resetsAt: '2025-03-16T00:00:00.000Z', retryAfterSeconds: 3600 });
    });
    app.get('/wallet', async () => {
      throw billingErrors.create('BSK_BILLING_INSUFFICIENT_CREDITS', { orgId: 'org_a', available: 0, needed: 5 });
    });
    app.get('/bug', async () => {
      throw new Error('secret internals');
    });
    const limited = await app.inject('/limit');
    expect([limited.statusCode, limited.headers['retry-after']]).toEqual([429, '3600']);
    expect(limited.json().error).toEqual({ type: 'rate_limit_error', code: 'BSK_BILLING_ORG_LIMIT', message: 'organisation daily spend limit of 10 credits reached (10 spent or held, 1 needed); resets at 2025-03-16T00:00:00.000Z' });
    const broke = await app.inject('/wallet');
    expect([broke.statusCode, broke.json().error.type]).toEqual([402, 'insufficient_credits_error']);
    const bug = await app.inject('/bug');
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('secret internals');
    await app.close();
  });
});
