import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkillArchive, sha256Hex } from '../../desktop/core/skills/skill-archive';
import { readSkillFolder } from '../../desktop/core/skills/skill-source';
import { skillMarkdown, writeSkillFolder } from '../../desktop/core/skills/skill-test-support';
import { ledgerSum } from '../../plugins/billing/billing-test-fixture';
import { ADMIN_TOKEN, createTenant, type GatewayCluster, type GatewayInstance, startGatewayCluster } from './gateway-cluster';

/**
 * Three gateway processes behind no load balancer but the test itself, sharing one
 * PostgreSQL schema and one Redis: the promises of a scale-out deployment, checked with
 * real processes, real concurrency and a real Redis restart.
 */
const MODEL = 'anthropic/claude-sonnet-4-6';
type Protocol = 'messages' | 'chat';

let cluster: GatewayCluster;
beforeAll(async () => {
  // Keys are served from memory for a minute: only the broadcast can make an instance refuse a revoked one sooner.
  cluster = await startGatewayCluster({ instances: 3, env: { BYTESPIKE_AUTH_CACHE_SECONDS: '60' } });
}, 60_000);
afterAll(async () => cluster?.close(), 60_000);

/** One request; `status` 0 when the client aborted it before an answer came. */
async function call(instance: GatewayInstance, apiKey: string, options: { protocol?: Protocol; prompt?: string; stream?: boolean; signal?: AbortSignal } = {}) {
  const protocol = options.protocol ?? 'messages';
  const messages = [{ role: 'user', content: options.prompt ?? 'Say hello' }];
  const response = await fetch(`${instance.url}${protocol === 'messages' ? '/v1/messages' : '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...(protocol === 'messages' ? { 'x-api-key': apiKey } : { authorization: `Bearer ${apiKey}` }) },
    body: JSON.stringify({ model: MODEL, max_tokens: 64, messages, stream: options.stream ?? false }),
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((error: Error) => {
    if (options.signal?.aborted) return null;
    throw error;
  });
  if (!response) return { status: 0, body: '' };
  return { status: response.status, body: await response.text() };
}

const spread = <T>(count: number, make: (instance: GatewayInstance, index: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, index) => make(cluster.instances[index % cluster.instances.length]!, index)));
const tally = (statuses: readonly number[]) => statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

async function expectLedgerClean(orgId: string) {
  const { balance, sum } = await ledgerSum(cluster.store, orgId);
  expect(sum).toBe(balance);
  expect(balance).toBeGreaterThanOrEqual(0);
  expect((await cluster.store.listOpenReservations()).filter((hold) => hold.orgId === orgId)).toEqual([]);
  return balance;
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const startedAt = Date.now();
  while (!(await check())) {
    if (Date.now() - startedAt > withinMs) throw new Error(`not true within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - startedAt;
}

describe('three gateway instances sharing PostgreSQL and Redis', () => {
  it('lets exactly 100 of 400 concurrent requests through against a wallet that affords 100, and never overdraws it', async () => {
    // The upstream never answers, so no settlement can free credits while the 400 are decided:
    // every request is either holding credits or refused, whatever the machine's load.
    const prompt = '[[fault:hang]] Say hello';
    const openHolds = async (orgId: string) => (await cluster.store.listOpenReservations()).filter((reservation) => reservation.orgId === orgId);
    const probe = await createTenant(cluster, { credits: 1_000_000_000 });
    const probeCall = new AbortController();
    const probing = call(cluster.instances[0]!, probe.apiKey, { prompt, signal: probeCall.signal });
    await eventually(async () => (await openHolds(probe.orgId)).length === 1, 10_000);
    const hold = (await openHolds(probe.orgId))[0]!.held;
    probeCall.abort();
    await probing;

    const tenant = await createTenant(cluster, { credits: 100 * hold });
    const clients = Array.from({ length: 400 }, () => new AbortController());
    const answered: number[] = [];
    const calls = spread(400, async (instance, index) => {
      const result = await call(instance, tenant.apiKey, { prompt, signal: clients[index]!.signal });
      answered.push(result.status);
      return result;
    });
    await eventually(async () => answered.filter((status) => status === 402).length === 300 && (await openHolds(tenant.orgId)).length === 100, 45_000).catch(async (error: Error) => {
      // Nothing may hang on: the instances would drain these for the rest of the file.
      clients.forEach((client) => client.abort());
      throw new Error(`${error.message}: answered so far ${JSON.stringify(tally(answered))}, ${(await openHolds(tenant.orgId)).length} holds open`);
    });
    expect((await ledgerSum(cluster.store, tenant.orgId)).balance).toBe(0);
    clients.forEach((client) => client.abort());
    const results = await calls;
    expect(tally(results.map((result) => result.status))).toEqual({ 0: 100, 402: 300 });
    // The 100 cancelled before their first byte: every hold is given back, nothing billed.
    await eventually(async () => (await openHolds(tenant.orgId)).length === 0, 10_000);
    expect(await expectLedgerClean(tenant.orgId)).toBe(100 * hold);
  }, 90_000);

  it('holds an RPM limit of 60 across the three instances combined', async () => {
    const tenant = await createTenant(cluster, { credits: 1_000_000_000, rpm: 60 });
    const results = await spread(100, (instance, index) => call(instance, tenant.apiKey, { protocol: index % 2 ? 'chat' : 'messages' }));
    expect(tally(results.map((result) => result.status))).toEqual({ 200: 60, 429: 40 });
    const refused = results.find((result) => result.status === 429)!;
    expect(refused.body).toContain('rate limit of this key reached (60 requests per minute)');
    await expectLedgerClean(tenant.orgId);
  }, 30_000);

  it('refuses a key revoked through one instance on the others within a second', async () => {
    const tenant = await createTenant(cluster, { credits: 1_000_000_000 });
    // Each instance has authenticated (and cached) the key.
    for (const instance of cluster.instances) expect((await call(instance, tenant.apiKey)).status).toBe(200);
    const revoked = await fetch(`${cluster.instances[0]!.url}/admin/v1/keys/${tenant.keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(revoked.status).toBe(200);
    for (const instance of cluster.instances.slice(1)) {
      const tookMs = await eventually(async () => (await call(instance, tenant.apiKey)).status === 401, 1000);
      expect(tookMs).toBeLessThan(1000);
    }
  }, 30_000);

  it('releases the hold of an instance killed mid-stream (SIGKILL) once its heartbeat goes stale', async () => {
    const tenant = await createTenant(cluster, { credits: 1_000_000_000 });
    const victim = await cluster.startInstance();
    const response = await fetch(`${victim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': tenant.apiKey },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Tell a story [[chunk-delay:1000]]' }] }),
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect((await cluster.store.listOpenReservations()).filter((hold) => hold.orgId === tenant.orgId)).toHaveLength(1);
    victim.child.kill('SIGKILL');
    await victim.exited;
    await reader.cancel().catch(() => undefined);
    // Stale after 3 s of silence; the survivors sweep every second.
    await eventually(async () => !(await cluster.store.listOpenReservations()).some((hold) => hold.orgId === tenant.orgId), 10_000);
    expect(await expectLedgerClean(tenant.orgId)).toBe(1_000_000_000);
    expect((await cluster.store.listOpenReservations()).filter((hold) => hold.orgId === tenant.orgId)).toEqual([]);
  }, 30_000);

  it('finishes and settles an in-flight stream when an instance is stopped gracefully (SIGTERM)', async () => {
    const tenant = await createTenant(cluster, { credits: 1_000_000_000 });
    const leaving = await cluster.startInstance();
    const response = await fetch(`${leaving.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': tenant.apiKey },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Tell a story [[chunk-delay:150]]' }] }),
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    leaving.child.kill('SIGTERM');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('message_stop');
    expect(await leaving.exited).toBe(0);
    const settled = (await cluster.store.listLedger(tenant.orgId)).filter((entry) => entry.kind === 'settle');
    expect(settled).toHaveLength(1);
    expect(await expectLedgerClean(tenant.orgId)).toBe(1_000_000_000 + settled[0]!.amount);
  }, 30_000);

  it('loses no ledger entry when Redis restarts mid-load, and recovers without a gateway restart', async () => {
    // A limit high enough never to refuse, so every request goes through Redis.
    const tenant = await createTenant(cluster, { credits: 1_000_000_000, rpm: 100_000 });
    const statuses: number[] = [];
    let running = true;
    const load = spread(12, async (instance) => {
      while (running) statuses.push((await call(instance, tenant.apiKey, { prompt: 'Say hello [[delay:50]]' })).status);
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Bounded: a synchronous call that hung would block the event loop, and with it every timeout of the file.
    execFileSync('redis-cli', ['-p', '6379', 'shutdown', 'nosave'], { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], { timeout: 10_000 });
    // Back without restarting any gateway: every instance admits the limited key again.
    for (const instance of cluster.instances) await eventually(async () => (await call(instance, tenant.apiKey)).status === 200, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running = false;
    await load;

    const counts = tally(statuses);
    expect(Object.keys(counts).sort()).toEqual(expect.arrayContaining(['200']));
    // While Redis was away the limited key was refused (fail closed), never let through uncounted.
    expect(counts[503] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(counts).every((status) => status === '200' || status === '503')).toBe(true);
    await expectLedgerClean(tenant.orgId);
    const ledger = await cluster.store.listLedger(tenant.orgId);
    const settledRequests = new Set(ledger.filter((entry) => entry.kind === 'settle').map((entry) => entry.requestId));
    const heldRequests = new Set(ledger.filter((entry) => entry.kind === 'hold').map((entry) => entry.requestId));
    // Every hold was closed by a settlement (all admitted requests succeeded), including the probes above.
    expect(settledRequests).toEqual(heldRequests);
    expect(heldRequests.size).toBe((counts[200] ?? 0) + cluster.instances.length);
  }, 60_000);

  it('serves a skill published through one instance from every other, and gives a new name one owner', async () => {
    const ours = await createTenant(cluster, { credits: 0 });
    const theirs = await createTenant(cluster, { credits: 0 });
    const archive = createSkillArchive(readSkillFolder(writeSkillFolder('cluster-notes', { 'SKILL.md': skillMarkdown('name: cluster-notes\ndescription: Notes across instances.\ndosia:\n  version: 1.0.0') })));
    const publish = (instance: GatewayInstance, apiKey: string) => fetch(`${instance.url}/v1/skills`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ archive: archive.toString('base64'), visibility: 'public' }),
    }).then((response) => response.status);
    // Two orgs publish the same new name at once, through different instances: one owns it.
    expect((await Promise.all([publish(cluster.instances[0]!, ours.apiKey), publish(cluster.instances[1]!, theirs.apiKey)])).sort()).toEqual([201, 403]);
    for (const instance of cluster.instances) {
      const index = (await (await fetch(`${instance.url}/v1/skills`)).json()) as { skills: { name: string; versions: { sha256: string }[] }[] };
      expect(index.skills.find((skill) => skill.name === 'cluster-notes')?.versions.map((entry) => entry.sha256)).toEqual([sha256Hex(archive)]);
      const download = await fetch(`${instance.url}/v1/skills/cluster-notes/1.0.0/archive`);
      expect(Buffer.from(await download.arrayBuffer()).equals(archive)).toBe(true);
    }
  }, 30_000);
});
