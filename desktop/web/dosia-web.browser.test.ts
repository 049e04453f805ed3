import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../kernel/paths';
import { type GatewayHarness, startGatewayHarness } from '../../scripts/e2e/gateway-harness';
import { launchChromium, screenshotPath } from './chromium-session';
import { createDosiaFolders, type DosiaFolders, spawnDosiaWeb } from './dosia-web-fixture';

/**
 * DOSIA's UI in Chromium against `dosia web` (the built CLI, as a user starts it), with the
 * gateway and the upstream simulator behind it. Screenshots land in test-output/dosia/.
 */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let gateway: GatewayHarness;
let folders: DosiaFolders;
let web: Awaited<ReturnType<typeof spawnDosiaWeb>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  folders = createDosiaFolders({
    // `broken` refers to a key in an environment variable that is not set: listed as not used, never called.
    'home/settings.json': { providers: { gw: { type: 'bytespike', url: gateway.url, key: gateway.apiKey }, broken: { type: 'openai', url: 'http://127.0.0.1:9/v1', key: 'env:DOSIA_WEB_TEST_UNSET' } }, editor: { fontSize: 15 } },
    'work/.dosia/settings.json': { editor: { fontSize: 13 }, telemetry: { enabled: false } },
  });
  web = await spawnDosiaWeb(folders);
  browser = await launchChromium();
  context = browser.context;
  page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && process.stderr.write(`browser: ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(web.url);
  await page.locator('dosia-model-picker').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  folders?.remove();
  await gateway?.close();
});

async function gatewayChatModels(): Promise<string[]> {
  const response = await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': gateway.apiKey } });
  const body = (await response.json()) as { data: { id: string; bytespike?: { modality?: string } }[] };
  return body.data.filter((model) => (model.bytespike?.modality ?? 'chat') === 'chat').map((model) => model.id);
}

/** Text of an element including every shadow root below it (textContent stops at shadow hosts). */
function deepText(locator: Locator): Promise<string> {
  return locator.evaluate((root) => {
    const walk = (node: Node): string => {
      const own = node instanceof Element && node.shadowRoot ? walk(node.shadowRoot) : '';
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      return own + [...node.childNodes].map(walk).join('');
    };
    return walk(root);
  });
}

async function showView(label: string): Promise<void> {
  await page.locator('nav.views button', { hasText: label }).click();
}

describe('DOSIA in the browser over dosia web', () => {
  it('prints the URL with its token first, and drops the token from the address bar', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(page.url()).not.toContain('token');
  });

  it('shows DOSIA\'s icon in the tab; the bitmap of it the Electron window loads is built beside it', async () => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    const icon = await page.request.get(new URL(href!, page.url()).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<title>DOSIA</title>');
    const png = readFileSync(join(findRepoRoot(), 'dist', 'desktop', 'renderer', 'icon.png'));
    // The PNG signature, then the width and height in its IHDR chunk.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('the model picker lists the gateway\'s models, grouped by provider, searchable', async () => {
    await page.locator('dosia-model-picker > button, dosia-model-picker button[aria-haspopup]').first().click();
    await expect.poll(() => page.locator('[role=option][data-model]').count()).toBeGreaterThan(0);
    const listed = await page.locator('[role=option][data-model]').evaluateAll((options) => options.map((option) => option.getAttribute('data-model')));
    const expected = (await gatewayChatModels()).map((id) => `gw:${id}`);
    expect(new Set(listed)).toEqual(new Set(expected));
    await expect.poll(() => page.locator('[role=group][aria-label=gw] h3').textContent()).toBe('gw');
    await page.screenshot({ path: screenshotPath('model-picker.png') });
    await page.locator('#model-search').fill('sonnet');
    const filtered = await page.locator('[role=option][data-model]').evaluateAll((options) => options.map((option) => option.getAttribute('data-model')));
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((id) => id!.includes('sonnet'))).toBe(true);
    await page.locator('[role=option][data-model="gw:anthropic/claude-sonnet-4-6"]').click();
  });

  it('a prompt streams an answer; the usage strip shows tokens, latency and the credits the gateway charged', async () => {
    const before = await gateway.balance();
    await page.locator('dosia-chat-view #prompt').fill('[[long:30]] [[chunk-delay:25]] Draft the launch plan');
    await page.locator('dosia-chat-view #prompt').press('Enter');
    const streaming = page.locator('dosia-message-item[streaming]');
    await streaming.waitFor();
    await expect.poll(async () => (await deepText(streaming)).trim().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await deepText(streaming)).not.toContain('lorem ipsum dolor sit amet consectetur adipiscing elit lorem ipsum dolor sit amet consectetur adipiscing elit lorem ipsum dolor sit amet consectetur');
    await page.screenshot({ path: screenshotPath('chat-streaming.png') });
    const credits = page.locator('dosia-chat-view dosia-usage-strip [data-field=credits]');
    await credits.waitFor({ timeout: 20_000 });
    const charged = before - (await gateway.balance());
    expect(Number(await credits.getAttribute('data-credits'))).toBe(charged);
    const strip = (await deepText(page.locator('dosia-chat-view dosia-usage-strip'))).replace(/\s+/g, ' ');
    expect(strip).toMatch(/anthropic\/claude-sonnet-4-6/);
    expect(strip).toMatch(/first token \d+(\.\d+)? m?s/);
    expect(strip).toMatch(/total \d+(\.\d+)? m?s/);
    expect(strip).toMatch(/\d+ in \/ \d+ out/);
    expect(strip).toContain(`${charged.toLocaleString('en-US')} cr`);
    expect(Number(await page.locator('[data-field=session-total]').getAttribute('data-credits'))).toBe(charged);
    await expect.poll(() => page.locator('dosia-chat-view dosia-message-item').count()).toBe(2);
    expect(await page.locator('dosia-sessions-sidebar nav li button').first().textContent()).toContain('Draft the launch plan');
    await page.screenshot({ path: screenshotPath('chat-usage.png') });
  });

  it('a compare of three models streams three columns, each with its own usage strip', async () => {
    const before = await gateway.balance();
    await showView('Compare');
    for (const model of ['gw:anthropic/claude-sonnet-4-6', 'gw:openai/gpt-5.4', 'gw:deepseek/deepseek-chat']) await page.locator(`dosia-compare-view input[data-model="${model}"]`).check();
    await page.locator('dosia-compare-view #prompt').fill('[[long:20]] [[chunk-delay:20]] Name the release');
    await page.locator('dosia-compare-view #prompt').press('Enter');
    const columns = page.locator('dosia-compare-view section.column');
    await expect.poll(() => columns.count()).toBe(3);
    await page.screenshot({ path: screenshotPath('compare-streaming.png') });
    await expect.poll(() => page.locator('dosia-compare-view section.column [data-field=credits]').count(), { timeout: 20_000 }).toBe(3);
    const credits = await page.locator('dosia-compare-view section.column [data-field=credits]').evaluateAll((strips) => strips.map((strip) => Number(strip.getAttribute('data-credits'))));
    expect(credits.every((value) => value > 0)).toBe(true);
    expect(credits.reduce((sum, value) => sum + value, 0)).toBe(before - (await gateway.balance()));
    for (const index of [0, 1, 2]) expect(await deepText(columns.nth(index).locator('dosia-message-item'))).toContain('Name the release');
    await page.screenshot({ path: screenshotPath('compare.png') });
    await columns.nth(1).locator('button', { hasText: 'Pick winner' }).click();
    await expect.poll(() => page.locator('dosia-chat-view dosia-message-item').count()).toBe(2);
    expect(await page.locator('dosia-model-picker > button, dosia-model-picker button[aria-haspopup]').first().textContent()).toMatch(/GPT-5|gpt-5.4/i);
  });

  it('the scopes explorer shows a setting shadowed across layers and edits it in a chosen layer', async () => {
    await showView('Scopes');
    const shadowed = page.locator('dosia-scopes-explorer section[data-layer=project] li[data-key="editor.fontSize"]');
    await shadowed.waitFor();
    expect(await shadowed.getAttribute('data-status')).toBe('shadowed');
    expect(await shadowed.textContent()).toContain('shadowed by personal');
    const winner = page.locator('dosia-scopes-explorer section[data-layer=personal] li[data-key="editor.fontSize"]');
    expect(await winner.getAttribute('data-status')).toBe('effective');
    expect(await winner.textContent()).toContain('shadows project');
    await page.screenshot({ path: screenshotPath('scopes.png'), fullPage: true });
    await page.locator('dosia-scopes-explorer input[name=key]').fill('telemetry.enabled');
    await page.locator('dosia-scopes-explorer input[name=value]').fill('true');
    await page.locator('dosia-scopes-explorer select[name=layer]').selectOption('personal');
    await page.locator('dosia-scopes-explorer button[type=submit]').click();
    const moved = page.locator('dosia-scopes-explorer section[data-layer=project] li[data-key="telemetry.enabled"]');
    await expect.poll(() => moved.getAttribute('data-status')).toBe('shadowed');
  });

  it('the command palette opens with Ctrl+K and runs a command; the theme toggles to dark', async () => {
    await page.keyboard.press('Control+K');
    await page.locator('dosia-command-palette #command').fill('settings');
    await page.keyboard.press('Enter');
    await page.locator('dosia-settings-view h2').waitFor();
    await page.keyboard.press('Control+K');
    await page.locator('dosia-command-palette #command').fill('theme');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await showView('Chat');
    await page.screenshot({ path: screenshotPath('chat-dark.png') });
  });

  it('a tool call waits inline with its arguments and Allow / Deny; allowing once runs it and shows the result', async () => {
    await page.keyboard.press('Control+N');
    await page.locator('dosia-chat-view #prompt').fill('[[tool:write_file]] write the notes');
    await page.locator('dosia-chat-view #prompt').press('Enter');
    const call = page.locator('dosia-chat-view dosia-message-item[streaming] dosia-tool-call');
    await call.getByRole('button', { name: 'Allow once' }).waitFor({ timeout: 10_000 });
    expect(await deepText(call)).toMatch(/write_file[\s\S]*awaiting approval[\s\S]*"path"/);
    await page.screenshot({ path: screenshotPath('tool-approval.png') });
    await call.getByRole('button', { name: 'Allow once' }).click();
    const finished = page.locator('dosia-chat-view dosia-message-item:not([streaming]) dosia-tool-call');
    await finished.waitFor({ timeout: 10_000 });
    expect(await deepText(finished)).toMatch(/done/);
    expect(await finished.locator('pre[aria-label=Result]').count()).toBe(1);
  });

  it('attaches a file to a prompt and Stop cancels a streaming answer', async () => {
    await page.keyboard.press('Control+N');
    await page.locator('dosia-composer input[type=file]').setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\nship friday') });
    await page.locator('dosia-composer .preview', { hasText: 'notes.md' }).waitFor();
    await page.locator('dosia-chat-view #prompt').fill('[[long:400]] [[chunk-delay:20]] Summarise the notes');
    await page.locator('dosia-chat-view #prompt').press('Enter');
    await page.locator('dosia-chat-view dosia-message-item[role-name=user] .chip', { hasText: 'notes.md' }).waitFor();
    await page.locator('dosia-message-item[streaming]').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 10_000 });
    const answer = page.locator('dosia-chat-view dosia-message-item[role-name=assistant]').last();
    // 400 deltas at 20 ms each take 8 s; stopped within the first second, far fewer words arrived.
    expect((await deepText(answer)).split(/\s+/).length).toBeLessThan(200);
  });

  it('the tools, skills and settings panels show what core holds', async () => {
    await showView('Tools');
    // A ByteSpike provider brings the gateway's image, video and text tools as MCP servers.
    await page.locator('dosia-tools-panel tr[data-server]').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('dosia-tools-panel tbody tr[data-source=mcp]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The built-in file tools are listed with the MCP servers' tools.
    expect(await page.locator('dosia-tools-panel tr[data-source=builtin] code').allTextContents()).toEqual(expect.arrayContaining(['read_file', 'write_file']));
    await page.screenshot({ path: screenshotPath('mcp-tools.png'), fullPage: true });
    await showView('Skills');
    await page.locator('dosia-skills-panel p.muted', { hasText: 'No skills installed yet' }).waitFor();
    await showView('Settings');
    await page.locator('dosia-settings-view td', { hasText: gateway.url }).waitFor();
    expect(await page.locator('dosia-settings-view tbody tr').first().textContent()).toMatch(/gw\s*bytespike.*set\s*personal/);
    expect(await page.locator('dosia-settings-view p.error').textContent()).toBe('broken is not used: key env:DOSIA_WEB_TEST_UNSET: the environment variable DOSIA_WEB_TEST_UNSET is not set');
    await page.screenshot({ path: screenshotPath('settings.png') });
  });

  it('attachments: an image is previewed and reaches the upstream as an image; an unsupported or oversized file is refused with the reason', async () => {
    await page.keyboard.press('Control+N');
    const composer = page.locator('dosia-composer');
    await composer.locator('input[type=file]').setInputFiles([
      { name: 'pixel.png', mimeType: 'image/png', buffer: Buffer.from(PIXEL_PNG, 'base64') },
      { name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
      { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(6 * 1024 * 1024) },
    ]);
    await composer.locator('.preview img[alt="Preview of pixel.png"]').waitFor();
    const problems = await composer.locator('[role=alert] li').allTextContents();
    expect(problems).toEqual([
      'tool.exe (application/x-msdownload) cannot be attached: images (PNG, JPEG, GIF, WebP), PDFs and text files can',
      'huge.png is 6 MB; images can be at most 5 MB',
    ]);
    expect(await composer.locator('.preview').count()).toBe(1);
    await page.locator('dosia-chat-view #prompt').fill('browser-image-marker what is in the picture?');
    await page.screenshot({ path: screenshotPath('composer-attachments.png') });
    await page.locator('dosia-chat-view #prompt').press('Enter');
    await page.locator('dosia-chat-view dosia-message-item[role-name=user] .chip', { hasText: 'pixel.png' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 10_000 });
    // Once the turn ends the transcript comes from core: the image is shown from the session folder.
    await page.locator('dosia-chat-view dosia-message-item[role-name=user] dosia-attachment-thumb img[alt="pixel.png"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('chat-image-attachment.png') });
    // The picker holds whichever model the earlier tests left (the compare winner): each upstream has its own image format.
    const { requests } = (await (await fetch(`${gateway.simulatorUrl}/__sim/requests`)).json()) as { requests: { provider: string; path: string; rawBody: string | null; body: { messages?: { content: unknown }[]; input?: { content: unknown }[] } }[] };
    const upstream = requests.filter((request) => request.rawBody?.includes('browser-image-marker')).at(-1)!;
    // OpenAI's reasoning models are reached through the Responses API (an input_image), the others through Chat Completions.
    const expected = upstream.provider === 'anthropic'
      ? { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } }
      : upstream.path.endsWith('/responses')
        ? { type: 'input_image', image_url: `data:image/png;base64,${PIXEL_PNG}`, detail: 'auto' }
        : { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG}` } };
    expect((upstream.body.messages ?? upstream.body.input)!.at(-1)!.content).toContainEqual(expected);
  });

  it('"Always allow in" a layer: a locked key is refused with the reason and the call keeps waiting; the Project layer saves the rule', async () => {
    folders.write('enterprise/policy.json', { locked: { 'permissions.allow': [] } });
    await page.keyboard.press('Control+N');
    await page.locator('dosia-chat-view #prompt').fill('[[tool:write_file]] write the summary');
    await page.locator('dosia-chat-view #prompt').press('Enter');
    const call = page.locator('dosia-chat-view dosia-message-item[streaming] dosia-tool-call');
    await call.getByRole('button', { name: 'Always allow in' }).waitFor({ timeout: 10_000 });
    expect(await call.locator('#always-layer option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['session', 'personal', 'project', 'role']);
    await call.locator('#always-layer').selectOption('personal');
    await call.getByRole('button', { name: 'Always allow in' }).click();
    await expect.poll(() => call.locator('[role=alert]').textContent()).toContain('"permissions.allow" is locked by Enterprise policy');
    await page.screenshot({ path: screenshotPath('tool-approval-always.png') });
    folders.write('enterprise/policy.json', {});
    await call.locator('#always-layer').selectOption('project');
    await call.getByRole('button', { name: 'Always allow in' }).click();
    expect(await page.locator('dosia-chat-view dosia-message-item[role-name=user]').count()).toBe(1);
    const finished = page.locator('dosia-chat-view dosia-message-item:not([streaming]) dosia-tool-call').last();
    await expect.poll(async () => deepText(finished), { timeout: 10_000 }).toMatch(/done/);
    expect(JSON.parse(readFileSync(join(folders.project, '.dosia', 'settings.json'), 'utf8')).permissions.allow).toEqual(['write_file(*)']);
  });

  it('the sessions sidebar shows tokens and credits per session, and search finds words of the answers', async () => {
    const first = page.locator('dosia-sessions-sidebar nav li button .usage').first();
    await expect.poll(() => first.textContent()).toMatch(/^\d+(\.\d+k)? tokens · [\d,]+ cr \(\$\d+\.\d+\)$/);
    await page.locator('dosia-sessions-sidebar #session-search').fill('Simulated answer from claude');
    await expect.poll(() => page.locator('dosia-sessions-sidebar .snippet').count()).toBeGreaterThan(0);
    expect(await page.locator('dosia-sessions-sidebar .snippet').first().textContent()).toContain('Simulated answer from claude');
    await page.screenshot({ path: screenshotPath('sessions-search.png') });
    await page.locator('dosia-sessions-sidebar #session-search').fill('');
  });

  it('dosia web stops cleanly on SIGTERM', async () => {
    expect(await web.stop()).toBe(0);
  });
});
