#!/usr/bin/env node
/**
 * DOSIA render benchmark: a 1,000-message conversation (Markdown, lists, code blocks) opens
 * in the renderer in headless Chromium over `dosia web`; prints the time from "open this
 * session" to the first frame painted with it (target < 200 ms), split into the bridge fetch
 * and the render; then until every message is in the DOM (older ones fill in after the first
 * frame), and the frame times of scrolling through all of it.
 *
 *   npm run build && node dist/bench/dosia-render-bench.js [--messages 1000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { bootKernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { dosiaProfile } from '../../kernel/profiles/dosia';
import { launchChromium } from '../../desktop/web/chromium-session';
import { createDosiaFolders, type DosiaFolders, spawnDosiaWeb } from '../../desktop/web/dosia-web-fixture';

const TARGET_MS = 200;

function answer(index: number): string {
  const code = index % 5 === 0 ? `\n\n\`\`\`ts\nexport function step${index}(input: string): number {\n  // parse and count\n  return input.split(',').length + ${index};\n}\n\`\`\`\n` : '';
  return `Here is **step ${index}** of the plan, with \`inline code\` and a [link](https://example.com/${index}).\n\n- first point about ${index}\n- second point\n- third point${code}\nThat covers it.`;
}

/** Writes the conversation through DOSIA's own store, as a real session would be. */
async function seedConversation(folders: DosiaFolders, messages: number): Promise<string> {
  const kernel = await bootKernel({ profile: dosiaProfile, env: { PATH: process.env.PATH, ...folders.env }, cwd: folders.project, dataDir: folders.home, logger: createLogger({ level: 'silent' }) });
  try {
    const writer = kernel.use('conversations').create({ kind: 'chat', models: ['anthropic/claude-sonnet-4-6'] });
    for (let index = 0; index < messages / 2; index++) {
      writer.append({ type: 'user', text: `Question ${index}: what is the next step of the launch plan?` });
      writer.append({ type: 'assistant-start', model: 'anthropic/claude-sonnet-4-6', provider: 'gw', step: 1 });
      writer.append({ type: 'text', model: 'anthropic/claude-sonnet-4-6', text: answer(index) });
      writer.append({ type: 'assistant-end', model: 'anthropic/claude-sonnet-4-6', finishReason: 'stop' });
    }
    writer.close();
    return writer.sessionId;
  } finally {
    await kernel.dispose();
  }
}

interface Measurement {
  readonly fetchMs: number;
  readonly renderMs: number;
  readonly firstPaintMs: number;
  /** Until every message is in the DOM (the chat view fills in older messages after the first frame). */
  readonly allMessagesMs: number;
  readonly rendered: number;
}

/** Runs in the page: open the session the way the sidebar does, then wait for the frame that shows it. */
function openAndMeasure(sessionId: string): Promise<Measurement> {
  type App = HTMLElement & { updateComplete: Promise<unknown>; fullyRendered: Promise<void>; openSession(id: string): Promise<void>; run(command: string): void };
  const settle = async (root: ShadowRoot) => {
    await Promise.all([...root.querySelectorAll('dosia-message-item')].map((item) => (item as unknown as App).updateComplete));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  };
  const app = document.querySelector('dosia-app') as unknown as App;
  app.run('new-chat');
  return app.updateComplete.then(async () => {
    const started = performance.now();
    await app.openSession(sessionId);
    const fetched = performance.now();
    await app.updateComplete;
    const chat = app.shadowRoot!.querySelector('dosia-chat-view') as unknown as App;
    await chat.updateComplete;
    await settle(chat.shadowRoot!);
    const painted = performance.now();
    await chat.fullyRendered;
    await settle(chat.shadowRoot!);
    const all = performance.now();
    return { fetchMs: fetched - started, renderMs: painted - fetched, firstPaintMs: painted - started, allMessagesMs: all - started, rendered: chat.shadowRoot!.querySelectorAll('dosia-message-item').length };
  });
}

/** Runs in the page: scrolls from the bottom to the top in 40 steps, one per frame; returns each frame's duration. */
async function scrollFrames(): Promise<number[]> {
  const chat = document.querySelector('dosia-app')!.shadowRoot!.querySelector('dosia-chat-view')!;
  const log = chat.shadowRoot!.querySelector('.log') as HTMLElement;
  const frames: number[] = [];
  const step = log.scrollHeight / 40;
  let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
  for (let index = 0; index < 40; index++) {
    log.scrollTop -= step;
    const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
    frames.push(now - last);
    last = now;
  }
  return frames;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
  const messages = Number(values.messages);
  const folders = createDosiaFolders({ 'home/settings.json': { providers: { offline: { type: 'openai', url: 'http://127.0.0.1:9/v1' } } } });
  const sessionId = await seedConversation(folders, messages);
  const web = await spawnDosiaWeb(folders);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(web.url);
    await page.locator('dosia-sessions-sidebar').waitFor();
    const runs: Measurement[] = [];
    for (let run = 0; run < Number(values.runs); run++) runs.push(await page.evaluate(openAndMeasure, sessionId));
    const frames = await page.evaluate(scrollFrames);
    const firstPaint = median(runs.map((run) => run.firstPaintMs));
    const lines = [
      `DOSIA render benchmark: ${runs[0]!.rendered} messages, ${runs.length} runs (median; Chromium headless)`,
      `  bridge fetch (sessions.open)  ${median(runs.map((run) => run.fetchMs)).toFixed(1)} ms`,
      `  render to painted frame       ${median(runs.map((run) => run.renderMs)).toFixed(1)} ms`,
      `  first paint                   ${firstPaint.toFixed(1)} ms  (target < ${TARGET_MS} ms: ${firstPaint < TARGET_MS ? 'met' : 'MISSED'})`,
      `  all messages in the DOM       ${median(runs.map((run) => run.allMessagesMs)).toFixed(1)} ms`,
      `  scroll, 40 frames             median ${median(frames).toFixed(1)} ms, worst ${Math.max(...frames).toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (firstPaint >= TARGET_MS) process.exitCode = 1;
  } finally {
    await browser.close();
    await web.stop();
    folders.remove();
  }
}

await main();
