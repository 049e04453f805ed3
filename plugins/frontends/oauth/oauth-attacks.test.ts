import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { type ConsoleClient, createConsoleClient } from '../console-api/testing/console-client';
import { s256Challenge } from './pkce';

/** Every refusal of the authorization server, against the running gateway. */
let gateway: GatewayHarness;
let member: ConsoleClient;
const REDIRECT = 'http://127.0.0.1:45678/callback';

beforeAll(async () => {
  gateway = await startGatewayHarness();
  member = createConsoleClient(gateway.url);
  const orgId = (await member.signUp('kim@oauth.test', 'oauth test password', 'Kim Ltd')).org.id;
  await gateway.kernel.use('billing').topUp(orgId, 50_000_000, 'oauth test funding');
});
afterAll(async () => gateway?.close());

function authorizeQuery(overrides: Record<string, string | undefined> = {}, verifier = 'v'.repeat(43)): string {
  const fields: Record<string, string | undefined> = {
    response_type: 'code', client_id: 'dosia', redirect_uri: REDIRECT, state: 'xyz', code_challenge: s256Challenge(verifier), code_challenge_method: 'S256', ...overrides,
  };
  return new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
}

/** Consent as the Console page gives it: returns the code sent back to the loopback URI. */
async function consentedCode(verifier: string): Promise<string> {
  const decision = await member.call('POST', '/oauth/authorize/decision', { ...Object.fromEntries(new URLSearchParams(authorizeQuery({}, verifier))), approve: true });
  expect(decision.status).toBe(200);
  return new URL(decision.body.redirect_to).searchParams.get('code')!;
}

async function exchange(fields: Record<string, string>) {
  const response = await fetch(`${gateway.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'dosia', redirect_uri: REDIRECT, ...fields }),
  });
  return { status: response.status, body: await response.json() };
}

describe('GET /oauth/authorize', () => {
  it('forwards a good request to the Console consent page', async () => {
    const response = await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery()}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/console\/#\/oauth\/consent\?response_type=code&client_id=dosia/);
  });

  it.each([
    ['https://127.0.0.1/callback', 'https'],
    ['http://evil.test/callback', 'a remote host'],
    ['http://127.0.0.1.evil.test/callback', 'a look-alike host'],
    ['http://user:pass@127.0.0.1:4000/callback', 'credentials'],
    ['http://localhost:4000/callback#fragment', 'a fragment'],
  ])('refuses %s (%s) without redirecting to it', async (redirectUri) => {
    const response = await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery({ redirect_uri: redirectUri })}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('BSK_OAUTH_REDIRECT_URI_INVALID');
  });

  it('accepts localhost on any port and refuses unknown clients', async () => {
    expect((await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery({ redirect_uri: 'http://localhost:61234/cb' })}`, { redirect: 'manual' })).status).toBe(302);
    const unknown = await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery({ client_id: 'other-app' })}`, { redirect: 'manual' });
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([401, 'BSK_OAUTH_INVALID_CLIENT']);
  });

  it('refuses a missing state outright, and sends other mistakes back to the client with its state', async () => {
    expect((await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery({ state: undefined })}`, { redirect: 'manual' })).status).toBe(400);
    for (const overrides of [{ code_challenge_method: 'plain' }, { code_challenge: undefined }, { response_type: 'token' }, { scope: 'admin' }]) {
      const response = await fetch(`${gateway.url}/oauth/authorize?${authorizeQuery(overrides)}`, { redirect: 'manual' });
      const location = new URL(response.headers.get('location')!);
      expect([response.status, location.origin + location.pathname, location.searchParams.get('state')]).toEqual([302, REDIRECT, 'xyz']);
      expect(location.searchParams.get('error')).toMatch(/^invalid_(request|scope)$/);
    }
  });
});

describe('consent', () => {
  it('needs a session for the details and a CSRF token for the decision', async () => {
    const stranger = createConsoleClient(gateway.url);
    expect((await stranger.call('GET', `/oauth/authorize/details?${authorizeQuery()}`)).status).toBe(401);
    const details = await member.call('GET', `/oauth/authorize/details?${authorizeQuery({ scope: 'chat embeddings' })}`);
    expect(details.body).toMatchObject({ org: { name: 'Kim Ltd' }, scopes: ['chat', 'embeddings'], client: { id: 'dosia' } });
    const forged = await member.call('POST', '/oauth/authorize/decision', { ...Object.fromEntries(new URLSearchParams(authorizeQuery())), approve: true }, { 'x-csrf-token': 'forged' });
    expect([forged.status, forged.body.error.code]).toEqual([403, 'BSK_CONSOLE_CSRF_INVALID']);
  });

  it('sends access_denied back when the person denies', async () => {
    const decision = await member.call('POST', '/oauth/authorize/decision', { ...Object.fromEntries(new URLSearchParams(authorizeQuery())), approve: false });
    expect(new URL(decision.body.redirect_to).searchParams.get('error')).toBe('access_denied');
  });
});

describe('POST /oauth/token', () => {
  it('refuses a wrong PKCE verifier, and the code is spent by that attempt', async () => {
    const verifier = randomBytes(40).toString('base64url');
    const code = await consentedCode(verifier);
    const wrong = await exchange({ code, code_verifier: randomBytes(40).toString('base64url') });
    expect([wrong.status, wrong.body.error]).toEqual([400, 'invalid_grant']);
    expect((await exchange({ code, code_verifier: verifier })).body.error).toBe('invalid_grant');
  });

  it('refuses a replayed code and revokes the key it was first exchanged for', async () => {
    const verifier = randomBytes(40).toString('base64url');
    const code = await consentedCode(verifier);
    const first = await exchange({ code, code_verifier: verifier });
    expect(first.status).toBe(200);
    const replay = await exchange({ code, code_verifier: verifier });
    expect([replay.status, replay.body.error, replay.body.error_description]).toEqual([400, 'invalid_grant', 'the authorization code is already used']);
    const models = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${first.body.access_token}` } });
    expect(models.status).toBe(401);
  });

  it('refuses another redirect_uri, another client, another grant type, and an unknown code', async () => {
    const verifier = randomBytes(40).toString('base64url');
    expect((await exchange({ code: await consentedCode(verifier), code_verifier: verifier, redirect_uri: 'http://127.0.0.1:1/other' })).body.error).toBe('invalid_grant');
    expect((await exchange({ code: 'x', code_verifier: verifier, client_id: 'other' })).status).toBe(401);
    expect((await exchange({ code: 'x', code_verifier: verifier, grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await exchange({ code: 'bsc_unknown', code_verifier: verifier })).body).toMatchObject({ error: 'invalid_grant', error_description: 'the authorization code is unknown' });
  });

  it.each([
    ['a JSON body that does not parse', { 'content-type': 'application/json' }, '{"grant_type":'],
    ['a content type it does not take', { 'content-type': 'text/plain' }, 'grant_type=authorization_code'],
    // 40 MB of one form value compress to a few kilobytes; the body limit is 32 MiB.
    ['a body past the size limit', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x61))],
  ])('answers %s with invalid_request in RFC 6749 §5.2 shape, never cached', async (_name, headers, body) => {
    const response = await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/request body|x-www-form-urlencoded/) });
  });
});
