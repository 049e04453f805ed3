import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_VARIABLE, readJournal, writePlugin } from '../../kernel/__fixtures__/fixture-plugins';
import { ledgerSum } from '../../plugins/billing/billing-test-fixture';
import { useGatewayProcesses } from './gateway-process';
import { openRawHttpConnection } from './raw-http-connection';

/**
 * `bytespike serve` as `npm start` runs it, stopped the ways an operator stops it: SIGTERM
 * with requests in flight, a drain that runs out of time, a second signal, a signal while it
 * boots. Each ends with the ledger checked: no hold left open, the balance exactly its entries.
 */
const MODEL = 'anthropic/claude-sonnet-4-6';
const CREDITS = 1_000_000_000;

const processes = useGatewayProcesses({ LOG_LEVEL: 'info' });

const messagesBody = (prompt: string, stream: boolean) => JSON.stringify({ model: MODEL, max_tokens: 256, stream, messages: [{ role: 'user', content: prompt }] });
const chatBody = (prompt: string) => JSON.stringify({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });

function streamMessages(url: string, apiKey: string, prompt: string) {
  return fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': apiKey }, body: messagesBody(prompt, true) });
}

/** What the stream sent until its text matched `content` (a content event). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, content: string | RegExp): Promise<string> {
  let text = '';
  while (typeof content === 'string' ? !text.includes(content) : !content.test(text)) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the stream ended before ${content}: ${text}`);
    text += new TextDecoder().decode(chunk.value);
  }
  return text;
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

const LONG = 'Tell a long story [[long:60]] [[chunk-delay:300]]';
const GPT = 'openai/gpt-4o-mini';
const messages = (prompt: string) => [{ role: 'user', content: prompt }];
const shuttingDown = expect.stringContaining('shutting down');
const openAIError = { message: shuttingDown, type: 'server_error', code: 'BSK_HTTP_SHUTTING_DOWN', param: null };
const responsesEnding = [
  { type: 'error', code: 'BSK_HTTP_SHUTTING_DOWN', error: openAIError },
  { type: 'response.failed', response: expect.objectContaining({ status: 'failed', error: { code: 'BSK_HTTP_SHUTTING_DOWN', message: shuttingDown } }) },
];

/** Streams still running at the drain deadline, each protocol translated and passed through, and the ending each must get. */
const CUT_SHORT = [
  { name: 'Messages passthrough', path: '/v1/messages', body: { model: MODEL, max_tokens: 256, stream: true, messages: messages(LONG) }, content: 'text_delta', ending: [{ type: 'error', error: { type: 'overloaded_error', message: shuttingDown } }] },
  { name: 'Chat Completions translated', path: '/v1/chat/completions', body: { model: MODEL, max_tokens: 256, stream: true, messages: messages(LONG) }, content: /"content":"[^"]/, ending: [{ error: openAIError }] },
  { name: 'Chat Completions passthrough', path: '/v1/chat/completions', body: { model: GPT, max_tokens: 256, stream: true, messages: messages(LONG) }, content: /"content":"[^"]/, ending: [{ error: openAIError }] },
  { name: 'Responses translated', path: '/v1/responses', body: { model: MODEL, stream: true, input: LONG }, content: 'output_text.delta', ending: responsesEnding },
  { name: 'Responses passthrough', path: '/v1/responses', body: { model: GPT, stream: true, input: LONG }, content: 'output_text.delta', ending: responsesEnding },
];

/** Requests still waiting for their upstream at the drain deadline, and the 503 each must get. */
const NOT_BEGUN = [
  { name: 'Messages passthrough', path: '/v1/messages', body: { model: MODEL, max_tokens: 256, messages: messages('Late [[delay:30000]]') }, answer: { type: 'error', error: { type: 'overloaded_error', message: shuttingDown }, request_id: expect.stringMatching(/^req_/) } },
  { name: 'Chat Completions translated', path: '/v1/chat/completions', body: { model: MODEL, max_tokens: 256, messages: messages('Late [[delay:30000]]') }, answer: { error: openAIError } },
  { name: 'Embeddings', path: '/v1/embeddings', body: { model: 'openai/text-embedding-3-small', input: 'Late [[delay:30000]]' }, answer: { error: openAIError } },
];

