import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { findRepoRoot } from '../../kernel/paths';

/** Debian's Chromium, headless, with nothing phoning home; one fresh profile per browser. */
export interface HeadlessBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Saves a full-page screenshot as test-output/console/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export const SCREENSHOT_FOLDER = join(findRepoRoot(), 'test-output', 'console');

export async function launchHeadlessChromium(): Promise<HeadlessBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'bsk-chromium-'));
  mkdirSync(SCREENSHOT_FOLDER, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    screenshot: async (name) => void (await page.screenshot({ path: join(SCREENSHOT_FOLDER, `${name}.png`), fullPage: true })),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
