#!/usr/bin/env node
/**
 * Renders DOSIA's icon (desktop/renderer/public/icon.svg, the favicon of `dosia web`) to the
 * 512-pixel PNG beside it, which the Electron window (Linux, Windows) and the macOS package
 * use: both take bitmaps, not SVG. Run it after changing the SVG, and commit both:
 *
 *   npm run build && node dist/render-app-icon.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../desktop/web/chromium-session';
import { findRepoRoot } from '../kernel/paths';

const SIZE = 512;
const folder = join(findRepoRoot(), 'desktop', 'renderer', 'public');
const svg = readFileSync(join(folder, 'icon.svg'), 'utf8').replace('<svg ', `<svg width="${SIZE}" height="${SIZE}" `);

const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: SIZE, height: SIZE });
  await page.setContent(`<!doctype html><body style="margin:0;background:transparent">${svg}</body>`);
  // Transparent outside the rounded tile, as app icons are.
  await page.screenshot({ path: join(folder, 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  process.stdout.write(`wrote ${join(folder, 'icon.png')}\n`);
} finally {
  await browser.close();
}