const ADMIN_TOKEN = 'drain-admin-token-for-tests-only';
const hostError = { error: { type: 'api_error', code: 'BSK_HTTP_SHUTTING_DOWN', message: shuttingDown } };

/**
 * Requests whose bodies are still arriving at the drain deadline: no handler has run, so none
 * hears the deadline. Each must get the 503 in its route's shape. `key` is the tenant's.
 */
const UPLOADING = [
  { name: 'Chat Completions', path: '/v1/chat/completions', auth: (key: string) => `Bearer ${key}`, type: 'application/json', body: chatBody('Slowly sent'), answer: { error: openAIError } },
  { name: 'admin API', path: '/admin/v1/orgs', auth: () => `Bearer ${ADMIN_TOKEN}`, type: 'application/json', body: JSON.stringify({ name: 'Slowly Sent Org' }), answer: hostError },
  { name: 'console API', path: '/console/api/sign-in', auth: () => '', type: 'application/json', body: JSON.stringify({ email: 'late@process.test', password: 'a password sent slowly' }), answer: hostError },
  { name: 'MCP', path: '/mcp/images', auth: (key: string) => `Bearer ${key}`, type: 'application/json', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), answer: { jsonrpc: '2.0', error: { code: -32000, message: shuttingDown, data: { code: 'BSK_HTTP_SHUTTING_DOWN' } }, id: null } },
  { name: 'OAuth token', path: '/oauth/token', auth: () => '', type: 'application/x-www-form-urlencoded', body: 'grant_type=authorization_code&code=sent-slowly&code_verifier=sent-slowly', answer: { error: 'server_error', error_description: shuttingDown } },
];

function post(url: string, apiKey: string, path: string, body: object) {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body) });
}

/** The data of a stream's last `count` events (`[DONE]` counted as a string). */
function lastEvents(text: string, count: number): unknown[] {
  const data = text.split('\n\n').filter(Boolean).map((event) => event.split('\n').find((line) => line.startsWith('data: '))!.slice('data: '.length));
  return data.slice(-count).map((payload) => (payload === '[DONE]' ? payload : JSON.parse(payload) as unknown));
}

const openHolds = async (orgId: string) => (await processes.data.store.listOpenReservations()).filter((hold) => hold.orgId === orgId);

async function expectLedgerClosed(orgId: string): Promise<number> {
  expect(await openHolds(orgId)).toEqual([]);
  const { balance, sum } = await ledgerSum(processes.data.store, orgId);
  expect(balance).toBe(sum);
  return balance;
}

