import { afterEach, describe, expect, it } from 'vitest';
import { BskError } from '../../kernel/errors';
import { type AuthenticatedKey, createAccountsService, type KeyOptions } from './accounts-service';
import { createMemoryRateLimiter } from './rate-limiter';
import { type BillingFixture, createBillingFixture, createFundedOrg } from './billing-test-fixture';

let fixture: BillingFixture;
afterEach(async () => fixture?.dispose());

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<BskError> {
  const error = await Promise.resolve()
    .then(typeof promise === 'function' ? promise : () => promise)
    .then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BskError);
  return error as BskError;
}

describe('keys', () => {
  it('shows a key once, stores only its hash, and authenticates it', async () => {
    fixture = await createBillingFixture();
    const { org, member, created } = await createFundedOrg(fixture, 0);
    expect(created.key).toMatch(/^bsk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.scopes).toEqual(['chat', 'images', 'videos', 'embeddings', 'rerank', 'skills:publish', 'keys:derive']);
    const row = await fixture.store.getKey(created.id);
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await fixture.accounts.listKeys({ orgId: org.id });
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('hash');
    expect(listed[0]).not.toHaveProperty('key');
    const key = await fixture.accounts.authenticate(created.key);
    expect(key).toMatchObject({ keyId: created.id, orgId: org.id, memberId: member.id, role: 'owner', models: null, creditLimit: null, prefix: created.prefix, name: 'root' });
    expect((await fixture.store.getKey(created.id))!.lastUsedAt).toBe(fixture.clock.now.toISOString());
  });

  it('rejects missing, malformed, unknown, revoked and expired keys with 401', async () => {
    fixture = await createBillingFixture();
    const { member, created } = await createFundedOrg(fixture, 0);
    expect((await rejection(fixture.accounts.authenticate(''))).code).toBe('BSK_AUTH_KEY_MISSING');
    for (const raw of ['nope', `${created.key.slice(0, -1)}x`, `bsk_${'A'.repeat(43)}`]) expect((await rejection(fixture.accounts.authenticate(raw))).status).toBe(401);
    const expiring = await fixture.accounts.createKey(member.id, { name: 'short', expiresAt: '2025-03-15T13:00:00.000Z' });
    await fixture.accounts.authenticate(expiring.key);
    fixture.clock.now = new Date('2025-03-15T13:00:00.000Z');
    expect((await rejection(fixture.accounts.authenticate(expiring.key))).code).toBe('BSK_AUTH_KEY_INVALID');
    await fixture.accounts.revokeKey(created.id);
    expect((await rejection(fixture.accounts.authenticate(created.key))).status).toBe(401);
  });

  it('revoking a parent rejects its children and grandchildren on the very next request', async () => {
    fixture = await createBillingFixture();
    const { key: root, created } = await createFundedOrg(fixture, 0);
    const child = await fixture.accounts.deriveKey(root, { name: 'deployment' });
    const grandchild = await fixture.accounts.deriveKey(await fixture.accounts.authenticate(child.key), { name: 'worker' });
    await fixture.accounts.authenticate(grandchild.key);
    expect(await fixture.accounts.revokeKey(created.id)).toEqual({ revoked: [created.id, child.id, grandchild.id] });
    for (const raw of [created.key, child.key, grandchild.key]) expect((await rejection(fixture.accounts.authenticate(raw))).status).toBe(401);
  });

  it('sees a revocation or suspension another process commits on the very next request, cached or not', async () => {
    fixture = await createBillingFixture();
    const { member, created } = await createFundedOrg(fixture, 0);
    const other = await fixture.reopenStore();
    try {
      const otherAccounts = await createAccountsService({ store: other, rateLimiter: createMemoryRateLimiter() });
      const spare = await fixture.accounts.createKey(member.id, { name: 'spare' });
      await fixture.accounts.authenticate(spare.key);
      // The other process's broadcasts stay in that process: only the shared database tells.
      await otherAccounts.revokeKey(created.id);
      expect((await rejection(fixture.accounts.authenticate(created.key))).status).toBe(401);
      await other.setMemberSuspended(member.id, new Date().toISOString());
      expect((await rejection(fixture.accounts.authenticate(spare.key))).status).toBe(401);
      otherAccounts.dispose();
    } finally {
      await other.close();
    }
  });

  it('rejects a child whose ancestor is revoked even if the child row itself was missed (chain check)', async () => {
    fixture = await createBillingFixture();
    const { key: root, created } = await createFundedOrg(fixture, 0);
    const child = await fixture.accounts.deriveKey(root, { name: 'deployment' });
    await fixture.accounts.revokeKey(created.id);
    // Un-revoke the child behind the store's back: the parent chain alone must still refuse it.
    await fixture.runSql('UPDATE api_keys SET revoked_at = NULL WHERE id = ?', [child.id]);
    expect((await fixture.store.getKey(child.id))!.revokedAt).toBeNull();
    expect((await rejection(fixture.accounts.authenticate(child.key))).status).toBe(401);
  });

  it('lets a key holder revoke only keys in its own tree, unless it is an owner/admin root key', async () => {
    fixture = await createBillingFixture();
    const { org, key: ownerRoot } = await createFundedOrg(fixture, 0);
    const worker = await fixture.accounts.addMember(org.id, { email: 'dev@acme.test', role: 'member' });
    const workerKey = await fixture.accounts.authenticate((await fixture.accounts.createKey(worker.id, { name: 'dev' })).key);
    const sibling = await fixture.accounts.createKey(worker.id, { name: 'dev 2' });
    expect((await rejection(fixture.accounts.revokeKey(sibling.id, workerKey))).status).toBe(404);
    expect((await fixture.accounts.keysVisibleTo(workerKey)).map((key) => key.id)).toEqual([workerKey.keyId]);
    expect(await fixture.accounts.keysVisibleTo(ownerRoot)).toHaveLength(3);
    expect(await fixture.accounts.revokeKey(sibling.id, ownerRoot)).toEqual({ revoked: [sibling.id] });
  });

  it('lets an owner root key without keys:derive manage only its own tree, not the org\'s other keys', async () => {
    fixture = await createBillingFixture();
    const { org, key: ownerRoot, member, created } = await createFundedOrg(fixture, 0);
    const embeddingsOnly = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'embeddings', scopes: ['embeddings'] })).key);
    const worker = await fixture.accounts.addMember(org.id, { email: 'dev@acme.test', role: 'member' });
    const workerKey = await fixture.accounts.createKey(worker.id, { name: 'dev' });
    expect(fixture.accounts.seesWholeOrg(embeddingsOnly)).toBe(true);
    expect((await fixture.accounts.keysVisibleTo(embeddingsOnly)).map((key) => key.id)).toEqual([embeddingsOnly.keyId]);
    for (const other of [ownerRoot.keyId, workerKey.id]) expect((await rejection(fixture.accounts.revokeKey(other, embeddingsOnly))).status).toBe(404);
    expect(await fixture.accounts.authenticate(created.key)).toMatchObject({ keyId: ownerRoot.keyId });
    expect(await fixture.accounts.revokeKey(embeddingsOnly.keyId, embeddingsOnly)).toEqual({ revoked: [embeddingsOnly.keyId] });
  });
});

