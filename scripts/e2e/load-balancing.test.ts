import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from '../upstream-sim/index';
import { callGateway, chatBody, expectOneSettlement, upstreamRequests } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * Two upstream keys for the Anthropic provider: the main one (the harness's simulator) and
 * a second one, on another simulator that refuses it (401) and weighted to take nearly all
 * traffic. The refused key must cool down and get no traffic until its cool-down ends.
 */
const COOLDOWN_MS = 1_500;

let gateway: GatewayHarness;
let strictSimulator: UpstreamSimulator;
let configFolder: string;

beforeAll(async () => {
  strictSimulator = await startUpstreamSimulator({ port: 0, apiKey: 'the-only-accepted-key' });
  configFolder = mkdtempSync(join(tmpdir(), 'bytespike-lb-'));
  const configFile = join(configFolder, 'bytespike.config.json');
  const upstreams = [{ baseUrl: strictSimulator.baseUrls.anthropic, apiKey: 'a-revoked-key', weight: 1000, label: 'second key' }];
  writeFileSync(configFile, JSON.stringify({ plugins: { anthropic: { upstreams, cooldownMs: COOLDOWN_MS } } }));
  gateway = await startGatewayHarness({ env: { BYTESPIKE_CONFIG: configFile } });
});
afterAll(async () => {
  await gateway?.close();
  await strictSimulator?.close();
  rmSync(configFolder, { recursive: true, force: true });
});

const refusedCalls = async () => (await upstreamRequests(gateway, 'balance-me', strictSimulator.url)).length;

async function anthropicHealth(): Promise<{ label: string; state: string; coolingUntil?: string; lastFailure?: { status: number } }[]> {
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as { upstreams: { provider: string; members: [] }[] };
  return health.upstreams.find((pool) => pool.provider === 'anthropic')!.members;
}

describe('upstream load balancing', () => {
  it('moves a call past a key that answers 401, cools that key down, and sends it nothing until the cool-down ends', async () => {
    // Weighted 1000:1, the second key is all but certain to be picked first.
    let first = await callGateway(gateway, 'messages', chatBody('messages', 'anthropic/claude-sonnet-4-6', 'balance-me 0', false));
    for (let attempt = 1; (await refusedCalls()) === 0 && attempt < 10; attempt++) {
      first = await callGateway(gateway, 'messages', chatBody('messages', 'anthropic/claude-sonnet-4-6', `balance-me ${attempt}`, false));
    }
    expect(first.status).toBe(200);
    await expectOneSettlement(gateway, first.requestId);
    expect(await refusedCalls()).toBe(1);
    const cooling = (await anthropicHealth()).find((member) => member.label === 'second key')!;
    expect(cooling).toMatchObject({ state: 'cooling', lastFailure: { status: 401 } });

    for (let index = 0; index < 5; index++) {
      const during = await callGateway(gateway, index % 2 ? 'chat' : 'messages', chatBody(index % 2 ? 'chat' : 'messages', 'anthropic/claude-sonnet-4-6', `balance-me during ${index}`, index > 2));
      expect(during.status).toBe(200);
    }
    expect(await refusedCalls()).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(cooling.coolingUntil!) - Date.now()) + 50));
    expect((await anthropicHealth()).find((member) => member.label === 'second key')!.state).toBe('ok');
    for (let attempt = 0; (await refusedCalls()) === 1 && attempt < 5; attempt++) {
      expect((await callGateway(gateway, 'messages', chatBody('messages', 'anthropic/claude-sonnet-4-6', `balance-me after ${attempt}`, false))).status).toBe(200);
    }
    expect(await refusedCalls()).toBe(2);
  });
});
