import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../kernel/cli/run-cli';
import { gatewayProfile } from '../../../kernel/profiles/gateway';

const folder = mkdtempSync(join(tmpdir(), 'bsk-admin-cli-'));
const dataDir = join(folder, 'data');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `bytespike --data <tmp> admin …` in-process, capturing both streams. */
async function admin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (text: string) => void (out += text), err: (text: string) => void (err += text), isTty: false };
  const code = await runCli(gatewayProfile, ['--data', dataDir, 'admin', ...argv], io, { LOG_LEVEL: 'silent' }, folder);
  return { code, out, err };
}

async function adminJson(...argv: string[]) {
  const result = await admin(...argv, '--json');
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out);
}

describe('bytespike admin', () => {
  it('runs the whole admin flow on the store, one process per command', async () => {
    const org = await adminJson('orgs', 'create', 'Acme', 'Labs');
    expect(org.name).toBe('Acme Labs');
    expect((await adminJson('credits', 'add', org.id, '25000', '--note', 'first')).balance).toBe(25_000);
    expect((await adminJson('limits', 'set', org.id, '--daily', '5000')).limits).toEqual({ daily: 5000, monthly: null });
    const member = await adminJson('members', 'add', org.id, 'ops@acme.test', '--role', 'admin', '--rpm', '60', '--tpm', '90000');
    expect(member).toMatchObject({ role: 'admin', quota: { daily: null, monthly: null, rpm: 60, tpm: 90_000 } });
    expect((await adminJson('members', 'quota', member.id, '--daily', '100', '--rpm', 'none')).quota).toEqual({ daily: 100, monthly: null, rpm: null, tpm: 90_000 });

    const key = await admin('keys', 'create', member.id, '--name', 'deploy', '--scopes', 'chat,embeddings', '--models', 'anthropic/*,openai/gpt-5.4', '--credit-limit', '900', '--rpm', '30', '--tpm', '4000', '--expires-at', '2099-01-01T00:00:00Z', '--json');
    expect(key.code, key.err).toBe(0);
    expect(key.err).toContain('shown once');
    const created = JSON.parse(key.out);
    expect(created).toMatchObject({ scopes: ['chat', 'embeddings'], models: ['anthropic/*', 'openai/gpt-5.4'], credit_limit: 900, rpm: 30, tpm: 4000, expires_at: '2099-01-01T00:00:00Z' });
    expect(created.key).toMatch(/^bsk_/);

    const wallet = await admin('wallet', org.id);
    expect(wallet.out).toMatch(/^balance\s+25000$/m);
    expect(wallet.out).toMatch(/^limits\.daily\s+5000$/m);
    const month = new Date().toISOString().slice(0, 7);
    expect(await adminJson('invoice', org.id, '--month', month)).toMatchObject({ month, total_credits: 0 });
    expect((await admin('invoice', org.id, '--month', month, '--csv')).out).toBe(`month,dimension,id,credits\r\n${month},total,${org.id},0\r\n`);
    expect(await adminJson('flags', 'org', org.id, '--defaults', '{"timeout_ms": 30000}', '--forbid', 'cache', '--caps', '{"retry.attempts": 2}'))
      .toEqual({ org_id: org.id, defaults: { timeout_ms: 30_000 }, forbid: ['cache'], caps: { 'retry.attempts': 2 } });
    expect((await adminJson('flags', 'org', org.id)).forbid).toEqual(['cache']);
    expect((await admin('flags', 'key', created.id, '--caps', '{"retry.attempts": 3}')).err).toContain('BSK_FLAGS_WIDENS_PARENT');
    expect(await adminJson('flags', 'key', created.id, '--defaults', '{"retry": {"attempts": 1}}')).toMatchObject({ key_id: created.id, defaults: { retry: { attempts: 1 } } });
    expect(await adminJson('flags', 'org', org.id, '--clear')).toEqual({ org_id: org.id, defaults: {}, forbid: [], caps: {} });
    expect((await admin('flags', 'org', org.id, '--caps', 'nope')).err).toContain('--caps must be a JSON object');
    expect(await adminJson('keys', 'revoke', created.id)).toEqual({ revoked: [created.id] });
  });

  it('refuses bad input with a message and a non-zero exit', async () => {
    const org = await adminJson('orgs', 'create', 'Strict');
    const fractional = await admin('credits', 'add', org.id, '1.5');
    expect([fractional.code, fractional.err]).toEqual([2, expect.stringContaining('<amount> must be a whole number')]);
    const negative = await admin('credits', 'add', org.id, '-5');
    expect(negative.code).toBe(2);
    const overflow = await admin('credits', 'add', org.id, '99999999999999999999');
    expect([overflow.code, overflow.err]).toEqual([2, expect.stringContaining('field amount')]);
    const missing = await admin('wallet', 'org_missing');
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining('no organisation org_missing')]);
    expect((await admin('members', 'add', org.id, 'x@y.test')).err).toContain('--role is required');
    const noFlags = await admin('flags', 'org', 'org_missing');
    expect([noFlags.code, noFlags.out, noFlags.err]).toEqual([1, '', expect.stringContaining('BSK_FLAGS_SUBJECT_NOT_FOUND')]);
    expect((await admin('frobnicate')).code).toBe(2);
  });
});
