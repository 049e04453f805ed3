import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeadlessBrowser, launchHeadlessChromium } from '../../../console/testing/headless-chromium';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { createConsoleClient } from '../console-api/testing/console-client';
import { s256Challenge } from './pkce';

/**
 * "Sign in with ByteSpike" exactly as DOSIA plays it: a loopback listener on an ephemeral
 * port, PKCE, the system browser through sign-in and consent, the code back on the
 * listener, the token exchange, and a first /v1/messages call with the key received.
 */
let gateway: GatewayHarness;
let browser: HeadlessBrowser;
const PASSWORD = 'dosia user password';

beforeAll(async () => {
  gateway = await startGatewayHarness();
  const client = createConsoleClient(gateway.url);
  const orgId = (await client.signUp('lin@dosia.test', PASSWORD, 'Lin & Co')).org.id;
  await gateway.kernel.use('billing').topUp(orgId, 50_000_000, 'oauth test funding');
  browser = await launchHeadlessChromium();
});
afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

/** DOSIA's side: a one-shot listener that resolves with the query the browser brings back. */
async function startLoopbackListener(): Promise<{ redirectUri: string; received: Promise<URLSearchParams>; server: Server }> {
  let deliver: (query: URLSearchParams) => void = () => undefined;
  const received = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end('<p>Signed in. You can close this window and return to DOSIA.</p>');
    deliver(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received, server };
}

describe('Sign in with ByteSpike', () => {
  it('takes DOSIA from the authorize URL to a working derived key', async () => {
    const metadata = await (await fetch(`${gateway.url}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({ code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['none'] });

    const listener = await startLoopbackListener();
    const verifier = randomBytes(48).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URL(metadata.authorization_endpoint);
    for (const [name, value] of Object.entries({
      response_type: 'code', client_id: 'dosia', redirect_uri: listener.redirectUri, state, code_challenge: s256Challenge(verifier), code_challenge_method: 'S256', scope: 'chat', device_name: 'test-laptop',
    })) authorize.searchParams.set(name, value);

    const { page } = browser;
    await page.goto(authorize.toString());
    await page.getByLabel('Email').fill('lin@dosia.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('[data-consent-org]').textContent()).toBe('Lin & Co');
    expect(await page.getByText('chat', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(/\d+ models: .*anthropic\/claude-sonnet-4-6/).isVisible()).toBe(true);
    await browser.screenshot('12-oauth-consent');
    await page.getByRole('button', { name: 'Allow' }).click();

    const query = await listener.received;
    listener.server.close();
    expect(query.get('state')).toBe(state);
    await expect.poll(() => page.getByText('You can close this window').isVisible()).toBe(true);

    const tokenResponse = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code')!, redirect_uri: listener.redirectUri, client_id: 'dosia', code_verifier: verifier }),
    });
    expect(tokenResponse.headers.get('cache-control')).toBe('no-store');
    const token = await tokenResponse.json();
    expect(token).toMatchObject({ token_type: 'Bearer', scope: 'chat', key_name: 'DOSIA on test-laptop' });

    const anthropic = new Anthropic({ apiKey: token.access_token, baseURL: gateway.url, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Hello from DOSIA' }] });
    expect(message.content.length).toBeGreaterThan(0);

    // The device's key is a sub-key like any other: listed on the Keys page, revocable there.
    await page.goto(`${gateway.url}/console/#/keys`);
    await expect.poll(() => page.locator('tr[data-key="DOSIA on test-laptop"]').count()).toBe(1);
    await browser.screenshot('13-oauth-device-key');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-key="DOSIA on test-laptop"]').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.locator('tr.revoked[data-key="DOSIA on test-laptop"]').count()).toBe(1);
    await expect(anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'again' }] })).rejects.toMatchObject({ status: 401 });
  });
});
