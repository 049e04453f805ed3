import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../scripts/e2e/gateway-harness';
import { createPkcePair, startByteSpikeSignIn } from './byte-spike-sign-in';

/**
 * The client side of "Sign in with ByteSpike" against the gateway's own OAuth server: a
 * person signs in to the Console and approves on the consent endpoint, the browser follows
 * the redirect to DOSIA's loopback listener, and DOSIA exchanges the code for a key.
 */
let gateway: GatewayHarness;

beforeAll(async () => {
  gateway = await startGatewayHarness();
}, 30_000);
afterAll(async () => gateway?.close());

/** What the consent page does for the person: sign up to the Console, then approve. Returns where the browser goes next. */
async function approveAsPerson(authorizeUrl: string, approve: boolean): Promise<string> {
  const signUp = await fetch(`${gateway.url}/console/api/sign-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `ada${Date.now()}${Math.random()}@example.test`, password: 'correct horse battery staple', org_name: 'Ada Labs' }) });
  expect(signUp.status).toBe(201);
  const session = (await signUp.json()) as { csrf_token: string };
  const params = Object.fromEntries(new URL(authorizeUrl).searchParams);
  const decision = await fetch(`${gateway.url}/oauth/authorize/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: signUp.headers.getSetCookie().map((line) => line.split(';')[0]).join('; '), 'x-csrf-token': session.csrf_token },
    body: JSON.stringify({ ...params, approve }),
  });
  expect(decision.status).toBe(200);
  return ((await decision.json()) as { redirect_to: string }).redirect_to;
}

describe('Sign in with ByteSpike (client side)', () => {
  it('builds an RFC 7636 S256 challenge from a 43-character verifier', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('sends the gateway a PKCE authorize request and gets a working key back through the loopback redirect', async () => {
    const attempt = await startByteSpikeSignIn({ gatewayUrl: gateway.url, deviceName: 'DOSIA test' });
    const authorize = new URL(attempt.authorizeUrl);
    expect(authorize.pathname).toBe('/oauth/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: 'dosia', code_challenge_method: 'S256', scope: 'chat', redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/) });
    const redirect = await approveAsPerson(attempt.authorizeUrl, true);
    const page = await fetch(redirect);
    expect(await page.text()).toContain('Signed in.');
    const key = await attempt.key;
    const models = await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': key } });
    expect(models.status).toBe(200);
  });

  it('fails with the gateway\'s reason when the person refuses, and refuses a redirect with another state', async () => {
    const refused = await startByteSpikeSignIn({ gatewayUrl: gateway.url });
    await fetch(await approveAsPerson(refused.authorizeUrl, false));
    await expect(refused.key).rejects.toThrow(/access_denied/);

    const forged = await startByteSpikeSignIn({ gatewayUrl: gateway.url });
    const callback = new URL(new URL(forged.authorizeUrl).searchParams.get('redirect_uri')!);
    callback.search = 'code=stolen&state=not-ours';
    expect((await fetch(callback)).status).toBe(400);
    await expect(forged.key).rejects.toThrow(/different state/);
  });

  it('gives up when the browser never comes back', async () => {
    const attempt = await startByteSpikeSignIn({ gatewayUrl: gateway.url, timeoutMs: 50 });
    await expect(attempt.key).rejects.toThrow(/did not come back in time/);
  });
});