describe('sub-key derivation never widens the parent', () => {
  async function parentWith(options: Omit<KeyOptions, 'name'>): Promise<AuthenticatedKey> {
    const { member } = await createFundedOrg(fixture, 0);
    return fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'parent', ...options })).key);
  }

  it('refuses each dimension it would widen, naming the field (403)', async () => {
    fixture = await createBillingFixture();
    const parent = await parentWith({ scopes: ['chat', 'keys:derive'], models: ['anthropic/*', 'openai/gpt-5.4'], creditLimit: 1000, rpm: 60, expiresAt: '2025-06-01T00:00:00.000Z' });
    const widening: [Omit<KeyOptions, 'name'>, string][] = [
      [{ scopes: ['chat', 'images'] }, 'scopes'],
      [{ models: ['openai/*'] }, 'models'],
      [{ models: ['*'] }, 'models'],
      [{ models: null }, 'models'],
      [{ creditLimit: 1001 }, 'credit_limit'],
      [{ creditLimit: null }, 'credit_limit'],
      [{ rpm: 61 }, 'rpm'],
      [{ rpm: null }, 'rpm'],
      [{ expiresAt: '2025-06-01T00:00:01.000Z' }, 'expires_at'],
      [{ expiresAt: null }, 'expires_at'],
    ];
    for (const [options, field] of widening) {
      const error = await rejection(fixture.accounts.deriveKey(parent, { name: 'child', ...options }));
      expect(error.code, JSON.stringify(options)).toBe('BSK_KEYS_WIDENS_PARENT');
      expect(error.details.param).toBe(field);
    }
  });

  it('inherits every limit it does not ask for, and accepts narrower ones', async () => {
    fixture = await createBillingFixture();
    const parent = await parentWith({ scopes: ['chat', 'keys:derive'], models: ['anthropic/*'], creditLimit: 1000, rpm: 60, expiresAt: '2025-06-01T00:00:00.000Z' });
    const inherited = await fixture.accounts.deriveKey(parent, { name: 'same' });
    expect(inherited).toMatchObject({ parentId: parent.keyId, scopes: ['chat', 'keys:derive'], models: ['anthropic/*'], creditLimit: 1000, rpm: 60, expiresAt: '2025-06-01T00:00:00.000Z' });
    const narrower = await fixture.accounts.deriveKey(parent, { name: 'narrow', scopes: ['chat'], models: ['anthropic/claude-sonnet-4-6'], creditLimit: 10, rpm: 5, expiresAt: '2025-04-01T00:00:00.000Z' });
    const child = await fixture.accounts.authenticate(narrower.key);
    expect(child).toMatchObject({ scopes: ['chat'], models: ['anthropic/claude-sonnet-4-6'], creditLimit: 10, rpm: 5 });
    expect((await rejection(fixture.accounts.deriveKey(child, { name: 'grandchild' }))).message).toBe('this key lacks the scope "keys:derive"');
  });
});

