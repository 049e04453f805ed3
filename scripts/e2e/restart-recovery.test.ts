import { describe, expect, it } from 'vitest';
import { createBillingService } from '../../plugins/billing/billing-service';
import { ledgerSum } from '../../plugins/billing/billing-test-fixture';
import { useGatewayProcesses } from './gateway-process';

/**
 * `bytespike serve` started again on the data folder a previous process left: after a clean
 * stop, and after a kill -9 in the middle of a request. What the first process wrote must be
 * there, and what it held for a request it never finished must come back to the wallet.
 */
const MODEL = 'anthropic/claude-sonnet-4-6';
const CREDITS = 1_000_000_000;
const ADMIN_TOKEN = 'restart-admin-token-for-tests-only';

// BYTESPIKE_STALE_AFTER_SECONDS stays 90: a kill -9 is recovered from without waiting for it.
const processes = useGatewayProcesses({ BYTESPIKE_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'warn' });

async function call(url: string, path: string, init: { apiKey?: string; method?: string; body?: object } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${init.apiKey ?? ADMIN_TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const response = await fetch(`${url}${path}`, { method: init.method ?? (init.body ? 'POST' : 'GET'), headers, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function eventually(check: () => Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const openHolds = async (orgId: string) => (await processes.data.store.listOpenReservations()).filter((hold) => hold.orgId === orgId);

describe('bytespike serve started again on the same data folder', () => {
  it('keeps the keys, balances, flag settings and stored responses a cleanly stopped process wrote', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    let gateway = processes.start();
    let url = await gateway.listening();
    const derived = await call(url, '/v1/keys', { apiKey: tenant.apiKey, body: { name: 'made by the gateway', scopes: ['chat'] } });
    expect(derived.status).toBe(201);
    const flags = { defaults: { retry: { attempts: 2 } }, forbid: ['fallback'], caps: { timeout_ms: 60_000 } };
    expect((await call(url, `/admin/v1/orgs/${tenant.orgId}/flags`, { method: 'PUT', body: flags })).status).toBe(200);
    const stored = await call(url, '/v1/responses', { apiKey: derived.body.key as string, body: { model: MODEL, input: 'Remember this', store: true } });
    expect(stored.status).toBe(200);
    const before = { wallet: (await call(url, `/admin/v1/orgs/${tenant.orgId}/wallet`)).body, flags: (await call(url, `/admin/v1/orgs/${tenant.orgId}/flags`)).body };
    expect(before.wallet.balance).toBeLessThan(CREDITS);

    gateway.child.kill('SIGTERM');
    expect((await gateway.outcome).code).toBe(0);
    gateway = processes.start();
    url = await gateway.listening();

    expect((await call(url, `/admin/v1/orgs/${tenant.orgId}/wallet`)).body).toEqual(before.wallet);
    expect((await call(url, `/admin/v1/orgs/${tenant.orgId}/flags`)).body).toEqual(before.flags);
    const again = await call(url, `/v1/responses/${stored.body.id as string}`, { apiKey: derived.body.key as string });
    expect(again).toEqual({ status: 200, body: stored.body });
    const { balance, sum } = await ledgerSum(processes.data.store, tenant.orgId);
    expect(balance).toBe(sum);
  }, 60_000);

  it('after a kill -9 in the middle of a request, releases that request\'s hold as it starts again: the wallet is exactly what it was', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    // A live instance on another host sharing the database: its pid names nothing here, so its
    // hold waits for its heartbeat to go stale, whatever that pid is on this host.
    const elsewhere = { id: 'proc_elsewhere', host: 'another-host', pid: 2 ** 22 + 1 };
    await processes.data.store.heartbeatInstance(elsewhere, new Date().toISOString());
    await createBillingService({ store: processes.data.store, instanceId: elsewhere.id }).reserve({ requestId: 'req_elsewhere', key: await processes.data.accounts.authenticate(tenant.apiKey), model: MODEL, maxCredits: 1000, modality: 'chat' });
    const gateway = processes.start();
    const url = await gateway.listening();
    const lost = fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': tenant.apiKey },
      body: JSON.stringify({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Never answered [[delay:30000]]' }] }),
    }).catch((error: unknown) => error);
    const lostHold = async () => (await openHolds(tenant.orgId)).filter((hold) => hold.requestId !== 'req_elsewhere');
    await eventually(async () => (await lostHold()).length === 1, 5000, 'the request holding credits');
    const [hold] = await lostHold();
    expect(await processes.data.billing.wallet(tenant.orgId)).toMatchObject({ balance: CREDITS - 1000 - hold!.held, reserved: 1000 + hold!.held });
    expect((await processes.data.store.listInstances()).find((instance) => instance.id === hold!.instanceId)).toMatchObject({ pid: gateway.child.pid });

    gateway.child.kill('SIGKILL');
    expect((await gateway.outcome).signal).toBe('SIGKILL');
    expect(await lost).toBeInstanceOf(Error);
    expect(await lostHold()).toHaveLength(1);

    // Released during the boot, before the new process listens: its pid on this host is gone.
    await processes.start().listening();
    expect(await lostHold()).toEqual([]);
    // The killed process's row went with its hold; the other host's stays: its heartbeat is not stale.
    expect((await processes.data.store.listInstances()).map((instance) => instance.id)).not.toContain(hold!.instanceId);
    expect((await processes.data.store.listInstances()).map((instance) => instance.id)).toContain('proc_elsewhere');
    expect((await openHolds(tenant.orgId)).map((open) => open.requestId)).toEqual(['req_elsewhere']);
    expect(await processes.data.billing.wallet(tenant.orgId)).toMatchObject({ balance: CREDITS - 1000, reserved: 1000 });
    const ledger = await processes.data.store.listLedger(tenant.orgId);
    expect(ledger.map((entry) => [entry.kind, entry.amount])).toEqual([['top-up', CREDITS], ['hold', -1000], ['hold', -hold!.held], ['release', hold!.held]]);
    const { balance, sum } = await ledgerSum(processes.data.store, tenant.orgId);
    expect(balance).toBe(sum);
  }, 60_000);
});
