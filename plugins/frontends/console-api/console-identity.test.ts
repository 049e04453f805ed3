import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { type BillingFixture, createBillingFixture } from '../../billing/billing-test-fixture';
import { createMemoryRateLimiter } from '../../billing/rate-limiter';
import { type ConsoleIdentity, createConsoleIdentity } from './console-identity';

let fixture: BillingFixture;
let identity: ConsoleIdentity;
const HOUR = 3_600_000;

beforeEach(async () => {
  fixture = await createBillingFixture();
  const now = () => fixture.clock.now;
  identity = createConsoleIdentity({
    store: fixture.store, accounts: fixture.accounts, rateLimiter: createMemoryRateLimiter(() => fixture.clock.now.getTime()), logger: createLogger({ level: 'silent' }),
    sessionTtlSeconds: 12 * 3600, inviteTtlSeconds: 24 * 3600, signInAttempts: { limit: 3, windowSeconds: 60 }, now,
  });
});
afterEach(() => fixture.dispose());

const advance = (ms: number) => (fixture.clock.now = new Date(fixture.clock.now.getTime() + ms));

describe('console identity', () => {
  it('keeps only a scrypt hash of the password and a digest of the session token', async () => {
    const session = await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
    const user = (await fixture.store.findUserByEmail('a@b.test'))!;
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(user.passwordHash).not.toContain('long enough secret');
    expect(await fixture.store.getSession(session.token)).toBeNull();
  });

  it('ends a session at its expiry', async () => {
    const session = await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
    advance(12 * HOUR - 1000);
    expect((await identity.resolveSession(session.token))?.member.role).toBe('owner');
    advance(1000);
    expect(await identity.resolveSession(session.token)).toBeNull();
  });

  it('counts sign-in attempts per window, then lets the person in again', async () => {
    await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
    for (let attempt = 0; attempt < 3; attempt++) await expect(identity.signIn({ email: 'a@b.test', password: 'wrong', clientAddress: '10.0.0.1' })).rejects.toMatchObject({ code: 'BSK_CONSOLE_SIGNIN_FAILED' });
    await expect(identity.signIn({ email: 'a@b.test', password: 'long enough secret', clientAddress: '10.0.0.1' })).rejects.toMatchObject({ code: 'BSK_CONSOLE_SIGNIN_THROTTLED', status: 429 });
    advance(61_000);
    expect((await identity.signIn({ email: 'a@b.test', password: 'long enough secret', clientAddress: '10.0.0.1' })).member.role).toBe('owner');
  });

  it('refuses an expired invite link', async () => {
    const owner = await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
    const { token } = await identity.invite(owner, { email: 'c@b.test', role: 'member' });
    advance(24 * HOUR);
    await expect(identity.acceptInvite(token, 'another long secret')).rejects.toMatchObject({ code: 'BSK_CONSOLE_INVITE_INVALID', status: 404 });
  });

  it('lets an existing account join with its own password only', async () => {
    const owner = await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
    await identity.signUp({ email: 'c@b.test', password: 'c has a password', orgName: 'C' });
    const { token } = await identity.invite(owner, { email: 'c@b.test', role: 'admin' });
    await expect(identity.acceptInvite(token, 'a guess at it!')).rejects.toMatchObject({ code: 'BSK_CONSOLE_SIGNIN_FAILED' });
    const joined = await identity.acceptInvite(token, 'c has a password');
    expect([joined.org.id, joined.member.role]).toEqual([owner.org.id, 'admin']);
    expect((await identity.memberships('c@b.test')).map(({ org }) => org.name).sort()).toEqual(['A', 'C']);
  });
});
