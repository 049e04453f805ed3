import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { type BillingFixture, createBillingFixture } from '../../billing/billing-test-fixture';
import { createMemoryRateLimiter } from '../../billing/rate-limiter';
import { createConsoleIdentity, type IssuedSession } from '../console-api/console-identity';
import { type AuthorizationServer, createAuthorizationServer, SIGN_IN_ROOT_KEY_NAME } from './authorization-server';
import { s256Challenge } from './pkce';

let fixture: BillingFixture;
let server: AuthorizationServer;
let session: IssuedSession;
const VERIFIER = 'a-verifier-of-at-least-forty-three-characters-long';
const REDIRECT = 'http://127.0.0.1:5000/cb';

beforeEach(async () => {
  fixture = await createBillingFixture();
  const now = () => fixture.clock.now;
  const logger = createLogger({ level: 'silent' });
  server = createAuthorizationServer({ store: fixture.store, accounts: fixture.accounts, logger, codeTtlSeconds: 60, now });
  const identity = createConsoleIdentity({
    store: fixture.store, accounts: fixture.accounts, rateLimiter: createMemoryRateLimiter(), logger, sessionTtlSeconds: 3600, inviteTtlSeconds: 3600, signInAttempts: { limit: 5, windowSeconds: 60 }, now,
  });
  session = await identity.signUp({ email: 'a@b.test', password: 'long enough secret', orgName: 'A' });
});
afterEach(() => fixture.dispose());

const issue = (deviceName: string) =>
  server.issueCode(session, { clientId: 'dosia', redirectUri: REDIRECT, state: 's', codeChallenge: s256Challenge(VERIFIER), scopes: ['chat'], deviceName });
const exchange = (code: string) => server.exchangeCode({ grant_type: 'authorization_code', client_id: 'dosia', redirect_uri: REDIRECT, code, code_verifier: VERIFIER });

describe('authorization codes', () => {
  it('expire a minute after consent', async () => {
    const code = await issue('laptop');
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 60_000);
    await expect(exchange(code)).rejects.toMatchObject({ code: 'BSK_OAUTH_INVALID_GRANT', message: 'the authorization code is expired' });
  });

  it('derive each device key from one sign-in root key of the member, narrowed to the consented scopes', async () => {
    const laptop = await exchange(await issue('laptop'));
    const desktop = await exchange(await issue('desktop'));
    const keys = await fixture.accounts.listKeys({ orgId: session.org.id, memberId: session.member.id });
    const root = keys.find((key) => key.name === SIGN_IN_ROOT_KEY_NAME)!;
    const devices = keys.filter((key) => key.parentId === root.id);
    expect(devices.map((key) => [key.name, key.scopes]).sort()).toEqual([['DOSIA on desktop', ['chat']], ['DOSIA on laptop', ['chat']]]);
    expect(devices.map((key) => key.id).sort()).toEqual([laptop.key_id, desktop.key_id].sort());
    expect((await fixture.accounts.authenticate(laptop.access_token)).parentId).toBe(root.id);
  });

  it('are refused for a member suspended since consent', async () => {
    const code = await issue('laptop');
    await fixture.store.setMemberSuspended(session.member.id, fixture.clock.now.toISOString());
    await expect(exchange(code)).rejects.toMatchObject({ code: 'BSK_OAUTH_INVALID_GRANT' });
  });
});
