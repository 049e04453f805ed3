import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../kernel/paths';
import { type GatewayHarness, startGatewayHarness } from '../scripts/e2e/gateway-harness';
import { type HeadlessBrowser, launchHeadlessChromium } from './testing/headless-chromium';

/**
 * A newcomer's first session in the Console, in headless Chromium against the running
 * gateway: sign up, wallet, top up, invite, quota, key, sub-key, usage after real gateway
 * calls, invoice CSV. Every page is saved under test-output/console/.
 */
const BUNDLE = join(findRepoRoot(), 'dist', 'console', 'console.js');
const PASSWORD = 'a long enough password';

let gateway: GatewayHarness;
let browser: HeadlessBrowser;

beforeAll(async () => {
  // `npm test` builds first (tsup), which writes the Console bundle this test loads.
  expect(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`).toBe(true);
  // A retirement date and a price change set in config, far off: the Providers page's lifecycle
  // and price-change texts are checked on them rather than on a shipped model's real dates, which
  // would make the checks fail on those days (Gemini 3.8 Flash's introductory prices end on 2026-12-31).
  const models = {
    anthropic: { models: [{ id: 'claude-opus-4-8', retiresAt: '2099-12-31', replacement: 'anthropic/claude-opus-5-5' }] },
    gemini: { models: [{ id: 'gemini-3.5-flash-lite', pricing: { priceChanges: [{ from: '2099-01-01', inputPerMTok: 600_000, outputPerMTok: 5_000_000 }] } }] },
  };
  gateway = await startGatewayHarness({ config: () => ({ plugins: models }) });
  browser = await launchHeadlessChromium();
});
afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

async function chat(apiKey: string, content: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('the Console, as a newcomer walks it', () => {
  it('shows ByteSpike\'s icon in the tab, served as SVG within the page\'s content security policy', async () => {
    const { page } = browser;
    const blocked: string[] = [];
    const onConsole = (message: ConsoleMessage) => void (message.text().includes('Content Security Policy') && blocked.push(message.text()));
    page.on('console', onConsole);
    await page.goto(`${gateway.url}/console/`);
    await page.locator('bsk-console-app').waitFor();
    page.off('console', onConsole);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    const icon = await page.request.get(new URL(href!, page.url()).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<title>ByteSpike</title>');
    expect(blocked).toEqual([]);
  });

  it('signs up, tops up, invites, sets a quota, creates and derives keys, sees usage, and downloads the invoice', async () => {
    const { page } = browser;
    await page.goto(`${gateway.url}/console/#/sign-up`);
    await page.getByLabel('Organisation name').fill('Newcomer Labs');
    await page.getByLabel('Email').fill('ada@newcomer.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await browser.screenshot('01-sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'Wallet' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('[data-figure="balance"]').textContent()).toContain('0 cr');
    await browser.screenshot('02-wallet');

    const code = await gateway.kernel.use('console').codes.create(40_000_000, 'welcome credit');
    await page.getByLabel('Redemption code').fill(code);
    await page.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => page.locator('[data-figure="balance"]').textContent()).toContain('40,000,000 cr');
    await browser.screenshot('03-top-up');

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Email').fill('grace@newcomer.test');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const inviteUrl = (await page.locator('[data-invite-url]').textContent())!;
    expect(inviteUrl).toMatch(/\/console\/#\/invite\/bsi_/);
    await browser.screenshot('04-members-invite');

    const invitee = await launchHeadlessChromium();
    try {
      await invitee.page.goto(inviteUrl);
      await invitee.page.getByLabel('Choose a password').fill(PASSWORD);
      await invitee.screenshot('05-invite-accept');
      await invitee.page.getByRole('button', { name: 'Join Newcomer Labs' }).click();
      await expect.poll(() => invitee.page.getByRole('heading', { name: 'Wallet' }).isVisible()).toBe(true);
      expect(await invitee.page.getByRole('link', { name: 'Members' }).count()).toBe(0);
    } finally {
      await invitee.close();
    }

    await page.reload();
    await page.getByLabel('Daily credits of grace@newcomer.test').fill('10000000');
    await page.getByLabel('Requests per minute of grace@newcomer.test').fill('60');
    await page.locator('tr[data-member="grace@newcomer.test"]').getByRole('button', { name: 'Save quota' }).click();
    await page.reload();
    await expect.poll(() => page.getByLabel('Daily credits of grace@newcomer.test').inputValue()).toBe('10000000');
    await browser.screenshot('06-members-quota');

    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByLabel('Name').fill('production');
    await page.getByRole('button', { name: 'Create key' }).click();
    const rootKey = (await page.locator('[data-new-key]').textContent())!;
    expect(rootKey).toMatch(/^bsk_/);
    await browser.screenshot('07-keys-created');

    await page.locator('tr[data-key="production"]').getByRole('button', { name: 'Derive' }).click();
    const deriveForm = page.locator('bsk-key-form').nth(1);
    await deriveForm.getByLabel('Name').fill('ci-runner');
    await deriveForm.getByLabel('Credit cap').fill('20000000');
    await deriveForm.getByLabel('Requests / minute').fill('100');
    await deriveForm.getByLabel('Tokens / minute').fill('1,000,000');
    await deriveForm.getByRole('button', { name: 'Derive sub-key' }).click();
    await expect.poll(() => page.locator('tr[data-key="ci-runner"]').count()).toBe(1);
    // The limits went to the gateway and came back with the key list.
    expect(await page.locator('tr[data-key="ci-runner"]').textContent()).toContain('100 requests/min, 1,000,000 tokens/min');
    expect(await page.locator('tr[data-key="production"]').textContent()).toContain('none');
    const subKey = (await page.locator('[data-new-key]').textContent())!;
    expect(subKey).not.toBe(rootKey);
    await browser.screenshot('08-keys-derived');

    for (const question of ['one', 'two', 'three']) expect(await chat(subKey, question)).toBe(200);

    await page.getByRole('link', { name: 'Usage' }).click();
    await expect.poll(() => page.getByText('3 requests').isVisible()).toBe(true);
    await expect.poll(() => page.locator('bsk-request-log tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('bsk-usage-chart canvas').count()).toBe(4);
    // Chart.js has drawn: the per-model canvas is no longer blank.
    const drawn = await page.locator('bsk-usage-chart[title="Credits per model"] canvas').evaluate((canvas: HTMLCanvasElement) => canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.some((channel) => channel !== 0));
    expect(drawn).toBe(true);
    await browser.screenshot('09-usage');

    const logDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const logCsv = readFileSync((await (await logDownload).path())!, 'utf8');
    expect(logCsv.trim().split('\r\n')).toHaveLength(4);

    await page.getByRole('link', { name: 'Bill' }).click();
    await expect.poll(() => page.locator('[data-invoice-total]').textContent()).toMatch(/[1-9][\d,]* cr/);
    await browser.screenshot('10-bill');
    const invoiceDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const invoiceCsv = readFileSync((await (await invoiceDownload).path())!, 'utf8');
    const month = new Date().toISOString().slice(0, 7);
    expect(invoiceCsv.split('\r\n')[0]).toBe('month,dimension,id,credits');
    expect(invoiceCsv).toContain(`${month},model,openai/gpt-5.4,`);
    expect(invoiceCsv).toMatch(new RegExp(`${month},total,org_\\w+,[1-9]\\d*`));

    await page.getByRole('link', { name: 'Providers' }).click();
    await expect.poll(() => page.getByText('anthropic/claude-sonnet-4-6').first().isVisible()).toBe(true);
    const openai = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'openai', exact: true }) });
    expect(await openai.textContent()).toMatch(/chat, embeddings, imagesopenai-chatyes#1 127\.0\.0\.1:\d+: ok, [1-9]\d* requests/);
    const voyage = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'voyage', exact: true }) });
    expect(await voyage.textContent()).toMatch(/embeddings, rerank–yes#1 127\.0\.0\.1:\d+: ok, 0 requests/);
    const geminiPro = page.getByRole('row').filter({ has: page.getByText('gemini/gemini-2.5-pro', { exact: true }) });
    expect(await geminiPro.textContent()).toContain('in 1,250,000 cr ($1.25)/MTok · cache read 125,000 cr ($0.125)/MTok · out 10,000,000 cr ($10.00)/MTok · prompts over 200,000 tokens: in 2,500,000 cr ($2.50)/MTok, cache read 250,000 cr ($0.25)/MTok, out 15,000,000 cr ($15.00)/MTok');
    // Every price a model is billed by is shown: one left out reads as free.
    const modelRow = (id: string) => page.getByRole('row').filter({ has: page.getByText(id, { exact: true }) });
    expect(await modelRow('anthropic/claude-sonnet-4-6').textContent()).toContain('in 3,000,000 cr ($3.00)/MTok · cache read 300,000 cr ($0.30)/MTok · cache write 3,750,000 cr ($3.75)/MTok · 1h cache write 6,000,000 cr ($6.00)/MTok · out 15,000,000 cr ($15.00)/MTok');
    // A model its provider retires says when and what to use instead.
    expect(await modelRow('anthropic/claude-opus-4-8').textContent()).toContain('retires 2099-12-31, use anthropic/claude-opus-5-5');
    expect(await modelRow('anthropic/claude-opus-5-5').textContent()).not.toContain('retires');
    expect(await modelRow('openai/gpt-image-1').textContent()).toContain('image in 10,000,000 cr ($10.00)/MTok · out 40,000,000 cr ($40.00)/MTok · 11,000 cr ($0.011) to 250,000 cr ($0.25)/image by quality and size');
    expect(await modelRow('gemini/veo-3.0-generate-001').textContent()).toContain('400,000 cr ($0.40)/video second');
    // Voyage bills reranking by the tokens it counted; Cohere by search.
    expect(await modelRow('voyage/rerank-2.5').textContent()).toContain('in 50,000 cr ($0.05)/MTok');
    expect(await modelRow('cohere/rerank-v3.5').textContent()).toMatch(/[\d,]+ cr \(\$[\d.]+\)\/search/);
    // DeepSeek's listed prices are its peak ones: the page shows when they apply and the off-peak half.
    expect(await modelRow('deepseek/deepseek-flash').textContent()).toContain('in 300,000 cr ($0.30)/MTok · cache read 6,000 cr ($0.006)/MTok · out 1,200,000 cr ($1.20)/MTok · peak Mon, Tue, Wed, Thu, Fri 09:00–12:00, 14:00–18:00 UTC+8; off-peak: in 150,000 cr ($0.15)/MTok, cache read 3,000 cr ($0.003)/MTok, out 600,000 cr ($0.60)/MTok');
    // A scheduled change of price is shown beside today's prices.
    expect(await modelRow('gemini/gemini-3.5-flash-lite').textContent()).toContain('in 300,000 cr ($0.30)/MTok · out 2,500,000 cr ($2.50)/MTok · from 2099-01-01: in 600,000 cr ($0.60)/MTok, out 5,000,000 cr ($5.00)/MTok');
    await browser.screenshot('11-providers');
  });
});
