import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectOneSettlement, expectReleased } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * A hostile or careless client on every kind of endpoint the gateway serves: each bad request
 * gets its protocol's error shape with the right status and a request id, never a stack trace
 * or an upstream key, the gateway keeps serving, and the ledger is untouched (no hold left
 * open, the balance equal to its entries). Runs on SQLite and, with E2E_STORE=postgres, on
 * PostgreSQL, whose TEXT cannot hold the NUL character that JSON, URLs and SQLite carry.
 */
const ADMIN_TOKEN = 'qa-admin-token-for-hostile-clients';
const e2e = useGatewayWithClients({ env: { BYTESPIKE_ADMIN_TOKEN: ADMIN_TOKEN } });
const ON_POSTGRES = process.env.E2E_STORE === 'postgres';
/** What a request holding a NUL character gets: SQLite keeps (or looks up) the value, PostgreSQL refuses it as the client's fault. */
const nul = (onSqlite: number) => (ON_POSTGRES ? 400 : onSqlite);

type Shape = 'anthropic' | 'openai' | 'host' | 'json-rpc' | 'oauth';

/** Each protocol's error body, and nothing more. */
const SHAPES: Record<Shape, (body: any, requestId: string | null) => void> = {
  // Anthropic's errors name their request, the gateway's (the `request-id` header's).
  anthropic: (body, requestId) => expect(body).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) }, request_id: requestId }),
  openai: (body) => expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']),
  host: (body) => expect(body).toEqual({ error: { type: expect.any(String), code: expect.stringMatching(/^BSK_/), message: expect.any(String), ...(body.error.param === undefined ? {} : { param: expect.any(String) }) } }),
  'json-rpc': (body) => expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: expect.any(Number), message: expect.any(String) } }),
  oauth: (body) => expect(body).toEqual({ error: expect.any(String), error_description: expect.any(String) }),
};

interface Probe {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  /** Sent as is when a string or bytes, as JSON otherwise. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The key sent as `Authorization: Bearer`: the e2e key unless given (`null`: none). */
  readonly bearer?: string | null;
  readonly status: number;
  /** The error shape of a 4xx/5xx; a success is only checked for its status. */
  readonly shape: Shape;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const ANTHROPIC = { ...JSON_TYPE, 'anthropic-version': '2023-06-01' };
const messages = (extra: object, model = 'anthropic/claude-sonnet-4-6') => ({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }], ...extra });
const chat = (extra: object, model = 'openai/gpt-4.1') => ({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra });
const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
const unknownToolResult = { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_unknown', content: 'done' }] }] };

function protocolProbes(path: string, shape: Shape, headers: Record<string, string>, valid: (extra: object) => object): Probe[] {
  return [
    { name: 'a body that is not JSON', path, headers, body: 'hello{', status: 400, shape },
    { name: 'a JSON array', path, headers, body: '[1,2]', status: 400, shape },
    { name: 'JSON null', path, headers, body: 'null', status: 400, shape },
    { name: 'a number too large for a double', path, headers, body: '1e400', status: 400, shape },
    { name: 'an empty body', path, headers, body: '', status: 400, shape },
    { name: 'JSON sent as text/plain', path, headers: { ...headers, 'content-type': 'text/plain' }, body: '{}', status: 415, shape },
    { name: 'JSON nested 600 levels deep', path, headers, body: deep, status: 400, shape },
    { name: 'a gzip body that is not gzip', path, headers: { ...headers, 'content-encoding': 'gzip' }, body: 'not gzip', status: 400, shape },
    { name: 'a deflate body that is not deflate', path, headers: { ...headers, 'content-encoding': 'deflate' }, body: 'not deflate', status: 400, shape },
    { name: 'an encoding the gateway cannot read', path, headers: { ...headers, 'content-encoding': 'zstd' }, body: '{}', status: 415, shape },
    { name: 'a body past the size limit', path, headers, body: Buffer.alloc(33 * 1024 * 1024, 0x20), status: 413, shape },
    { name: 'a gzip bomb', path, headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)), status: 413, shape },
    { name: 'stream: "yes"', path, headers, body: valid({ stream: 'yes' }), status: 400, shape },
    { name: 'a model id of 100,000 characters', path, headers, body: valid({ model: 'x'.repeat(100_000) }), status: 404, shape },
    { name: 'a model id that is a number', path, headers, body: valid({ model: 5 }), status: 400, shape },
    { name: 'a model id holding a NUL character', path, headers, body: valid({ model: 'anthropic/claude\u0000' }), status: 404, shape },
    { name: 'no key', path, headers, body: valid({}), bearer: null, status: 401, shape },
    { name: 'an unknown key', path, headers, body: valid({}), bearer: 'bsk_not_a_key', status: 401, shape },
    { name: 'a good Bearer key and a bad x-api-key (x-api-key wins)', path, headers: { ...headers, 'x-api-key': 'bsk_not_a_key' }, body: valid({}), status: 401, shape },
    { name: 'a Basic authorization', path, headers: { ...headers, authorization: 'Basic eDp5' }, body: valid({}), bearer: null, status: 401, shape },
    { name: 'an x-bytespike-flags header that is not JSON', path, headers: { ...headers, 'x-bytespike-flags': '{nope' }, body: valid({}), status: 400, shape },
    { name: 'PUT', method: 'PUT', path, headers, body: '{}', status: 404, shape },
    { name: 'OPTIONS', method: 'OPTIONS', path, headers, status: 404, shape },
  ];
}