describe('bytespike serve stopped by SIGTERM', () => {
  it('lets an in-flight answer and stream finish and settle, answers what arrives meanwhile 503 in its protocol, and exits 0', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    const gateway = processes.start();
    const url = await gateway.listening();
    expect(gateway.stderr()).toMatch(/"msg":"providers enabled: [^"]*anthropic/);
    const stream = await streamMessages(url, tenant.apiKey, 'Tell a story [[long:12]] [[chunk-delay:200]]');
    const reader = stream.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // Keep-alive connections the gateway accepted before the signal, each with an answer in flight.
    const chat = { method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' } };
    const connections = [await openRawHttpConnection(url), await openRawHttpConnection(url)];
    for (const connection of connections) connection.send({ ...chat, body: chatBody('Say hello [[delay:2000]]') });
    await eventually(async () => (await openHolds(tenant.orgId)).length === 3, 5000, 'the three requests holding credits');

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    await eventually(() => gateway.stderr().includes('draining before exit'), 5000, 'the signal heard');
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

    const ended = await gateway.outcome;
    expect(ended.code).toBe(0);
    // Not Fastify's 72 s keep-alive: the connections close as their last answer ends.
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    // The buffered log is flushed at exit, the drain's own line included.
    expect(ended.stderr).toContain('drained; stopping the plugins');
    const settled = (await processes.data.store.listLedger(tenant.orgId)).filter((entry) => entry.kind === 'settle');
    expect(settled).toHaveLength(3);
    expect(await expectLedgerClosed(tenant.orgId)).toBe(CREDITS + settled.reduce((total, entry) => total + entry.amount, 0));
  }, 60_000);

  it('ends what still runs at the drain deadline in its protocol: streams with their error ending, billed what they delivered; answers not begun with a 503, released', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    const gateway = processes.start({ BYTESPIKE_DRAIN_TIMEOUT_SECONDS: '1' });
    const url = await gateway.listening();
    const started = await Promise.all(CUT_SHORT.map(async (request) => {
      const response = await post(url, tenant.apiKey, request.path, request.body);
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      // Some content delivered, which the bill must cover.
      const head = await readUntil(reader, request.content);
      return { request, requestId: response.headers.get('request-id')!, reader, head };
    }));
    const waiting = NOT_BEGUN.map((request) => post(url, tenant.apiKey, request.path, request.body));
    await eventually(async () => (await openHolds(tenant.orgId)).length === CUT_SHORT.length + NOT_BEGUN.length, 5000, 'every request holding credits');

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    for (const { request, reader, head } of started) expect(lastEvents(head + (await readToEnd(reader)), request.ending.length), request.name).toMatchObject(request.ending);
    for (const [index, answer] of (await Promise.all(waiting)).entries()) {
      expect(answer.status, NOT_BEGUN[index]!.name).toBe(503);
      expect(answer.headers.get('connection')).toBe('close');
      expect(await answer.json()).toEqual(NOT_BEGUN[index]!.answer);
    }
    const ended = await gateway.outcome;
    expect(ended.code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(ended.stderr).toContain('drain time is up');

    // Each stream is billed as a cancelled one is, for what it delivered (a few of its 60 words),
    // and recorded with the status its ending carried; the answers not begun bill nothing.
    const settled = (await processes.data.store.listLedger(tenant.orgId)).filter((entry) => entry.kind === 'settle');
    expect(settled.map((entry) => entry.requestId).sort()).toEqual(started.map((stream) => stream.requestId).sort());
    for (const { request, requestId } of started) {
      const log = await processes.data.store.getRequestLog(requestId, tenant.orgId);
      expect(log, request.name).toMatchObject({ status: 503, credits: -settled.find((entry) => entry.requestId === requestId)!.amount });
      expect(log!.outputTokens, request.name).toBeGreaterThan(0);
      expect(log!.outputTokens, request.name).toBeLessThan(60);
    }
    expect(await expectLedgerClosed(tenant.orgId)).toBe(CREDITS + settled.reduce((total, entry) => total + entry.amount, 0));
  }, 60_000);

  it('answers every other request unanswered at the drain deadline 503 in its route\'s shape, and exits without waiting for its work: a count_tokens waiting for its upstream, requests whose bodies are still arriving', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    const gateway = processes.start({ BYTESPIKE_DRAIN_TIMEOUT_SECONDS: '1', BYTESPIKE_ADMIN_TOKEN: ADMIN_TOKEN });
    const url = await gateway.listening();
    const counting = post(url, tenant.apiKey, '/v1/messages/count_tokens', { model: MODEL, messages: messages('Count slowly [[delay:30000]]') });
    const uploads = await Promise.all(UPLOADING.map(async (request) => {
      const connection = await openRawHttpConnection(url);
      const auth = request.auth(tenant.apiKey);
      connection.send({ method: 'POST', path: request.path, headers: { 'content-type': request.type, ...(auth ? { authorization: auth } : {}) }, body: request.body, unfinished: true });
      return connection;
    }));
    const countArrived = async () => {
      const { requests } = (await (await fetch(`${processes.simulatorUrl}/__sim/requests?provider=anthropic`)).json()) as { requests: { path: string }[] };
      return requests.some((request) => request.path.endsWith('/count_tokens'));
    };
    await eventually(countArrived, 5000, 'count_tokens waiting for its upstream');

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    const counted = await counting;
    expect(counted.status).toBe(503);
    expect(counted.headers.get('connection')).toBe('close');
    expect(await counted.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: shuttingDown }, request_id: counted.headers.get('request-id') });
    for (const [index, connection] of uploads.entries()) {
      const request = UPLOADING[index]!;
      const [answer, ...more] = await connection.closed();
      expect(more, request.name).toEqual([]);
      expect(answer?.status, request.name).toBe(503);
      expect(answer!.headers.connection, request.name).toBe('close');
      expect(JSON.parse(answer!.body), request.name).toEqual(request.answer);
    }
    const ended = await gateway.outcome;
    expect(ended.code).toBe(0);
    // Answered at the deadline, not cut a second later: count_tokens stopped by its handler, the uploads by the host.
    expect(ended.stderr).toContain(`"stopped":1,"answered":${UPLOADING.length}`);
    expect(ended.stderr).not.toContain('cutting the connections still open');
    // Not after count_tokens' 30 s upstream wait.
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(await expectLedgerClosed(tenant.orgId)).toBe(CREDITS);
  }, 60_000);

  it('exits at once on a second signal, leaving the hold for the next start to release (restart-recovery.test.ts)', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    const gateway = processes.start();
    const url = await gateway.listening();
    const stream = await streamMessages(url, tenant.apiKey, 'Tell a long story [[long:60]] [[chunk-delay:500]]');
    const reader = stream.body!.getReader();
    expect((await reader.read()).done).toBe(false);

    gateway.child.kill('SIGTERM');
    await eventually(() => gateway.stderr().includes('draining before exit'), 5000, 'the signal heard');
    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    const ended = await gateway.outcome;
    expect(ended.code).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(2000);
    expect(ended.stderr).toContain('second signal while draining; exiting now');
    await readToEnd(reader);
    expect(await openHolds(tenant.orgId)).toHaveLength(1);
  }, 60_000);
});

