import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../plugins/billing/billing-test-fixture';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { callGateway, chatBody } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * The gateway reaches PostgreSQL through a proxy the test cuts: requests are refused with
 * 503 in each protocol's own error shape, a settlement caught by the outage completes
 * when the database returns, and the same process serves again without a restart.
 */
const MODEL = 'anthropic/claude-sonnet-4-6';

let database: TestSchema;
let proxy: TcpProxy;
let gateway: GatewayHarness;
beforeAll(async () => {
  database = await createTestSchema('outage');
  const target = new URL(TEST_DATABASE_URL);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  target.port = String(proxy.port);
  gateway = await startGatewayHarness({ env: { BYTESPIKE_DATABASE_URL: target.toString(), BYTESPIKE_DATABASE_SCHEMA: database.schema } });
}, 30_000);
afterAll(async () => {
  await gateway?.close();
  await proxy?.close();
  await database?.drop();
});

async function expectBalanced() {
  const store = gateway.kernel.use('store');
  const { balance, sum } = await ledgerSum(store, gateway.orgId);
  expect(sum).toBe(balance);
  expect(await store.listOpenReservations()).toEqual([]);
}

describe('PostgreSQL outage', () => {
  it('refuses with 503 in each protocol shape while the database is away, then serves again without a restart', async () => {
    expect((await callGateway(gateway, 'messages', chatBody('messages', MODEL, 'Hi', false))).status).toBe(200);
    await proxy.cut();
    const messages = await callGateway(gateway, 'messages', chatBody('messages', MODEL, 'Hi', false));
    const chat = await callGateway(gateway, 'chat', chatBody('chat', MODEL, 'Hi', false));
    expect([messages.status, chat.status]).toEqual([503, 503]);
    expect(JSON.parse(messages.text)).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining('database is unreachable') } });
    expect(JSON.parse(chat.text)).toMatchObject({ error: { message: expect.stringContaining('database is unreachable'), code: 'BSK_STORE_UNAVAILABLE' } });
    const unhealthy = await fetch(`${gateway.url}/health`);
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toMatchObject({ status: 'unavailable', store: { status: 'unavailable', error: expect.stringContaining('database is unreachable') } });
    await proxy.restore();
    const healthy = await fetch(`${gateway.url}/health`);
    expect([healthy.status, (await healthy.json()).status]).toEqual([200, 'ok']);
    expect((await callGateway(gateway, 'messages', chatBody('messages', MODEL, 'Hi', false))).status).toBe(200);
    expect((await callGateway(gateway, 'chat', chatBody('chat', MODEL, 'Hi', false))).status).toBe(200);
    await expectBalanced();
  }, 30_000);

  it('settles a request whose upstream answered while the database was away, once it is back', async () => {
    const before = await gateway.balance();
    const pending = callGateway(gateway, 'messages', chatBody('messages', MODEL, 'Hi [[delay:800]]', false));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proxy.restore();
    const call = await pending;
    expect(call.status).toBe(200);
    const credits = Number(call.headers.get('estimated_credits'));
    expect(credits).toBeGreaterThan(0);
    expect(before - (await gateway.balance())).toBe(credits);
    await expectBalanced();
  }, 30_000);
});
