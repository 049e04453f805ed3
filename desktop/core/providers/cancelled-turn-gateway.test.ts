import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { createDosiaProvider } from './create-dosia-provider';
import type { TurnMetrics } from './dosia-provider';

/**
 * A turn the user cancels mid-stream never receives the final usage event with the settled
 * credits. Its metrics must still be what the gateway settled (the delivered tokens and their
 * cost), not the hold's estimate next to zero tokens; and the gateway bills what it delivered.
 */
let gateway: GatewayHarness;

beforeAll(async () => {
  gateway = await startGatewayHarness();
}, 30_000);
afterAll(async () => gateway?.close());

describe('a cancelled ByteSpike turn', () => {
  it('reports the usage and credits the gateway settled for what it delivered', async () => {
    const provider = createDosiaProvider({ name: 'gw', type: 'bytespike', url: gateway.url, key: gateway.apiKey, layer: null }, { fetch, now: () => performance.now() });
    const cancel = new AbortController();
    const turn = await provider.streamTurn({ model: 'anthropic/claude-sonnet-4-6', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: '[[long:300]] [[chunk-delay:10]] tell a long story' }] }], tools: [] }, cancel.signal);
    let deltas = 0;
    let received = '';
    let metrics: TurnMetrics | undefined;
    for await (const part of turn) {
      if (part.type === 'text-delta') received += part.text;
      if (part.type === 'text-delta' && ++deltas === 5) cancel.abort(new Error('cancelled by the user'));
      if (part.type === 'turn-end') metrics = part.metrics;
    }
    expect(metrics?.requestId).toBeTruthy();
    const response = await fetch(`${gateway.url}/v1/generation?id=${metrics!.requestId}`, { headers: { 'x-api-key': gateway.apiKey } });
    const record = ((await response.json()) as { data: { status: number; total_credits: number; usage: { output_tokens: number } } }).data;
    expect(record.status).toBe(499);
    // Billed for at least what reached the client, not message_start's placeholder of 1 output token.
    expect(record.usage.output_tokens).toBeGreaterThanOrEqual(Math.max(2, estimateTextTokens(received)));
    expect(metrics).toMatchObject({ credits: record.total_credits, creditsSource: 'settled', usage: expect.objectContaining({ outputTokens: record.usage.output_tokens }) });
  });
});