describe('bytespike serve signalled while it boots', () => {
  it('stops the boot once the plugin activating is done: what was activated is disposed (billing\'s heartbeat removed), nothing listens, and it exits 143', async () => {
    const tenant = await processes.data.createTenant(CREDITS);
    // A plugin that activates after billing (the store open, this process's heartbeat written) and takes a while.
    const pluginsDir = join(processes.data.path, 'plugins');
    const journal = join(processes.data.path, 'journal.log');
    writePlugin(pluginsDir, { name: 'slow-boot', requires: ['billing'], body: "process.stderr.write('slow-boot activating\\n'); await new Promise((resolve) => setTimeout(resolve, 1500));" });
    const gateway = processes.start({ BYTESPIKE_PLUGIN_DIRS: pluginsDir, [JOURNAL_VARIABLE]: journal });
    await eventually(() => gateway.stderr().includes('slow-boot activating'), 20_000, 'the slow plugin activating');
    expect((await processes.data.store.listInstances()).length).toBe(1);
    gateway.child.kill('SIGTERM');

    const ended = await gateway.outcome;
    expect([ended.code, ended.signal]).toEqual([143, null]);
    expect(ended.stderr).toContain('boot stopped; disposing the plugins activated so far');
    expect(ended.stderr).not.toContain('listening on');
    expect(readJournal(journal)).toEqual(['activate slow-boot', 'dispose slow-boot']);
    // Billing's stop ran: this process's heartbeat is gone, and it held nothing.
    expect(await processes.data.store.listInstances()).toEqual([]);
    expect(await expectLedgerClosed(tenant.orgId)).toBe(CREDITS);
  }, 60_000);
});
