import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * The request log's `first_token_ms` (the Console, `GET /v1/generation`) is the time from the
 * request's arrival to its first content delta, for every streamed answer: relayed natively
 * (passthrough) in each protocol as on the translated path.
 */
let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness();
});
afterAll(async () => gateway?.close());

/** The simulator holds its first byte back this long, so the figure cannot be near zero by chance. */
const FIRST_BYTE_DELAY_MS = 150;

type Route = { name: string; path: string; body: (prompt: string) => object };

const ROUTES: Route[] = [
  { name: 'Messages passthrough (Claude)', path: '/v1/messages', body: (prompt) => ({ model: 'anthropic/claude-haiku-4-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Chat Completions passthrough (GPT)', path: '/v1/chat/completions', body: (prompt) => ({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] }) },
  { name: 'Responses passthrough (GPT)', path: '/v1/responses', body: (prompt) => ({ model: 'openai/gpt-4o-mini', stream: true, input: prompt }) },
  { name: 'Messages translated (GPT)', path: '/v1/messages', body: (prompt) => ({ model: 'openai/gpt-4o-mini', max_tokens: 256, stream: true, messages: [{ role: 'user', content: prompt }] }) },
];

async function generation(requestId: string): Promise<{ first_token_ms: number | null; latency_ms: number } | undefined> {
  const response = await fetch(`${gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
  return response.ok ? ((await response.json()) as { data: { first_token_ms: number | null; latency_ms: number } }).data : undefined;
}

describe.each(ROUTES)('$name', (route) => {
  it('records the time to the first content delta of a streamed answer', async () => {
    const response = await fetch(`${gateway.url}${route.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(route.body(`[[delay:${FIRST_BYTE_DELAY_MS}]] [[chunk-delay:5]] [[long:5]] hello`)),
    });
    expect(response.status).toBe(200);
    await response.text();
    const requestId = response.headers.get('request-id')!;
    // The settlement's writes may finish just after the stream's end.
    await expect.poll(() => generation(requestId)).toBeDefined();
    const logged = (await generation(requestId))!;
    expect(logged.first_token_ms).toBeGreaterThanOrEqual(FIRST_BYTE_DELAY_MS);
    expect(logged.first_token_ms).toBeLessThanOrEqual(logged.latency_ms);
  });
});
