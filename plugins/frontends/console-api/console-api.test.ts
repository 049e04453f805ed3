import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { type ConsoleClient, createConsoleClient } from './testing/console-client';

/** The Console API against the real gateway profile: sign-up to invoice, and every refusal the issue lists. */
let gateway: GatewayHarness;
let owner: ConsoleClient;
let orgId: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  gateway = await startGatewayHarness();
  owner = createConsoleClient(gateway.url);
  orgId = (await owner.signUp('founder@acme.test', PASSWORD, 'Acme')).org.id;
});
afterAll(async () => gateway?.close());

async function chat(apiKey: string): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'hello' }] }),
  });
}

async function inviteAndJoin(email: string, role: 'admin' | 'member'): Promise<ConsoleClient> {
  const invite = await owner.call('POST', `/console/api/orgs/${orgId}/invites`, { email, role });
  expect(invite.status).toBe(201);
  const token = invite.body.invite_url.split('#/invite/')[1];
  const joiner = createConsoleClient(gateway.url);
  expect((await joiner.call('GET', `/console/api/invites/${token}`)).body).toMatchObject({ org_name: 'Acme', email, role, account_exists: false });
  expect((await joiner.call('POST', `/console/api/invites/${token}/accept`, { password: PASSWORD })).status).toBe(201);
  expect((await createConsoleClient(gateway.url).call('POST', `/console/api/invites/${token}/accept`, { password: PASSWORD })).status).toBe(404);
  return joiner;
}