describe('authorize and checkRate', () => {
  it('names the missing scope or model (403)', async () => {
    fixture = await createBillingFixture();
    const { member } = await createFundedOrg(fixture, 0);
    const key = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'k', scopes: ['chat'], models: ['anthropic/*', 'openai/gpt-5.4'] })).key);
    fixture.accounts.authorize(key, { scope: 'chat', model: 'anthropic/claude-opus-4-5' });
    fixture.accounts.authorize(key, { scope: 'chat', model: 'openai/gpt-5.4' });
    expect((await rejection(() => fixture.accounts.authorize(key, { scope: 'images' }))).message).toBe('this key lacks the scope "images"');
    const model = await rejection(() => fixture.accounts.authorize(key, { scope: 'chat', model: 'openai/gpt-5.4-nano' }));
    expect([model.status, model.message]).toEqual([403, 'this key may not use model "openai/gpt-5.4-nano" (allowed: anthropic/*, openai/gpt-5.4)']);
  });

  it('limits requests per minute per key and per member, with when it resets (429)', async () => {
    fixture = await createBillingFixture();
    const { member } = await createFundedOrg(fixture, 0);
    const key = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'k', rpm: 2 })).key);
    await fixture.accounts.checkRate(key);
    await fixture.accounts.checkRate(key);
    const keyLimit = await rejection(() => fixture.accounts.checkRate(key));
    expect([keyLimit.status, keyLimit.code, keyLimit.details.retryAfterSeconds]).toEqual([429, 'BSK_RATE_KEY_RPM', 60]);
    await fixture.accounts.updateQuota(member.id, { rpm: 3 });
    const other = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'other' })).key);
    await fixture.accounts.checkRate(other);
    await fixture.accounts.checkRate(other);
    await fixture.accounts.checkRate(other);
    const memberLimit = await rejection(() => fixture.accounts.checkRate(other));
    expect(memberLimit.message).toContain(`rate limit of member ${member.id} reached (3 requests per minute)`);
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 60_001);
    await fixture.accounts.checkRate(other);
  });
});

describe('orgs and members', () => {
  it('validates members and quotas, and refuses duplicates', async () => {
    fixture = await createBillingFixture();
    const { org, member } = await createFundedOrg(fixture, 0);
    expect((await rejection(fixture.accounts.addMember(org.id, { email: 'OWNER@acme.test', role: 'admin' }))).status).toBe(409);
    expect((await rejection(fixture.accounts.addMember(org.id, { email: 'x@acme.test', role: 'boss' as never }))).details.param).toBe('role');
    expect((await rejection(fixture.accounts.addMember(org.id, { email: 'not-an-email', role: 'member' }))).details.param).toBe('email');
    expect((await rejection(fixture.accounts.addMember('org_missing', { email: 'x@acme.test', role: 'member' }))).status).toBe(404);
    expect((await rejection(fixture.accounts.updateQuota(member.id, { creditsPerDay: -1 }))).status).toBe(400);
    expect(await fixture.accounts.updateQuota(member.id, { creditsPerDay: 5, rpm: 10 })).toMatchObject({ creditsPerDay: 5, creditsPerMonth: null, rpm: 10 });
    expect((await rejection(fixture.accounts.createKey(member.id, { name: 'k', scopes: ['chat', 'admin'] }))).details.param).toBe('scopes');
    expect((await rejection(fixture.accounts.createKey(member.id, { name: 'k', models: ['gpt-5.4'] }))).details.param).toBe('models');
    expect((await rejection(fixture.accounts.createKey(member.id, { name: 'k', expiresAt: '2020-01-01T00:00:00Z' }))).details.param).toBe('expires_at');
  });
});
