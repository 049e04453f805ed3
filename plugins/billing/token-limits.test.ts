import { describe, expect, it } from 'vitest';
import { isBskError } from '../../kernel/errors';
import { createMemoryRateLimiter } from './rate-limiter';
import { createTokenLimits } from './token-limits';

const key = { keyId: 'key_1', memberId: 'mem_1', tpm: 1000, memberTpm: 1500 };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isBskError(error)) throw new Error('expected a refusal');
  return { code: error.code, status: error.status, details: error.details, message: error.message };
}

describe('createTokenLimits', () => {
  it('holds estimates against the key and the member, refusing with 429 naming the limit and its reset', async () => {
    const now = 1_700_000_000_000;
    const limits = createTokenLimits({ rateLimiter: createMemoryRateLimiter(() => now), now: () => now });
    await limits.reserve(key, 'req_1', 800);
    const overKey = await refusal(limits.reserve(key, 'req_2', 300));
    expect(overKey).toMatchObject({ code: 'BSK_RATE_KEY_TPM', status: 429, details: { limit: 1000, tokens: 300, retryAfterSeconds: 60, resetsAt: new Date(now + 60_000).toISOString() } });
    await limits.reserve({ ...key, keyId: 'key_2' }, 'req_3', 600);
    expect((await refusal(limits.reserve({ ...key, keyId: 'key_3' }, 'req_4', 200))).code).toBe('BSK_RATE_MEMBER_TPM');
  });

  it('corrects a hold to the real count, gives a failed request\'s back, and lets a request above the limit into an empty window', async () => {
    const limits = createTokenLimits({ rateLimiter: createMemoryRateLimiter(() => 0), now: () => 0 });
    const lone = { keyId: 'key_1', memberId: 'mem_1', tpm: 1000 };
    await limits.reserve(lone, 'req_1', 5000);
    await expect(limits.reserve(lone, 'req_2', 1)).rejects.toMatchObject({ code: 'BSK_RATE_KEY_TPM' });
    await limits.settle('req_1', 400);
    await limits.reserve(lone, 'req_2', 600);
    await limits.settle('req_2', 0);
    await limits.reserve(lone, 'req_3', 600);
    await expect(limits.reserve(lone, 'req_4', 1)).rejects.toMatchObject({ code: 'BSK_RATE_KEY_TPM' });
  });

  it('leaves keys without token limits and requests without tokens alone', async () => {
    const limits = createTokenLimits({ rateLimiter: createMemoryRateLimiter(() => 0), now: () => 0 });
    for (let index = 0; index < 5; index++) await limits.reserve({ keyId: 'key_1', memberId: 'mem_1', tpm: null }, `req_${index}`, 10_000);
    const tight = { keyId: 'key_2', memberId: 'mem_1', tpm: 1 };
    await limits.reserve(tight, 'req_chat', 1);
    await limits.settle('req_chat', 50);
    await expect(limits.reserve(tight, 'req_image', 0)).resolves.toBeUndefined();
    await expect(limits.reserve(tight, 'req_chat_2', 1)).rejects.toMatchObject({ code: 'BSK_RATE_KEY_TPM' });
    await expect(limits.settle('req_unknown', 10)).resolves.toBeUndefined();
  });
});