describe('sign-up, sessions and CSRF', () => {
  it('signs up into a new org with an httpOnly SameSite session cookie and never returns the token in the body', async () => {
    const client = createConsoleClient(gateway.url);
    const response = await client.call('POST', '/console/api/sign-up', { email: 'Solo@Example.test', password: PASSWORD, org_name: 'Solo' });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toMatch(/^bsk_console_session=bss_[\w-]{43}; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    expect(response.text).not.toContain(client.cookie.split('=')[1]);
    expect(response.body).toMatchObject({ user: { email: 'solo@example.test' }, org: { name: 'Solo' }, member: { role: 'owner' } });
    expect((await client.call('POST', '/console/api/sign-up', { email: 'solo@example.test', password: PASSWORD, org_name: 'Again' })).status).toBe(409);
    expect((await client.call('POST', '/console/api/sign-up', { email: 'short@example.test', password: 'short', org_name: 'X' })).body.error.code).toBe('BSK_CONSOLE_PASSWORD_WEAK');
  });

  it('refuses a wrong password and an unknown email alike, and signs out', async () => {
    const client = createConsoleClient(gateway.url);
    const wrong = await client.call('POST', '/console/api/sign-in', { email: 'founder@acme.test', password: 'not the password' });
    const unknown = await client.call('POST', '/console/api/sign-in', { email: 'nobody@acme.test', password: PASSWORD });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect((await client.signIn('founder@acme.test', PASSWORD)).org.id).toBe(orgId);
    expect((await client.call('POST', '/console/api/sign-out', {})).status).toBe(204);
    expect((await client.call('GET', '/console/api/session')).status).toBe(401);
  });

  it('rate-limits sign-in attempts per email', async () => {
    const client = createConsoleClient(gateway.url);
    await client.signUp('target@limits.test', PASSWORD, 'Limits');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) statuses.push((await client.call('POST', '/console/api/sign-in', { email: 'target@limits.test', password: `guess ${attempt}` })).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const refused = await client.call('POST', '/console/api/sign-in', { email: 'target@limits.test', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('BSK_CONSOLE_SIGNIN_THROTTLED');
  });

  it('refuses a state-changing call without the CSRF token, from another origin, or with a form body', async () => {
    const path = `/console/api/orgs/${orgId}/wallet/alert`;
    const missing = await owner.call('PATCH', path, { threshold: 5 }, { 'x-csrf-token': '' });
    expect([missing.status, missing.body.error.code]).toEqual([403, 'BSK_CONSOLE_CSRF_INVALID']);
    expect((await owner.call('PATCH', path, { threshold: 5 }, { 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await owner.call('PATCH', path, { threshold: 5 }, { origin: 'https://evil.test' })).body.error.code).toBe('BSK_CONSOLE_ORIGIN_DENIED');
    // A form-like body (what a cross-site form can send without a preflight) is refused before any guard: no route reads text.
    expect((await owner.call('PATCH', path, 'threshold=5', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await owner.call('PATCH', path, { threshold: 5 })).status).toBe(200);
  });

  it('refuses calls without a session or with a made-up one', async () => {
    const stranger = createConsoleClient(gateway.url);
    expect((await stranger.call('GET', `/console/api/orgs/${orgId}/wallet`)).status).toBe(401);
    stranger.cookie = `bsk_console_session=bss_${'A'.repeat(43)}`;
    expect((await stranger.call('GET', '/console/api/session')).body.error.code).toBe('BSK_CONSOLE_SESSION_MISSING');
  });
});

describe('wallet, members and keys', () => {
  it('tops up with a single-use redemption code and raises the low-balance alert below its threshold', async () => {
    const code = await gateway.kernel.use('console').codes.create(25_000_000, 'launch credit');
    const redeemed = await owner.call('POST', `/console/api/orgs/${orgId}/wallet/redeem`, { code });
    expect(redeemed.body).toMatchObject({ balance: 25_000_000, reserved: 0 });
    expect((await owner.call('POST', `/console/api/orgs/${orgId}/wallet/redeem`, { code })).body.error.code).toBe('BSK_CONSOLE_CODE_INVALID');
    const alert = await owner.call('PATCH', `/console/api/orgs/${orgId}/wallet/alert`, { threshold: 30_000_000 });
    expect(alert.body).toMatchObject({ low_balance_threshold: 30_000_000, low_balance: true });
    const limits = await owner.call('PATCH', `/console/api/orgs/${orgId}/wallet/limits`, { daily: 500_000_000, monthly: 2_000_000_000 });
    expect(limits.body.limits).toEqual({ daily: 500_000_000, monthly: 2_000_000_000 });
  });

  it('creates a key shown once, derives a narrower sub-key, lists last use, and revokes with descendants', async () => {
    const created = await owner.call('POST', `/console/api/orgs/${orgId}/keys`, { name: 'laptop', scopes: ['chat', 'keys:derive'], credit_limit: 50_000_000 });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const derived = await owner.call('POST', `/console/api/orgs/${orgId}/keys/${created.body.id}/derive`, { name: 'ci', scopes: ['chat'], models: ['openai/*'], credit_limit: 5_000_000 });
    expect(derived.body).toMatchObject({ parent_id: created.body.id, scopes: ['chat'], models: ['openai/*'], credit_limit: 5_000_000 });
    expect((await owner.call('POST', `/console/api/orgs/${orgId}/keys/${created.body.id}/derive`, { name: 'wide', credit_limit: 60_000_000 })).body.error.code).toBe('BSK_KEYS_WIDENS_PARENT');
    expect((await chat(derived.body.key)).status).toBe(200);
    const listed = (await owner.call('GET', `/console/api/orgs/${orgId}/keys`)).body.data;
    expect(JSON.stringify(listed)).not.toContain(derived.body.key);
    expect(listed.find((key: { id: string }) => key.id === derived.body.id).last_used_at).not.toBeNull();
    expect((await owner.call('DELETE', `/console/api/orgs/${orgId}/keys/${created.body.id}`)).body.revoked.sort()).toEqual([created.body.id, derived.body.id].sort());
    expect((await chat(derived.body.key)).status).toBe(401);
  });

  it('reports usage, the request log (filterable, CSV) and the invoice (JSON and CSV)', async () => {
    const key = (await owner.call('POST', `/console/api/orgs/${orgId}/keys`, { name: 'reports' })).body;
    for (let call = 0; call < 2; call++) expect((await chat(key.key)).status).toBe(200);
    const usage = (await owner.call('GET', `/console/api/orgs/${orgId}/usage`)).body;
    expect(usage.requests).toBeGreaterThanOrEqual(2);
    const log = (await owner.call('GET', `/console/api/orgs/${orgId}/requests?key_id=${key.id}&outcome=ok`)).body.data;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ key_id: key.id, model: 'openai/gpt-5.4', status: 200 });
    expect((await owner.call('GET', `/console/api/orgs/${orgId}/requests?model=anthropic/claude-sonnet-4-6`)).body.data).toEqual([]);
    const csv = await owner.call('GET', `/console/api/orgs/${orgId}/requests?key_id=${key.id}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('created_at,request_id,status,model,member_id,key_id,latency_ms,first_token_ms,input_tokens,output_tokens,cached_input_tokens,credits,cache,fallback,flags');
    const month = new Date().toISOString().slice(0, 7);
    const invoice = (await owner.call('GET', `/console/api/orgs/${orgId}/invoice?month=${month}`)).body;
    expect(invoice.total_credits).toBe(usage.total_credits);
    expect(invoice.key_names[key.id]).toContain('reports');
    const invoiceCsv = await owner.call('GET', `/console/api/orgs/${orgId}/invoice?month=${month}&format=csv`);
    expect(invoiceCsv.text).toContain(`${month},total,${orgId},${invoice.total_credits}`);
  });

  it('lists providers with health and the catalog with prices, and no upstream key', async () => {
    const providers = await owner.call('GET', `/console/api/orgs/${orgId}/providers`);
    expect(providers.body.providers.find((provider: { name: string }) => provider.name === 'anthropic')).toMatchObject({ enabled: true });
    expect(providers.body.models.find((model: { id: string }) => model.id === 'anthropic/claude-sonnet-4-6').pricing.inputPerMTok).toBeGreaterThan(0);
    expect(providers.text).not.toContain('sim-upstream-key');
  });

  it('lists every enabled provider, whatever its modality, with its /health entry', async () => {
    const embedded = await fetch(`${gateway.url}/v1/embeddings`, {
      method: 'POST', headers: { authorization: `Bearer ${gateway.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'cohere/embed-v4.0', input: 'hello' }),
    });
    expect(embedded.status).toBe(200);
    const listed = (await owner.call('GET', `/console/api/orgs/${orgId}/providers`)).body.providers as { name: string; protocol: string | null; modalities: string[]; enabled: boolean; health: { provider: string; members: { state: string; requests: number }[] } | null }[];
    expect(listed.map((provider) => provider.name).sort()).toEqual(['anthropic', 'cohere', 'deepseek', 'gemini', 'kimi', 'openai', 'voyage']);
    for (const provider of listed) expect([provider.name, provider.enabled, provider.health?.provider, provider.health?.members[0]?.state]).toEqual([provider.name, true, provider.name, 'ok']);
    const byName = new Map(listed.map((provider) => [provider.name, provider]));
    expect(byName.get('openai')).toMatchObject({ protocol: 'openai-chat', modalities: ['chat', 'embeddings', 'images'] });
    expect(byName.get('cohere')).toMatchObject({ protocol: null, modalities: ['embeddings', 'rerank'] });
    expect(byName.get('cohere')!.health!.members[0]!.requests).toBe(1);
    expect(byName.get('openai')!.health!.members[0]!.requests).toBeGreaterThan(0);
  });
});

describe('roles and org boundaries', () => {
  it('invites a member by link; the member is refused every admin page and sees only their own keys', async () => {
    const member = await inviteAndJoin('dev@acme.test', 'member');
    for (const path of ['members', 'providers', `invoice?month=${new Date().toISOString().slice(0, 7)}`]) {
      const refused = await member.call('GET', `/console/api/orgs/${orgId}/${path}`);
      expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, 'BSK_CONSOLE_ROLE_DENIED']);
    }
    expect((await member.call('POST', `/console/api/orgs/${orgId}/invites`, { email: 'x@acme.test', role: 'admin' })).status).toBe(403);
    expect((await member.call('GET', `/console/api/orgs/${orgId}/wallet`)).status).toBe(200);
    const ownKey = (await member.call('POST', `/console/api/orgs/${orgId}/keys`, { name: 'mine' })).body;
    expect((await member.call('GET', `/console/api/orgs/${orgId}/keys`)).body.data.map((key: { id: string }) => key.id)).toEqual([ownKey.id]);
    const ownersKey = (await owner.call('POST', `/console/api/orgs/${orgId}/keys`, { name: 'owner only' })).body;
    expect((await member.call('DELETE', `/console/api/orgs/${orgId}/keys/${ownersKey.id}`)).status).toBe(404);
  });

  it('answers 404 for another org’s id in the URL', async () => {
    const other = createConsoleClient(gateway.url);
    const otherOrg = (await other.signUp('boss@other.test', PASSWORD, 'Other')).org.id;
    for (const path of ['wallet', 'keys', 'usage', 'members']) {
      const refused = await owner.call('GET', `/console/api/orgs/${otherOrg}/${path}`);
      expect([path, refused.status, refused.body.error.code]).toEqual([path, 404, 'BSK_CONSOLE_ORG_NOT_FOUND']);
    }
    expect((await owner.call('PATCH', `/console/api/orgs/${otherOrg}/wallet/limits`, { daily: 1 })).status).toBe(404);
  });

  it('sets a member quota, and suspension stops the member’s keys and sessions until lifted', async () => {
    const member = await inviteAndJoin('temp@acme.test', 'member');
    const memberId = member.call('GET', '/console/api/session').then((response) => response.body.member.id);
    const key = (await member.call('POST', `/console/api/orgs/${orgId}/keys`, { name: 'temp' })).body;
    const quota = await owner.call('PATCH', `/console/api/orgs/${orgId}/members/${await memberId}`, { quota: { daily: 20_000_000, monthly: 40_000_000, rpm: 30 } });
    expect(quota.body.quota).toMatchObject({ daily: 20_000_000, monthly: 40_000_000, rpm: 30 });
    expect((await owner.call('PATCH', `/console/api/orgs/${orgId}/members/${await memberId}`, { suspended: true })).body.suspended_at).not.toBeNull();
    expect((await chat(key.key)).status).toBe(401);
    expect((await member.call('GET', '/console/api/session')).status).toBe(401);
    expect((await createConsoleClient(gateway.url).call('POST', '/console/api/sign-in', { email: 'temp@acme.test', password: PASSWORD })).body.error.code).toBe('BSK_CONSOLE_SUSPENDED');
    await owner.call('PATCH', `/console/api/orgs/${orgId}/members/${await memberId}`, { suspended: false });
    expect((await chat(key.key)).status).toBe(200);
  });

  it('keeps admins from touching owners and everyone from changing their own role', async () => {
    const admin = await inviteAndJoin('ops@acme.test', 'admin');
    const session = (await owner.call('GET', '/console/api/session')).body;
    expect((await admin.call('PATCH', `/console/api/orgs/${orgId}/members/${session.member.id}`, { suspended: true })).body.error.code).toBe('BSK_CONSOLE_OWNER_ONLY');
    expect((await owner.call('PATCH', `/console/api/orgs/${orgId}/members/${session.member.id}`, { role: 'member' })).body.error.code).toBe('BSK_CONSOLE_SELF_CHANGE');
  });
});
