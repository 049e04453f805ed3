import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from '../../../kernel/kernel';
import { createLogger } from '../../../kernel/logger';
import { gatewayProfile } from '../../../kernel/profiles/gateway';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const PLUGINS = ['http-host', 'sqlite-store', 'billing', 'feature-flags', 'admin-api'];

let kernel: Kernel;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bsk-admin-'));
  kernel = await bootKernel({
    profile: gatewayProfile, cwd: folder, dataDir: join(folder, 'data'), env: { BYTESPIKE_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: createLogger({ level: 'silent' }), only: (plugin) => PLUGINS.includes(plugin.manifest.name),
  });
});

afterAll(async () => {
  await kernel?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function admin(method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await kernel.use('http').app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });
  return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, headers: response.headers };
}

async function asKey(key: string, method: Method, url: string, payload?: unknown) {
  const response = await kernel.use('http').app.inject({ method, url, payload: payload as object, headers: { 'x-api-key': key } });
  return { status: response.statusCode, body: response.json() };
}

describe('admin API end to end', () => {
  it('creates an org, funds it, adds a member with a key, bills a request and invoices the month', async () => {
    const org = await admin('POST', '/admin/v1/orgs', { name: 'Acme' });
    expect(org.status).toBe(201);
    const orgId = org.body.id as string;
    expect((await admin('POST', `/admin/v1/orgs/${orgId}/credits`, { amount: 50_000, note: 'PO 17' })).body).toMatchObject({ org_id: orgId, balance: 50_000, reserved: 0 });
    expect((await admin('PATCH', `/admin/v1/orgs/${orgId}/limits`, { daily: 40_000, monthly: null })).body.limits).toEqual({ daily: 40_000, monthly: null });

    const member = await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'dev@acme.test', role: 'admin', quota: { daily: 10_000 } });
    expect(member.status).toBe(201);
    expect(member.body.quota).toEqual({ daily: 10_000, monthly: null, rpm: null, tpm: null });
    expect((await admin('PATCH', `/admin/v1/members/${member.body.id}`, { quota: { rpm: 100, tpm: 50_000 } })).body.quota).toEqual({ daily: 10_000, monthly: null, rpm: 100, tpm: 50_000 });

    const key = await admin('POST', `/admin/v1/members/${member.body.id}/keys`, { name: 'laptop', scopes: ['chat', 'keys:derive'], models: ['anthropic/*'], credit_limit: 20_000, tpm: 10_000 });
    expect(key.status).toBe(201);
    expect(key.body).toMatchObject({ name: 'laptop', scopes: ['chat', 'keys:derive'], models: ['anthropic/*'], credit_limit: 20_000, tpm: 10_000, parent_id: null });
    const rawKey = key.body.key as string;

    const billing = kernel.use('billing');
    const holder = await kernel.use('accounts').authenticate(rawKey);
    await billing.reserve({ requestId: 'req_1', key: holder, model: 'anthropic/claude-sonnet-4-6', maxCredits: 3000, modality: 'chat' });
    await billing.settle('req_1', { credits: 1234, usage: { inputTokens: 10, outputTokens: 20 }, model: 'anthropic/claude-sonnet-4-6', status: 200, latencyMs: 42 });

    const wallet = await admin('GET', `/admin/v1/orgs/${orgId}/wallet`);
    expect(wallet.body).toMatchObject({ balance: 50_000 - 1234, reserved: 0, spent: { today: 1234 } });
    const usage = await admin('GET', `/admin/v1/orgs/${orgId}/usage`);
    expect(usage.body).toMatchObject({ requests: 1, total_credits: 1234 });
    const month = new Date().toISOString().slice(0, 7);
    const invoice = await admin('GET', `/admin/v1/orgs/${orgId}/invoice?month=${month}`);
    expect(invoice.body).toEqual({ month, org_id: orgId, total_credits: 1234, by_model: { 'anthropic/claude-sonnet-4-6': 1234 }, by_member: { [member.body.id]: 1234 }, by_key: { [key.body.id]: 1234 } });
    const csv = await admin('GET', `/admin/v1/orgs/${orgId}/invoice?month=${month}`, undefined, { accept: 'text/csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(`month,dimension,id,credits\r\n${month},model,anthropic/claude-sonnet-4-6,1234\r\n${month},member,${member.body.id},1234\r\n${month},key,${key.body.id},1234\r\n${month},total,${orgId},1234\r\n`);

    // Key holder routes: derive, list, read the generation, revoke.
    const derived = await asKey(rawKey, 'POST', '/v1/keys', { name: 'ci', scopes: ['chat'], credit_limit: 500 });
    expect(derived.status).toBe(201);
    expect(derived.body).toMatchObject({ parent_id: key.body.id, models: ['anthropic/*'], credit_limit: 500, tpm: 10_000 });
    expect((await asKey(rawKey, 'POST', '/v1/keys', { name: 'greedy', credit_limit: 20_001 })).body.error).toMatchObject({ type: 'permission_error', code: 'BSK_KEYS_WIDENS_PARENT' });
    expect((await asKey(rawKey, 'POST', '/v1/keys', { name: 'hungry', tpm: 10_001 })).body.error).toMatchObject({ code: 'BSK_KEYS_WIDENS_PARENT', param: 'tpm' });
    expect((await asKey(rawKey, 'GET', '/v1/keys')).body.data.map((item: { id: string }) => item.id)).toEqual([key.body.id, derived.body.id]);
    expect((await asKey(derived.body.key, 'GET', '/v1/keys')).body.data).toHaveLength(1);
    const generation = await asKey(rawKey, 'GET', '/v1/generation?id=req_1');
    expect(generation.body.data).toMatchObject({ id: 'req_1', total_credits: 1234, status: 200, latency_ms: 42, usage: { input_tokens: 10, output_tokens: 20 } });
    expect((await asKey(derived.body.key, 'GET', '/v1/generation?id=req_1')).status).toBe(404);
    expect((await asKey(rawKey, 'GET', '/v1/usage')).body).toMatchObject({ total_credits: 1234 });

    expect((await admin('DELETE', `/admin/v1/keys/${key.body.id}`)).body).toEqual({ revoked: [key.body.id, derived.body.id] });
    expect((await asKey(derived.body.key, 'GET', '/v1/keys')).status).toBe(401);
    expect((await asKey(rawKey, 'GET', '/v1/keys')).body.error).toMatchObject({ type: 'authentication_error', code: 'BSK_AUTH_KEY_INVALID' });
  });

  it('sets feature-flag settings on an org and its keys, a derived key never allowing more than its parent', async () => {
    const orgId = (await admin('POST', '/admin/v1/orgs', { name: 'Flags' })).body.id as string;
    const member = (await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'f@f.test', role: 'owner' })).body;
    const root = (await admin('POST', `/admin/v1/members/${member.id}/keys`, { name: 'root' })).body;
    const child = (await asKey(root.key, 'POST', '/v1/keys', { name: 'child' })).body;
    expect((await admin('GET', `/admin/v1/orgs/${orgId}/flags`)).body).toEqual({ org_id: orgId, defaults: {}, forbid: [], caps: {} });
    const org = await admin('PUT', `/admin/v1/orgs/${orgId}/flags`, { defaults: { cache: { ttl_s: 60 } }, forbid: ['fallback'], caps: { 'retry.attempts': 3 } });
    expect(org.body).toEqual({ org_id: orgId, defaults: { cache: { ttl_s: 60 } }, forbid: ['fallback'], caps: { 'retry.attempts': 3 } });
    expect((await admin('PUT', `/admin/v1/keys/${root.id}/flags`, { caps: { 'retry.attempts': 2 } })).status).toBe(200);
    const widened = await admin('PUT', `/admin/v1/keys/${child.id}/flags`, { defaults: { retry: { attempts: 3 } } });
    expect([widened.status, widened.body.error.code]).toEqual([403, 'BSK_FLAGS_WIDENS_PARENT']);
    expect((await admin('PUT', `/admin/v1/keys/${child.id}/flags`, { defaults: { retry: { attempts: 1 } } })).body).toEqual({ key_id: child.id, defaults: { retry: { attempts: 1 } }, forbid: [], caps: {} });
    expect(await kernel.use('flag-settings').effectiveFor({ keyId: child.id, orgId })).toMatchObject({ keyDefaults: { retry: { attempts: 1 } }, policy: { forbid: ['fallback'], caps: { 'retry.attempts': 2 } } });
    expect((await admin('PUT', '/admin/v1/keys/key_missing/flags', {})).status).toBe(404);
    for (const path of ['/admin/v1/orgs/org_missing/flags', '/admin/v1/keys/key_missing/flags']) {
      const missing = await admin('GET', path);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'BSK_FLAGS_SUBJECT_NOT_FOUND']);
    }
  });

  it('refuses a missing or wrong admin token with 401, before reading the body', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${ADMIN_TOKEN}x`, `Basic ${ADMIN_TOKEN}`, ADMIN_TOKEN]) {
      const response = await kernel.use('http').app.inject({ method: 'POST', url: '/admin/v1/orgs', payload: { name: 'x' }, headers: authorization ? { authorization } : {} });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error).toMatchObject({ type: 'authentication_error', code: 'BSK_ADMIN_TOKEN_INVALID' });
    }
  });

  it('answers malformed bodies and bad amounts with 400 naming the field', async () => {
    const orgId = (await admin('POST', '/admin/v1/orgs', { name: 'Bad inputs' })).body.id as string;
    const member = (await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'a@b.test', role: 'member' })).body;
    const cases: [Method, string, unknown, string][] = [
      ['POST', '/admin/v1/orgs', {}, 'name'],
      ['POST', '/admin/v1/orgs', { name: 'x', extra: 1 }, 'extra'],
      ['POST', `/admin/v1/orgs/${orgId}/credits`, { amount: -5 }, 'amount'],
      ['POST', `/admin/v1/orgs/${orgId}/credits`, { amount: 1.5 }, 'amount'],
      ['POST', `/admin/v1/orgs/${orgId}/credits`, { amount: '100' }, 'amount'],
      ['POST', `/admin/v1/orgs/${orgId}/credits`, { amount: 1e30 }, 'amount'],
      ['PATCH', `/admin/v1/orgs/${orgId}/limits`, { daily: -1 }, 'daily'],
      ['POST', `/admin/v1/orgs/${orgId}/members`, { email: 'c@d.test', role: 'root' }, 'role'],
      ['PATCH', `/admin/v1/members/${member.id}`, { quota: { rpm: 0 } }, 'quota.rpm'],
      ['PATCH', `/admin/v1/members/${member.id}`, { quota: { tpm: 0 } }, 'quota.tpm'],
      ['PUT', `/admin/v1/orgs/${orgId}/flags`, { forbid: ['turbo'] }, 'forbid.0'],
      ['PUT', `/admin/v1/orgs/${orgId}/flags`, { caps: { timeout_ms: -1 } }, 'caps.timeout_ms'],
      ['PUT', `/admin/v1/orgs/${orgId}/flags`, { defaults: { retry: { attempts: 99 } } }, 'flags.defaults.retry.attempts'],
      ['POST', `/admin/v1/members/${member.id}/keys`, { name: 'k', scopes: ['chat', 'sudo'] }, 'scopes.1'],
      ['POST', `/admin/v1/members/${member.id}/keys`, { name: 'k', expires_at: 'tomorrow' }, 'expires_at'],
      ['POST', `/admin/v1/members/${member.id}/keys`, { name: 'k', models: ['gpt-5.4'] }, 'models'],
    ];
    for (const [method, url, payload, param] of cases) {
      const response = await admin(method, url, payload);
      expect([response.status, response.body.error?.param], JSON.stringify(payload)).toEqual([400, param]);
      expect(response.body.error.type).toBe('invalid_request_error');
    }
    const broken = await kernel.use('http').app.inject({ method: 'POST', url: '/admin/v1/orgs', payload: '{"name":', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.type).toBe('invalid_request_error');
    expect((await admin('GET', `/admin/v1/orgs/${orgId}/invoice?month=2025-13`)).body.error.param).toBe('month');
    expect((await admin('GET', '/admin/v1/orgs/org_missing/wallet')).status).toBe(404);
    // As the key-holder route does: the unknown key is the `id` of the path.
    const unknownKey = await admin('DELETE', '/admin/v1/keys/key_missing');
    expect([unknownKey.status, unknownKey.body.error?.code, unknownKey.body.error?.param]).toEqual([404, 'BSK_KEYS_NOT_FOUND', 'id']);
    expect((await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'a@b.test', role: 'admin' })).status).toBe(409);
  });

  it('answers key-holder requests with a parameter at fault with 400 or 404 naming it', async () => {
    const orgId = (await admin('POST', '/admin/v1/orgs', { name: 'Key holder inputs' })).body.id as string;
    const member = (await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'k@h.test', role: 'owner' })).body;
    const rawKey = (await admin('POST', `/admin/v1/members/${member.id}/keys`, { name: 'root' })).body.key as string;
    const cases: [Method, string, unknown, number, string][] = [
      ['GET', '/v1/usage?from=2025-03-02&to=2025-03-01', undefined, 400, 'from'],
      ['GET', '/v1/usage?from=2999-01-01', undefined, 400, 'from'],
      ['GET', '/v1/usage?to=2000-01-01', undefined, 400, 'to'],
      ['GET', '/v1/usage?from=yesterday', undefined, 400, 'from'],
      ['GET', '/v1/generation?id=req_missing', undefined, 404, 'id'],
      ['DELETE', '/v1/keys/key_missing', undefined, 404, 'id'],
      ['POST', '/v1/keys', { name: 'k', rpm: 0 }, 400, 'rpm'],
    ];
    for (const [method, url, payload, status, param] of cases) {
      const response = await asKey(rawKey, method, url, payload);
      expect([response.status, response.body.error?.param], url).toEqual([status, param]);
    }
    expect((await asKey(rawKey, 'GET', '/v1/usage?from=2025-03-01&to=2025-03-01')).status).toBe(200);
  });

  it('lets only a key allowed to manage keys list and revoke the org\'s other keys; any key manages itself', async () => {
    const orgId = (await admin('POST', '/admin/v1/orgs', { name: 'Key scopes' })).body.id as string;
    const owner = (await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'o@s.test', role: 'owner' })).body;
    const root = (await admin('POST', `/admin/v1/members/${owner.id}/keys`, { name: 'root' })).body;
    const embeddingsOnly = (await admin('POST', `/admin/v1/members/${owner.id}/keys`, { name: 'embeddings', scopes: ['embeddings'] })).body;
    expect((await asKey(embeddingsOnly.key, 'GET', '/v1/keys')).body.data.map((key: { id: string }) => key.id)).toEqual([embeddingsOnly.id]);
    const revokeRoot = await asKey(embeddingsOnly.key, 'DELETE', `/v1/keys/${root.id}`);
    expect([revokeRoot.status, revokeRoot.body.error.code]).toEqual([404, 'BSK_KEYS_NOT_FOUND']);
    expect((await asKey(root.key, 'GET', '/v1/keys')).body.data).toHaveLength(2);
    expect((await asKey(embeddingsOnly.key, 'DELETE', `/v1/keys/${embeddingsOnly.id}`)).body).toEqual({ revoked: [embeddingsOnly.id] });
    expect((await asKey(root.key, 'GET', '/v1/keys')).status).toBe(200);
  });

  it('refuses reservations against a drained wallet (402) and past the daily limit set by the API (429)', async () => {
    const orgId = (await admin('POST', '/admin/v1/orgs', { name: 'Limits' })).body.id as string;
    const member = (await admin('POST', `/admin/v1/orgs/${orgId}/members`, { email: 'l@l.test', role: 'owner' })).body;
    const rawKey = (await admin('POST', `/admin/v1/members/${member.id}/keys`, { name: 'k' })).body.key as string;
    const holder = await kernel.use('accounts').authenticate(rawKey);
    const reserve = (requestId: string, maxCredits: number) => kernel.use('billing').reserve({ requestId, key: holder, model: 'openai/gpt-5.4', maxCredits, modality: 'chat' });
    await expect(reserve('limits-1', 1)).rejects.toMatchObject({ status: 402 });
    await admin('POST', `/admin/v1/orgs/${orgId}/credits`, { amount: 100 });
    await admin('PATCH', `/admin/v1/orgs/${orgId}/limits`, { daily: 10 });
    await expect(reserve('limits-2', 11)).rejects.toMatchObject({ status: 429, code: 'BSK_BILLING_ORG_LIMIT' });
  });
});