const PROBES: Probe[] = [
  ...protocolProbes('/v1/messages', 'anthropic', ANTHROPIC, messages).map((probe) => ({ ...probe, name: `Messages: ${probe.name}` })),
  ...protocolProbes('/v1/chat/completions', 'openai', JSON_TYPE, chat).map((probe) => ({ ...probe, name: `Chat Completions: ${probe.name}` })),
  ...protocolProbes('/v1/responses', 'openai', JSON_TYPE, (extra) => ({ model: 'openai/gpt-4.1', input: 'Hi', ...extra })).map((probe) => ({ ...probe, name: `Responses: ${probe.name}` })),
  { name: 'Messages: max_tokens 0', path: '/v1/messages', headers: ANTHROPIC, body: messages({ max_tokens: 0 }), status: 400, shape: 'anthropic' },
  { name: 'Messages: max_tokens -1', path: '/v1/messages', headers: ANTHROPIC, body: messages({ max_tokens: -1 }), status: 400, shape: 'anthropic' },
  { name: 'Messages: max_tokens 1.5', path: '/v1/messages', headers: ANTHROPIC, body: messages({ max_tokens: 1.5 }), status: 400, shape: 'anthropic' },
  { name: 'Messages: no messages', path: '/v1/messages', headers: ANTHROPIC, body: messages({ messages: [] }), status: 400, shape: 'anthropic' },
  { name: 'Messages: a tool result for an unknown id, translated to Gemini', path: '/v1/messages', headers: ANTHROPIC, body: messages(unknownToolResult, 'gemini/gemini-2.5-flash'), status: 400, shape: 'anthropic' },
  { name: 'count_tokens: a tool result for an unknown id, counted by Gemini (refused as the create call refuses it)', path: '/v1/messages/count_tokens', headers: ANTHROPIC, body: messages(unknownToolResult, 'gemini/gemini-2.5-flash'), status: 400, shape: 'anthropic' },
  { name: 'count_tokens: a body that is not JSON', path: '/v1/messages/count_tokens', headers: ANTHROPIC, body: 'hello{', status: 400, shape: 'anthropic' },
  { name: 'Chat Completions: max_tokens -1, translated', path: '/v1/chat/completions', headers: JSON_TYPE, body: chat({ max_tokens: -1 }, 'anthropic/claude-sonnet-4-6'), status: 400, shape: 'openai' },
  { name: 'Chat Completions: n 2', path: '/v1/chat/completions', headers: JSON_TYPE, body: chat({ n: 2 }), status: 400, shape: 'openai' },
  { name: 'Chat Completions: a tool message for an unknown id, translated to Gemini', path: '/v1/chat/completions', headers: JSON_TYPE, body: chat({ messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', tool_call_id: 'call_unknown', content: 'done' }] }, 'gemini/gemini-2.5-flash'), status: 400, shape: 'openai' },
  { name: 'Responses: max_output_tokens 0', path: '/v1/responses', headers: JSON_TYPE, body: { model: 'openai/gpt-4.1', input: 'Hi', max_output_tokens: 0 }, status: 400, shape: 'openai' },
  { name: 'Responses: empty input', path: '/v1/responses', headers: JSON_TYPE, body: { model: 'anthropic/claude-sonnet-4-6', input: [] }, status: 400, shape: 'openai' },
  { name: 'Responses: a previous_response_id holding a NUL character', path: '/v1/responses', headers: JSON_TYPE, body: { model: 'anthropic/claude-sonnet-4-6', input: 'Hi', previous_response_id: 'resp_\u0000' }, status: 400, shape: 'openai' },
  { name: 'Responses: GET of an id holding a NUL character', method: 'GET', path: '/v1/responses/resp_%00', status: nul(404), shape: 'openai' },
  { name: 'Responses: DELETE of an id holding a NUL character', method: 'DELETE', path: '/v1/responses/resp_%00', status: nul(404), shape: 'openai' },
  { name: 'Embeddings: a JSON array', path: '/v1/embeddings', headers: JSON_TYPE, body: '[]', status: 400, shape: 'openai' },
  { name: 'Embeddings: input a number', path: '/v1/embeddings', headers: JSON_TYPE, body: { model: 'text-embedding-3-small', input: 5 }, status: 400, shape: 'openai' },
  { name: 'Rerank: JSON null', path: '/v1/rerank', headers: JSON_TYPE, body: 'null', status: 400, shape: 'openai' },
  { name: 'Images: a JSON string', path: '/v1/images/generations', headers: JSON_TYPE, body: '"a cat"', status: 400, shape: 'openai' },
  { name: 'Image edits: JSON instead of multipart', path: '/v1/images/edits', headers: JSON_TYPE, body: {}, status: 400, shape: 'openai' },
  { name: 'Image edits: multipart without a boundary', path: '/v1/images/edits', headers: { 'content-type': 'multipart/form-data' }, body: 'x', status: 400, shape: 'openai' },
  { name: 'Videos: multipart whose boundary never occurs', path: '/v1/videos', headers: { 'content-type': 'multipart/form-data; boundary=abc' }, body: 'garbage', status: 400, shape: 'openai' },
  { name: 'Videos: GET of an id holding a NUL character', method: 'GET', path: '/v1/videos/video_%00', status: nul(404), shape: 'openai' },
  { name: 'Models: limit 0 in Anthropic\'s shape', method: 'GET', path: '/v1/models?limit=0', headers: { 'anthropic-version': '2023-06-01' }, status: 400, shape: 'anthropic' },
  { name: 'Models: after_id given twice', method: 'GET', path: '/v1/models?after_id=a&after_id=b', headers: { 'anthropic-version': '2023-06-01' }, status: 400, shape: 'anthropic' },
  { name: 'Keys: a JSON array', path: '/v1/keys', headers: JSON_TYPE, body: '[]', status: 400, shape: 'host' },
  { name: 'Keys: a name holding a NUL character', path: '/v1/keys', headers: JSON_TYPE, body: { name: 'laptop\u0000' }, status: nul(201), shape: 'host' },
  { name: 'Keys: DELETE of an id holding a NUL character', method: 'DELETE', path: '/v1/keys/key_%00', status: nul(404), shape: 'host' },
  { name: 'Usage: from given twice', method: 'GET', path: '/v1/usage?from=2020-01-01&from=2021-01-01', status: 400, shape: 'host' },
  { name: 'Generation: id given twice', method: 'GET', path: '/v1/generation?id=a&id=b', status: 400, shape: 'host' },
  { name: 'Generation: an id holding a NUL character', method: 'GET', path: '/v1/generation?id=req_%00', status: nul(404), shape: 'host' },
  { name: 'Skills: an archive that is not base64 gzip', path: '/v1/skills', headers: JSON_TYPE, body: { archive: '!!!', visibility: 'org' }, status: 400, shape: 'host' },
  { name: 'Skills: a name holding a NUL character', method: 'GET', path: '/v1/skills/a%00/1.0.0', status: nul(404), shape: 'host' },
  { name: 'MCP: a body that is not JSON', path: '/mcp/image-tools', headers: JSON_TYPE, body: 'hello{', status: 400, shape: 'json-rpc' },
  { name: 'MCP: no key', path: '/mcp/image-tools', headers: { ...JSON_TYPE, accept: 'application/json, text/event-stream' }, body: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, bearer: null, status: 401, shape: 'json-rpc' },
  { name: 'MCP: an unknown server', path: '/mcp/nowhere', headers: JSON_TYPE, body: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, status: 404, shape: 'json-rpc' },
  { name: 'MCP: GET', method: 'GET', path: '/mcp/image-tools', status: 405, shape: 'json-rpc' },
  { name: 'OAuth token: a body that is not JSON', path: '/oauth/token', headers: JSON_TYPE, body: 'hello{', bearer: null, status: 400, shape: 'oauth' },
  { name: 'OAuth token: a form with no grant', path: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=a&code=b', bearer: null, status: 400, shape: 'oauth' },
  { name: 'Console: sign-in with a JSON array', path: '/console/api/sign-in', headers: JSON_TYPE, body: '[]', bearer: null, status: 400, shape: 'host' },
  { name: 'Console: sign-up with an email holding a NUL character', path: '/console/api/sign-up', headers: JSON_TYPE, body: { email: 'nul\u0000@e2e.test', password: 'a long enough password', org_name: 'Nul' }, bearer: null, status: nul(201), shape: 'host' },
  { name: 'Console: a session cookie that is not one', method: 'GET', path: '/console/api/session', headers: { cookie: 'bsk_console_session=%%%; bsk_console_session=x' }, bearer: null, status: 401, shape: 'host' },
  { name: 'Admin: credits 1e400', path: '/admin/v1/orgs/{org}/credits', headers: JSON_TYPE, body: '{"amount":1e400}', bearer: ADMIN_TOKEN, status: 400, shape: 'host' },
  { name: 'Admin: credits -5', path: '/admin/v1/orgs/{org}/credits', headers: JSON_TYPE, body: { amount: -5 }, bearer: ADMIN_TOKEN, status: 400, shape: 'host' },
  { name: 'Admin: credits 1.5', path: '/admin/v1/orgs/{org}/credits', headers: JSON_TYPE, body: { amount: 1.5 }, bearer: ADMIN_TOKEN, status: 400, shape: 'host' },
  { name: 'Admin: credits as a string', path: '/admin/v1/orgs/{org}/credits', headers: JSON_TYPE, body: { amount: '5' }, bearer: ADMIN_TOKEN, status: 400, shape: 'host' },
  { name: 'Admin: an org name holding a NUL character', path: '/admin/v1/orgs', headers: JSON_TYPE, body: { name: 'Ac\u0000me' }, bearer: ADMIN_TOKEN, status: nul(201), shape: 'host' },
  { name: 'Admin: a member email holding a NUL character', path: '/admin/v1/orgs/{org}/members', headers: JSON_TYPE, body: { email: 'nul\u0000@e2e.test', role: 'member' }, bearer: ADMIN_TOKEN, status: nul(201), shape: 'host' },
  { name: 'Admin: an org id holding a NUL character', method: 'GET', path: '/admin/v1/orgs/org_%00/wallet', bearer: ADMIN_TOKEN, status: nul(404), shape: 'host' },
  { name: 'Admin: the e2e key as the admin token', method: 'GET', path: '/admin/v1/orgs/{org}/wallet', status: 401, shape: 'host' },
  { name: 'an unknown path with a body that is not JSON', method: 'DELETE', path: '/nowhere', headers: JSON_TYPE, body: '{', bearer: null, status: 404, shape: 'host' },
];

async function send(probe: Probe): Promise<{ status: number; requestId: string | null; text: string }> {
  const bearer = probe.bearer === undefined ? e2e.gateway.apiKey : probe.bearer;
  const body = probe.body === undefined || typeof probe.body === 'string' ? probe.body : Buffer.isBuffer(probe.body) ? new Uint8Array(probe.body) : JSON.stringify(probe.body);
  const response = await fetch(`${e2e.gateway.url}${probe.path.replace('{org}', e2e.gateway.orgId)}`, {
    method: probe.method ?? 'POST',
    headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...probe.headers },
    body,
  });
  return { status: response.status, requestId: response.headers.get('request-id'), text: await response.text() };
}

/** The ledger rule after any traffic: no hold left open, and the balance is the sum of its entries. */
async function expectLedgerIntact(): Promise<void> {
  const store = e2e.gateway.kernel.use('store');
  await expect.poll(async () => (await store.listOpenReservations()).map((reservation) => reservation.requestId), { timeout: 5_000 }).toEqual([]);
  const entries = await store.listLedger(e2e.gateway.orgId);
  expect(entries.reduce((sum, entry) => sum + entry.amount, 0)).toBe(await e2e.gateway.balance());
}

/** A raw HTTP/1.1 request whose client closes the socket `leaveAfterMs` after the last body byte. */
function sendThenLeave(path: string, body: string, leaveAfterMs: number): Promise<void> {
  const { hostname, port } = new URL(e2e.gateway.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      const headers = { host: `${hostname}:${port}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${e2e.gateway.apiKey}`, 'anthropic-version': '2023-06-01' };
      socket.write(`POST ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`);
      setTimeout(() => socket.destroy(), leaveAfterMs);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

describe('hostile and careless clients', () => {
  it('every endpoint answers bad input in its own error shape and status, with a request id, and the ledger is untouched', async () => {
    const before = await e2e.gateway.balance();
    const failures: string[] = [];
    for (const probe of PROBES) {
      const answer = await send(probe);
      const problems: string[] = [];
      if (answer.status !== probe.status) problems.push(`status ${answer.status}, expected ${probe.status}`);
      if (!/^req_/.test(answer.requestId ?? '')) problems.push('no request-id');
      if (/sim-upstream-key|\n\s+at /.test(answer.text)) problems.push('a stack trace or an upstream key in the body');
      if (probe.method !== 'HEAD' && answer.status >= 400) {
        try {
          SHAPES[probe.shape](JSON.parse(answer.text), answer.requestId);
        } catch (error) {
          problems.push(`not the ${probe.shape} error shape: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      if (problems.length) failures.push(`${probe.name}: ${problems.join('; ')} — ${answer.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await e2e.gateway.balance()).toBe(before);
    await expectLedgerIntact();
    // Still serving: a good request after all of that is answered and billed once.
    const health = await fetch(`${e2e.gateway.url}/health`);
    expect(health.status).toBe(200);
    const good = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'Still there?' }] });
    await expectOneSettlement(e2e.gateway, good._request_id!);
  });

  it('a video job the store cannot keep releases its hold instead of leaving it open', async () => {
    const store = e2e.gateway.kernel.use('store');
    const insertVideoJob = store.insertVideoJob;
    store.insertVideoJob = () => Promise.reject(new Error('the database refused the write'));
    const before = await e2e.gateway.balance();
    try {
      const answer = await send({ name: 'video', path: '/v1/videos', headers: JSON_TYPE, body: { model: 'veo-3.0-fast-generate-001', prompt: 'a paper boat', seconds: '4' }, status: 500, shape: 'openai' });
      expect(answer.status).toBe(500);
      SHAPES.openai(JSON.parse(answer.text), answer.requestId);
      await expectReleased(e2e.gateway, answer.requestId!);
    } finally {
      store.insertVideoJob = insertVideoJob;
    }
    expect(await e2e.gateway.balance()).toBe(before);
    await expectLedgerIntact();
  });

  // SQLite keeps such a prompt like any other; only PostgreSQL refuses it.
  it.runIf(ON_POSTGRES)('a video prompt holding a NUL character is refused on PostgreSQL, its hold released', async () => {
    const before = await e2e.gateway.balance();
    const answer = await send({ name: 'video', path: '/v1/videos', headers: JSON_TYPE, body: { model: 'veo-3.0-fast-generate-001', prompt: 'a paper\u0000boat', seconds: '4' }, status: 400, shape: 'openai' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { type: 'invalid_request_error', code: 'BSK_STORE_NUL_CHARACTER' } });
    await expectReleased(e2e.gateway, answer.requestId!);
    expect(await e2e.gateway.balance()).toBe(before);
    await expectLedgerIntact();
  });

  it('the same client request id sent twice at once is two requests, each held and settled once under its own gateway id', async () => {
    const before = await e2e.gateway.balance();
    const twins = await Promise.all([1, 2].map(() => fetch(`${e2e.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { ...ANTHROPIC, authorization: `Bearer ${e2e.gateway.apiKey}`, 'request-id': 'req_client_chosen', 'x-request-id': 'req_client_chosen', 'idempotency-key': 'same' },
      body: JSON.stringify(messages({ messages: [{ role: 'user', content: 'twin [[delay:200]]' }] })),
    })));
    const ids = twins.map((response) => response.headers.get('request-id')!);
    expect(twins.map((response) => response.status)).toEqual([200, 200]);
    expect(new Set([...ids, 'req_client_chosen']).size).toBe(3);
    const charged = await Promise.all(ids.map((id) => expectOneSettlement(e2e.gateway, id)));
    expect(before - (await e2e.gateway.balance())).toBe(charged[0]! + charged[1]!);
    await expectLedgerIntact();
  });

  it('a client that leaves right after sending its body (before the hold, between the hold and the upstream call, or while waiting) is never billed and leaves no hold', async () => {
    const before = await e2e.gateway.balance();
    const calls: [string, object][] = [
      ['/v1/messages', messages({ messages: [{ role: 'user', content: 'leave [[delay:300]]' }] })],
      ['/v1/messages', messages({ stream: true, messages: [{ role: 'user', content: 'leave [[delay:300]]' }] }, 'openai/gpt-5.4')],
      ['/v1/chat/completions', chat({ stream: true, messages: [{ role: 'user', content: 'leave [[delay:300]]' }] })],
      ['/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'leave [[delay:300]]' }] }, 'gemini/gemini-2.5-flash')],
      ['/v1/responses', { model: 'anthropic/claude-sonnet-4-6', stream: true, input: 'leave [[delay:300]]' }],
      ['/v1/embeddings', { model: 'text-embedding-3-small', input: 'leave [[delay:300]]' }],
      ['/v1/videos', { model: 'veo-3.0-fast-generate-001', prompt: 'leave [[delay:300]]', seconds: '4' }],
    ];
    await Promise.all(calls.flatMap(([path, body]) => [0, 2, 10, 50].map((leaveAfterMs) => sendThenLeave(path, JSON.stringify(body), leaveAfterMs))));
    // The client is gone before the gateway has finished with its request: a hold taken after the
    // socket closed is released once the gateway sees it (a slow machine can see the wallet in between).
    // A hold never released keeps the balance short, and the poll fails.
    await expect.poll(() => e2e.gateway.balance()).toBe(before);
    await expectLedgerIntact();
  });
});
