import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../desktop/web/chromium-session';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * A web app on another origin calling the gateway from Chromium, as a browser chat UI or the
 * SDKs' `dangerouslyAllowBrowser` do: the preflights pass, a stream arrives, the gateway's
 * headers can be read, and the cookie-session Console API stays closed to it.
 */
let gateway: GatewayHarness;
let app: Server;
let appUrl: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  app = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another app</title>'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
  await gateway?.close();
});

interface BrowserCall {
  readonly status?: number;
  readonly credits?: string | null;
  readonly requestId?: string | null;
  readonly text?: string;
  readonly failed?: string;
}

async function callFromApp(path: string, init: { method: string; headers: Record<string, string>; body?: string; credentials?: 'include' }): Promise<BrowserCall> {
  const page = await browser.context.newPage();
  try {
    await page.goto(appUrl);
    return await page.evaluate(async ({ url, init: request }) => {
      try {
        const response = await fetch(url, request);
        return { status: response.status, credits: response.headers.get('estimated_credits'), requestId: response.headers.get('request-id'), text: await response.text() };
      } catch (error) {
        return { failed: String(error) };
      }
    }, { url: `${gateway.url}${path}`, init });
  } finally {
    await page.close();
  }
}

describe('a browser app on another origin', () => {
  it('streams Chat Completions with a Bearer key and reads the gateway\'s headers', async () => {
    const before = await gateway.balance();
    const call = await callFromApp('/v1/chat/completions', {
      method: 'POST', headers: { authorization: `Bearer ${gateway.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-5.4', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi from the browser' }] }),
    });
    expect(call).toMatchObject({ status: 200, requestId: expect.stringMatching(/^req_/) });
    expect(call.text).toContain('data: [DONE]');
    expect(Number(call.credits)).toBeGreaterThan(0);
    // The stream's final usage event carries the settled figure: the wallet moved by exactly it.
    const settled = Number(/"bytespike_credits":(\d+)/.exec(call.text!)?.[1]);
    expect(before - (await gateway.balance())).toBe(settled);
  });

  it('calls Messages with the headers the Anthropic SDK sends from a browser', async () => {
    const call = await callFromApp('/v1/messages', {
      method: 'POST',
      headers: { 'x-api-key': gateway.apiKey, 'anthropic-version': '2023-06-01', 'anthropic-dangerous-direct-browser-access': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.text!)).toMatchObject({ type: 'message', role: 'assistant' });
  });

  it('gets no way into the Console\'s cookie-session API', async () => {
    const call = await callFromApp('/console/api/session', { method: 'GET', headers: {}, credentials: 'include' });
    expect(call.failed).toContain('Failed to fetch');
  });
});
