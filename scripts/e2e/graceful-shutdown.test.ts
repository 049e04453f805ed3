import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../plugins/billing/billing-test-fixture';
import { startUpstreamSimulator, type UpstreamSimulator } from '../upstream-sim/index';
import { simulatorEnvironment } from './gateway-harness';
import { createDataFolder, type DataFolder, type GatewayProcess, spawnBytespike } from './gateway-process';
import { openRawHttpConnection } from './raw-http-connection';

/**
 * `bytespike serve` as `npm start` runs it, stopped the ways an operator stops it: SIGTERM
 * with requests in flight, a drain that runs out of time, a second signal. Each ends with the
 * ledger checked: no hold left open, the balance exactly its entries.
 */
const MODEL = 'anthropic/claude-sonnet-4-5';
const CREDITS = 1_000_000_000;

let simulator: UpstreamSimulator;
let data: DataFolder;
let gateway: GatewayProcess | undefined;
beforeAll(async () => {
  simulator = await startUpstreamSimulator({ port: 0 });
});
afterAll(async () => simulator?.close());
beforeEach(async () => {
  data = await createDataFolder();
});
afterEach(async () => {
  gateway?.child.kill('SIGKILL');
  await gateway?.outcome;
  gateway = undefined;
  await data.close();
});

async function serve(env: Record<string, string> = {}): Promise<string> {
  gateway = spawnBytespike(['serve', '--port', '0', '--host', '127.0.0.1'], { cwd: data.path, env: { ...simulatorEnvironment(simulator.baseUrls), ...data.env, LOG_LEVEL: 'info', ...env } });
  return gateway.listening();
}

const messagesBody = (prompt: string, stream: boolean) => JSON.stringify({ model: MODEL, max_tokens: 256, stream, messages: [{ role: 'user', content: prompt }] });
const chatBody = (prompt: string) => JSON.stringify({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });

function streamMessages(url: string, apiKey: string, prompt: string) {
  return fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': apiKey }, body: messagesBody(prompt, true) });
}

async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
  } catch {
    // A connection the gateway cut ends the body with an error; what came before is the answer.
  }
  return text;
}

async function eventually(check: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const openHolds = async (orgId: string) => (await data.store.listOpenReservations()).filter((hold) => hold.orgId === orgId);

async function expectLedgerClosed(orgId: string): Promise<number> {
  expect(await openHolds(orgId)).toEqual([]);
  const { balance, sum } = await ledgerSum(data.store, orgId);
  expect(balance).toBe(sum);
  return balance;
}

describe('bytespike serve stopped by SIGTERM', () => {
  it('lets an in-flight answer and stream finish and settle, answers what arrives meanwhile 503 in its protocol, and exits 0', async () => {
    const tenant = await data.createTenant(CREDITS);
    const url = await serve();
    expect(gateway!.stderr()).toMatch(/"msg":"providers enabled: [^"]*anthropic/);
    const stream = await streamMessages(url, tenant.apiKey, 'Tell a story [[long:12]] [[chunk-delay:200]]');
    const reader = stream.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // Keep-alive connections the gateway accepted before the signal, each with an answer in flight.
    const chat = { method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' } };
    const connections = [await openRawHttpConnection(url), await openRawHttpConnection(url)];
    for (const connection of connections) connection.send({ ...chat, body: chatBody('Say hello [[delay:2000]]') });
    await eventually(async () => (await openHolds(tenant.orgId)).length === 3, 5000, 'the three requests holding credits');

    const signalledAt = Date.now();
    gateway!.child.kill('SIGTERM');
    await eventually(() => gateway!.stderr().includes('draining before exit'), 5000, 'the signal heard');
    // What arrives on those connections now: the load balancer's health check, a client's next request.
    connections[0]!.send({ method: 'GET', path: '/health' });
    connections[1]!.send({ ...chat, body: chatBody('Too late') });
    await expect(fetch(`${url}/health`)).rejects.toThrow();

    const [[answered, health, ...more], [alsoAnswered, refused, ...evenMore]] = await Promise.all([connections[0]!.closed(), connections[1]!.closed()]);
    expect([...more, ...evenMore]).toEqual([]);
    for (const answer of [answered, alsoAnswered]) {
      expect(answer!.status).toBe(200);
      expect(JSON.parse(answer!.body)).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: expect.stringContaining('Simulated answer') } }] });
    }
    expect(health!.status).toBe(503);
    expect(JSON.parse(health!.body)).toMatchObject({ status: 'draining', upstreams: expect.arrayContaining([expect.objectContaining({ provider: 'anthropic' })]) });
    expect(refused!.status).toBe(503);
    expect(refused!.headers.connection).toBe('close');
    expect(JSON.parse(refused!.body)).toEqual({ error: { message: expect.stringContaining('shutting down'), type: expect.any(String), code: 'BSK_HTTP_SHUTTING_DOWN', param: null } });
    expect(await readToEnd(reader)).toContain('event: message_stop');

    const ended = await gateway!.outcome;
    expect(ended.code).toBe(0);
    // Not Fastify's 72 s keep-alive: the connections close as their last answer ends.
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    // The buffered log is flushed at exit, the drain's own line included.
    expect(ended.stderr).toContain('drained; stopping the plugins');
    const settled = (await data.store.listLedger(tenant.orgId)).filter((entry) => entry.kind === 'settle');
    expect(settled).toHaveLength(3);
    expect(await expectLedgerClosed(tenant.orgId)).toBe(CREDITS + settled.reduce((total, entry) => total + entry.amount, 0));
  }, 60_000);

  it('cuts a stream still running when the drain time is up, closes its hold, and exits 0', async () => {
    const tenant = await data.createTenant(CREDITS);
    const url = await serve({ BYTESPIKE_DRAIN_TIMEOUT_SECONDS: '1' });
    const stream = await streamMessages(url, tenant.apiKey, 'Tell a long story [[long:60]] [[chunk-delay:500]]');
    const reader = stream.body!.getReader();
    expect((await reader.read()).done).toBe(false);

    const signalledAt = Date.now();
    gateway!.child.kill('SIGTERM');
    expect(await readToEnd(reader)).not.toContain('message_stop');
    const ended = await gateway!.outcome;
    expect(ended.code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(ended.stderr).toContain('drain time is up');
    // Cut like a client that left: billed for what it delivered, never more than was held.
    expect(await expectLedgerClosed(tenant.orgId)).toBeLessThanOrEqual(CREDITS);
  }, 60_000);

  it('exits at once on a second signal, leaving the hold for the next start to release (restart-recovery.test.ts)', async () => {
    const tenant = await data.createTenant(CREDITS);
    const url = await serve();
    const stream = await streamMessages(url, tenant.apiKey, 'Tell a long story [[long:60]] [[chunk-delay:500]]');
    const reader = stream.body!.getReader();
    expect((await reader.read()).done).toBe(false);

    gateway!.child.kill('SIGTERM');
    await eventually(() => gateway!.stderr().includes('draining before exit'), 5000, 'the signal heard');
    const signalledAt = Date.now();
    gateway!.child.kill('SIGTERM');
    const ended = await gateway!.outcome;
    expect(ended.code).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(2000);
    expect(ended.stderr).toContain('second signal while draining; exiting now');
    await readToEnd(reader);
    expect(await openHolds(tenant.orgId)).toHaveLength(1);
  }, 60_000);
});
