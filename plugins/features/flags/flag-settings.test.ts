import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBskError } from '../../../kernel/errors';
import { type AccountsService, createAccountsService } from '../../billing/accounts-service';
import { createMemoryRateLimiter } from '../../billing/rate-limiter';
import { createLocalBus } from '../../stores/cluster-bus';
import { openSqliteStore, type SqliteStore } from '../../stores/sqlite/sqlite-store';
import { createFlagSettings, type FlagSettingsDeps } from './flag-settings';

let folder: string;
let store: SqliteStore;
let accounts: AccountsService;
let orgId: string;
let rootKeyId: string;
let childKeyId: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bsk-flags-'));
  store = openSqliteStore({ file: join(folder, 'gateway.sqlite'), checkpointIntervalMs: 0 });
  accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter() });
  orgId = (await accounts.createOrg({ name: 'Flags' })).id;
  const member = await accounts.addMember(orgId, { email: 'owner@flags.test', role: 'owner' });
  const root = await accounts.createKey(member.id, { name: 'root' });
  rootKeyId = root.id;
  childKeyId = (await accounts.deriveKey(await accounts.authenticate(root.key), { name: 'child' })).id;
});

afterAll(async () => {
  accounts?.dispose();
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

const service = (overrides: Partial<FlagSettingsDeps> = {}) =>
  createFlagSettings({ store, bus: createLocalBus(), gateway: { caps: { 'retry.attempts': 5 } }, configured: { orgs: {}, keys: {} }, ...overrides });

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isBskError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message };
}

describe('createFlagSettings', () => {
  it('keeps org and key settings in the store, so a new instance (a restart) reads them back', async () => {
    await service().setOrgSettings(orgId, { defaults: { cache: { ttl_s: 60 } }, forbid: ['fallback'], caps: { timeout_ms: 9_000 } });
    await service().setKeySettings(rootKeyId, { defaults: { timeout_ms: 5_000 } });
    const restarted = service();
    expect(await restarted.orgSettings(orgId)).toEqual({ defaults: { cache: { ttl_s: 60 } }, forbid: ['fallback'], caps: { timeout_ms: 9_000 } });
    expect(await restarted.effectiveFor({ keyId: rootKeyId, orgId })).toEqual({
      orgDefaults: { cache: { ttl_s: 60 } }, keyDefaults: { timeout_ms: 5_000 }, policy: { forbid: ['fallback'], caps: { 'retry.attempts': 5, timeout_ms: 9_000 } },
    });
  });

  it('gives a derived key its parent\'s defaults and policy, which it may narrow but not widen', async () => {
    const settings = service();
    await settings.setKeySettings(rootKeyId, { defaults: { timeout_ms: 5_000, retry: { attempts: 2 } }, caps: { 'retry.attempts': 3 } });
    expect(await settings.effectiveFor({ keyId: childKeyId, orgId })).toMatchObject({ keyDefaults: { timeout_ms: 5_000, retry: { attempts: 2 } }, policy: { caps: { 'retry.attempts': 3 } } });
    expect(await refusal(settings.setKeySettings(childKeyId, { caps: { 'retry.attempts': 4 } }))).toMatchObject({ code: 'BSK_FLAGS_WIDENS_PARENT', status: 403 });
    expect((await refusal(settings.setKeySettings(childKeyId, { defaults: { retry: { attempts: 4 } } }))).message).toContain('retry.attempts');
    expect((await refusal(settings.setKeySettings(childKeyId, { defaults: { fallback: ['openai/gpt-5.4'] } }))).message).toContain('fallback is forbidden');
    await settings.setKeySettings(childKeyId, { defaults: { timeout_ms: 1_000, retry: false }, caps: { 'retry.attempts': 1 }, forbid: ['cache'] });
    expect(await settings.effectiveFor({ keyId: childKeyId, orgId })).toEqual({
      orgDefaults: { cache: { ttl_s: 60 } }, keyDefaults: { timeout_ms: 1_000, retry: false },
      policy: { forbid: ['fallback', 'cache'], caps: { 'retry.attempts': 1, timeout_ms: 9_000 } },
    });
  });

  it('refuses unknown subjects, flags and caps', async () => {
    const settings = service();
    expect(await refusal(settings.setOrgSettings('org_missing', {}))).toMatchObject({ code: 'BSK_FLAGS_SUBJECT_NOT_FOUND', status: 404 });
    expect(await refusal(settings.setKeySettings('key_missing', {}))).toMatchObject({ code: 'BSK_FLAGS_SUBJECT_NOT_FOUND', status: 404 });
    expect(await refusal(settings.orgSettings('org_missing'))).toMatchObject({ code: 'BSK_FLAGS_SUBJECT_NOT_FOUND', status: 404 });
    expect(await refusal(settings.keySettings('key_missing'))).toMatchObject({ code: 'BSK_FLAGS_SUBJECT_NOT_FOUND', status: 404 });
    expect(await refusal(settings.setOrgSettings(orgId, { forbid: ['turbo' as 'cache'] }))).toMatchObject({ code: 'BSK_FLAGS_INVALID' });
    expect(await refusal(settings.setOrgSettings(orgId, { caps: { speed: 1 } as never }))).toMatchObject({ code: 'BSK_FLAGS_INVALID' });
    expect(await refusal(settings.setOrgSettings(orgId, { defaults: { retry: { attempts: 99 } } }))).toMatchObject({ code: 'BSK_FLAGS_INVALID' });
  });

  it('drops every instance\'s cached settings when one of them changes a setting', async () => {
    const bus = createLocalBus();
    const [reader, writer] = [service({ bus }), service({ bus })];
    await writer.setOrgSettings(orgId, { defaults: { timeout_ms: 100 } });
    expect((await reader.effectiveFor({ keyId: rootKeyId, orgId })).orgDefaults).toEqual({ timeout_ms: 100 });
    await writer.setOrgSettings(orgId, { defaults: { timeout_ms: 200 } });
    expect((await reader.effectiveFor({ keyId: rootKeyId, orgId })).orgDefaults).toEqual({ timeout_ms: 200 });
  });

  it('uses the configured settings of an org or key until an admin stores some', async () => {
    const otherOrg = (await accounts.createOrg({ name: 'Configured' })).id;
    const settings = service({ configured: { orgs: { [otherOrg]: { caps: { fallback: 1 } } }, keys: {} } });
    expect(await settings.orgSettings(otherOrg)).toEqual({ caps: { fallback: 1 } });
    await settings.setOrgSettings(otherOrg, {});
    expect(await settings.orgSettings(otherOrg)).toEqual({});
  });
});
