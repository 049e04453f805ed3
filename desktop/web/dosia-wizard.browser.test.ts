import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../scripts/e2e/gateway-harness';
import { launchChromium, screenshotPath } from './chromium-session';
import { createDosiaFolders, type DosiaFolders, spawnDosiaWeb } from './dosia-web-fixture';

/**
 * First run in Chromium: no provider configured, so DOSIA shows the wizard; "Sign in with
 * ByteSpike" opens the gateway's OAuth page in a new tab, the person signs in and approves
 * there, the browser lands on DOSIA's loopback listener, and DOSIA continues by itself with
 * the gateway's models: no key copied anywhere.
 */
let gateway: GatewayHarness;
let folders: DosiaFolders;
let web: Awaited<ReturnType<typeof spawnDosiaWeb>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  folders = createDosiaFolders();
  web = await spawnDosiaWeb(folders);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  folders?.remove();
  await gateway?.close();
});

describe('first-run wizard', () => {
  it('completes Sign in with ByteSpike through the gateway\'s OAuth consent and keeps the key in the secret store, not in settings.json', async () => {
    const page = await browser.context.newPage();
    await page.goto(web.url);
    await page.locator('dosia-wizard input[name=gateway]').fill(gateway.url);
    await page.screenshot({ path: screenshotPath('wizard.png') });
    const [consent] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Sign in with ByteSpike' }).click()]);
    await consent.waitForLoadState();
    expect(consent.url()).toContain(`${gateway.url}/console/`);
    expect(new URL(consent.url().replace('#/', '')).searchParams.get('code_challenge_method')).toBe('S256');
    await page.locator('dosia-wizard [role=status]').waitFor();

    // What the Console's consent page does for the person: sign up, then approve.
    const redirect = await consent.evaluate(async () => {
      const authorize = new URLSearchParams(location.hash.split('?')[1]);
      const signUp = await fetch('/console/api/sign-up', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.test', password: 'correct horse battery staple', org_name: 'Ada Labs' }) });
      const { csrf_token } = (await signUp.json()) as { csrf_token: string };
      const decision = await fetch('/oauth/authorize/decision', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token }, body: JSON.stringify({ ...Object.fromEntries(authorize), approve: true }) });
      return ((await decision.json()) as { redirect_to: string }).redirect_to;
    });
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    await consent.goto(redirect);
    expect(await consent.textContent('body')).toContain('Signed in.');

    await page.locator('dosia-model-picker').waitFor({ timeout: 15_000 });
    await page.locator('dosia-model-picker button[aria-haspopup]').click();
    await expect.poll(() => page.locator('[role=option][data-model="bytespike:anthropic/claude-sonnet-4-6"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('wizard-signed-in.png') });
    const settings = JSON.parse(readFileSync(join(folders.home, 'settings.json'), 'utf8')) as { providers: { bytespike: { type: string; url: string; key: string } } };
    expect(settings.providers.bytespike).toMatchObject({ type: 'bytespike', url: gateway.url, key: expect.stringMatching(/^secret:providers\.bytespike\.[0-9a-f]{12}$/) });
    const secretsFile = join(folders.home, 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { secrets: Record<string, { cipher: string; value: string }> };
    const stored = secrets.secrets[settings.providers.bytespike.key.slice('secret:'.length)]!;
    expect(stored.cipher).toBe('plain');
    expect(stored.value).toMatch(/^bsk_/);
    const models = await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': stored.value } });
    expect(models.status).toBe(200);
  });
});
