import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { sha256Hex } from './skill-archive';
import { startCaptureProxy, startSkillCli, type SkillCliHarness } from './skill-cli-harness';
import { craftArchive, skillMarkdown, writeSkillFolder } from './skill-test-support';

let gateway: GatewayHarness;
let proxy: Awaited<ReturnType<typeof startCaptureProxy>>;
let dosia: SkillCliHarness;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  proxy = await startCaptureProxy(gateway.url);
  // The ByteSpike provider brings its gateway's marketplace along, named like the provider.
  dosia = await startSkillCli({ providers: { bytespike: { type: 'bytespike', url: proxy.url, key: gateway.apiKey } } });
  dosia.write('enterprise/policy.json', { deny: { skills: ['blocked-*'], models: ['*/gpt-4*'] } });
});
afterAll(async () => {
  await dosia?.close();
  await proxy?.close();
  await gateway?.close();
});

function json<T = any>(result: { code: number; out: string; err: string }): T {
  expect(result.err === '' || result.code === 0 ? result.code : result.err).toBe(0);
  return JSON.parse(result.out) as T;
}

function skillFolders(layerRoot: string): string[] {
  const folder = join(layerRoot, 'skills');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

function setVersion(folder: string, version: string): void {
  const file = join(folder, 'SKILL.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/version: .*/, `version: ${version}`));
}

describe('a skill from scaffold to removal, through a running gateway', () => {
  const authoring = () => join(dosia.base, 'authoring');
  const demo = () => join(authoring(), 'demo-skill');

  it('scaffolds, validates and packs reproducibly', async () => {
    expect((await dosia.cli('skill', 'new', 'demo-skill', '--dir', authoring())).code).toBe(0);
    expect(await dosia.cli('skill', 'validate', demo())).toMatchObject({ code: 0, out: expect.stringContaining('demo-skill@0.1.0 is valid') });
    const first = await dosia.cli('skill', 'pack', demo(), '--out', join(dosia.base, 'dist-a'));
    const second = await dosia.cli('skill', 'pack', demo(), '--out', join(dosia.base, 'dist-b'));
    const archive = readFileSync(join(dosia.base, 'dist-a', 'demo-skill-0.1.0.tar.gz'));
    expect(first.out).toContain(`sha256 ${sha256Hex(archive)}`);
    expect(readFileSync(join(dosia.base, 'dist-b', 'demo-skill-0.1.0.tar.gz')).equals(archive)).toBe(true);
    expect(second.out.split('\n')[1]).toBe(first.out.split('\n')[1]);
  });

  it('publishes to the gateway, finds it, installs it into Project showing what it asks for', async () => {
    expect(await dosia.cli('marketplace', 'list', '--json').then(json)).toEqual([expect.objectContaining({ name: 'bytespike', kind: 'gateway', location: proxy.url, fromProvider: true, authenticated: true })]);
    expect(await dosia.cli('skill', 'publish', demo(), '--marketplace', 'bytespike', '--visibility', 'public')).toMatchObject({ code: 0, out: expect.stringContaining('published demo-skill@0.1.0 to bytespike') });
    expect(await dosia.cli('skill', 'search', 'demo', '--json').then(json)).toEqual([expect.objectContaining({ marketplace: 'bytespike', name: 'demo-skill', version: '0.1.0' })]);
    const installed = await dosia.cli('skill', 'install', 'demo-skill', '--layer', 'project');
    expect(installed.code).toBe(0);
    expect(installed.out).toContain(`installed demo-skill@0.1.0 from bytespike into project (${join(dosia.project, 'skills', 'demo-skill')})`);
    expect(installed.out).toContain('gateway flags: {"retry":{"attempts":2,"budget_ms":20000}}');
    expect(readFileSync(join(dosia.project, 'skills/demo-skill/SKILL.md'), 'utf8')).toBe(readFileSync(join(demo(), 'SKILL.md'), 'utf8'));
  });

  it('runs with its gateway flags on the request, recorded in the gateway\'s request log, and records usage', async () => {
    proxy.requests.length = 0;
    const run = await dosia.cli('skill', 'run', 'demo-skill', '--prompt', 'Say hello.', '--input', 'tone=friendly', '--model', 'anthropic/claude-sonnet-4-6', '--json');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/skill demo-skill on bytespike:anthropic\/claude-sonnet-4-6, \d+ credits, flags \{"retry"/);
    const result = JSON.parse(run.out);
    expect(result.text.trim().length).toBeGreaterThan(0);
    const messages = proxy.requests.filter((request) => request.path.startsWith('/v1/messages'));
    expect(messages).toHaveLength(1);
    expect(JSON.parse(String(messages[0]!.headers['x-bytespike-flags']))).toEqual({ retry: { attempts: 2, budget_ms: 20000 } });
    expect(result).toMatchObject({ skill: { name: 'demo-skill', version: '0.1.0' }, flags: { retry: { attempts: 2, budget_ms: 20000 } }, stop: 'finished' });
    const generation = await (await fetch(`${gateway.url}/v1/generation?id=${result.requestIds[0]}`, { headers: { 'x-api-key': gateway.apiKey } })).json();
    expect(generation.data.flags).toMatchObject({ retry: { attempts: 2, budget_ms: 20000 } });
    const usage = await dosia.cli('skill', 'usage', '--json').then(json);
    expect(usage['demo-skill']).toMatchObject({ runs: 1, failures: 0, byModel: { 'anthropic/claude-sonnet-4-6': 1 } });
    expect(usage['demo-skill'].credits).toBe(result.credits);
    expect(usage['demo-skill'].credits).toBeGreaterThan(0);
    expect(await dosia.cli('skill', 'run', 'demo-skill', '--prompt', 'x', '--input', 'tone=shouty')).toMatchObject({ code: 1, err: expect.stringContaining('input "tone" must be one of neutral, friendly, formal') });
    expect(await dosia.cli('skill', 'run', 'demo-skill', '--prompt', 'x', '--input', 'tone')).toMatchObject({ code: 2, err: expect.stringContaining('--input tone must be written key=value') });
  });

  it('shows why the gateway refuses a flag the org caps', async () => {
    const settings = gateway.kernel.use('flag-settings');
    await settings.setOrgSettings(gateway.orgId, { caps: { 'retry.budget_ms': 5_000 } });
    try {
      const refused = await dosia.cli('skill', 'run', 'demo-skill', '--prompt', 'Say hello.', '--model', 'anthropic/claude-sonnet-4-6');
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('flag "retry.budget_ms" is 20000, above your organisation\'s limit of 5000 [BSK_PROVIDER_FAILED]');
    } finally {
      await settings.setOrgSettings(gateway.orgId, {});
    }
    expect((await dosia.cli('skill', 'usage', '--json').then(json))['demo-skill']).toMatchObject({ runs: 2, failures: 1 });
  });

  it('updates to the newest version, leaving a pinned install alone', async () => {
    expect((await dosia.cli('skill', 'install', 'demo-skill@0.1.0')).code).toBe(0);
    setVersion(demo(), '0.2.0');
    expect((await dosia.cli('skill', 'publish', demo(), '--marketplace', 'bytespike')).code).toBe(0);
    const outcomes = await dosia.cli('skill', 'update', '--json').then(json);
    expect(outcomes).toEqual([
      expect.objectContaining({ name: 'demo-skill', layer: 'personal', from: '0.1.0', status: 'pinned' }),
      expect.objectContaining({ name: 'demo-skill', layer: 'project', from: '0.1.0', to: '0.2.0', status: 'updated' }),
    ]);
    expect(JSON.parse(readFileSync(join(dosia.project, 'skills/demo-skill/.dosia-install.json'), 'utf8'))).toMatchObject({ version: '0.2.0', pinned: false });
    expect((await dosia.cli('skill', 'remove', 'demo-skill', '--layer', 'personal')).code).toBe(0);
    expect(await dosia.cli('skill', 'update', 'demo-skill', '--json').then(json)).toEqual([expect.objectContaining({ status: 'current' })]);
    expect(skillFolders(dosia.project)).toEqual(['demo-skill']);
  });

  it('lists a Session copy shadowing Personal and Project', async () => {
    expect((await dosia.cli('skill', 'install', 'demo-skill', '--layer', 'personal')).code).toBe(0);
    expect((await dosia.cli('skill', 'install', 'demo-skill@0.1.0', '--layer', 'session', '--session', 's1')).code).toBe(0);
    const inSession = await dosia.cli('skill', 'list', '--json', '--session', 's1').then(json);
    expect(inSession).toEqual([expect.objectContaining({ name: 'demo-skill', layer: 'session', version: '0.1.0', shadows: ['personal', 'project'], pinned: true, status: 'ok' })]);
    expect((await dosia.cli('skill', 'list', '--session', 's1')).out).toContain('demo-skill@0.1.0  [session, shadows personal, project] pinned');
    expect(await dosia.cli('skill', 'list', '--json').then(json)).toEqual([expect.objectContaining({ layer: 'personal', version: '0.2.0', shadows: ['project'] })]);
  });

  it('removes', async () => {
    expect(await dosia.cli('skill', 'remove', 'demo-skill', '--layer', 'project')).toMatchObject({ code: 0, out: expect.stringContaining('removed demo-skill from project') });
    expect(skillFolders(dosia.project)).toEqual([]);
    expect(await dosia.cli('skill', 'remove', 'demo-skill', '--layer', 'project')).toMatchObject({ code: 1, err: expect.stringContaining('BSK_SKILL_NOT_FOUND') });
  });
});

describe('refusals leave nothing half-installed', () => {
  const market = () => join(dosia.base, 'market');

  it('refuses a tampered archive and an archive escaping its folder', async () => {
    const folder = writeSkillFolder('local-skill', { 'SKILL.md': skillMarkdown('name: local-skill\ndescription: Local.\ndosia:\n  version: 1.0.0') }, dosia.base);
    expect((await dosia.cli('marketplace', 'add', 'local', market(), '--layer', 'project')).code).toBe(0);
    expect((await dosia.cli('skill', 'publish', folder, '--marketplace', 'local')).code).toBe(0);
    const archiveFile = join(market(), 'archives/local-skill-1.0.0.tar.gz');
    const archive = readFileSync(archiveFile);
    archive[archive.length - 5]! ^= 0xff;
    writeFileSync(archiveFile, archive);
    const tampered = await dosia.cli('skill', 'install', 'local-skill', '--marketplace', 'local');
    expect(tampered).toMatchObject({ code: 1, err: expect.stringContaining('BSK_SKILL_DIGEST_MISMATCH') });
    expect(tampered.err).toContain('nothing was installed');

    const evil = craftArchive({ 'SKILL.md': skillMarkdown('name: evil\ndescription: x'), '../../escaped.txt': 'gotcha' });
    writeFileSync(join(market(), 'archives/evil.tar.gz'), evil);
    const index = JSON.parse(readFileSync(join(market(), 'marketplace.json'), 'utf8'));
    index.skills.push({ name: 'evil', description: 'x', versions: [{ version: '1.0.0', archive_url: 'archives/evil.tar.gz', sha256: sha256Hex(evil), published_at: new Date().toISOString() }] });
    writeFileSync(join(market(), 'marketplace.json'), JSON.stringify(index));
    expect(await dosia.cli('skill', 'install', 'evil', '--marketplace', 'local')).toMatchObject({ code: 1, err: expect.stringContaining('"../../escaped.txt" is a path climbing out of the skill folder') });
    expect(skillFolders(dosia.home)).not.toContain('local-skill');
    expect(skillFolders(dosia.home).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(existsSync(join(dosia.home, 'escaped.txt'))).toBe(false);
  });

  it('lets Enterprise policy block a skill, and a skill asking for a denied model, on install, list and run', async () => {
    const blocked = writeSkillFolder('blocked-tool', { 'SKILL.md': skillMarkdown('name: blocked-tool\ndescription: Blocked.\ndosia:\n  version: 1.0.0') }, dosia.base);
    const oldModel = writeSkillFolder('old-model', { 'SKILL.md': skillMarkdown('name: old-model\ndescription: Old.\ndosia:\n  version: 1.0.0\n  gateway:\n    fallback: [openai/gpt-4o]') }, dosia.base);
    for (const folder of [blocked, oldModel]) expect((await dosia.cli('skill', 'publish', folder, '--marketplace', 'local')).code).toBe(0);
    expect(await dosia.cli('skill', 'install', 'blocked-tool', '--marketplace', 'local')).toMatchObject({ code: 1, err: expect.stringContaining('skill blocked-tool refused by Enterprise policy') });
    expect(await dosia.cli('skill', 'install', 'old-model', '--marketplace', 'local')).toMatchObject({ code: 1, err: expect.stringContaining('it asks for model openai/gpt-4o') });
    expect(skillFolders(dosia.home).filter((name) => name !== 'demo-skill')).toEqual([]);

    dosia.write('home/skills/blocked-manual/SKILL.md', skillMarkdown('name: blocked-manual\ndescription: Copied in by hand.'));
    const listed = await dosia.cli('skill', 'list', '--json').then(json);
    expect(listed.find((skill: { name: string }) => skill.name === 'blocked-manual')).toMatchObject({ status: 'denied' });
    expect(await dosia.cli('skill', 'run', 'blocked-manual', '--prompt', 'hi')).toMatchObject({ code: 1, err: expect.stringContaining('BSK_SKILL_POLICY_DENIED') });
  });

  it('installs and runs a plain Agent Skills folder (no dosia block) unchanged, without flags', async () => {
    const plainMarkdown = skillMarkdown('name: plain-skill\ndescription: A plain Agent Skill.\nlicense: Apache-2.0\nmetadata:\n  origin: elsewhere', 'Answer briefly.\n');
    const plain = writeSkillFolder('plain-skill', { 'SKILL.md': plainMarkdown, 'references/extra.md': 'more\n' }, dosia.base);
    expect((await dosia.cli('skill', 'pack', plain, '--out', join(dosia.base, 'plain-dist'))).code).toBe(0);
    const archive = readFileSync(join(dosia.base, 'plain-dist', 'plain-skill.tar.gz'));
    writeFileSync(join(market(), 'archives/plain-skill.tar.gz'), archive);
    const index = JSON.parse(readFileSync(join(market(), 'marketplace.json'), 'utf8'));
    index.skills.push({ name: 'plain-skill', description: 'A plain Agent Skill.', versions: [{ version: '1.0.0', archive_url: 'archives/plain-skill.tar.gz', sha256: sha256Hex(archive), published_at: new Date().toISOString() }] });
    writeFileSync(join(market(), 'marketplace.json'), JSON.stringify(index));
    expect(await dosia.cli('skill', 'install', 'plain-skill', '--marketplace', 'local')).toMatchObject({ code: 0, out: expect.stringContaining('gateway flags: none') });
    expect(readFileSync(join(dosia.home, 'skills/plain-skill/SKILL.md'), 'utf8')).toBe(plainMarkdown);
    expect(readFileSync(join(dosia.home, 'skills/plain-skill/references/extra.md'), 'utf8')).toBe('more\n');
    proxy.requests.length = 0;
    const run = await dosia.cli('skill', 'run', 'plain-skill', '--prompt', 'Hello?', '--model', 'anthropic/claude-sonnet-4-6');
    expect(run.code).toBe(0);
    expect(run.out.trim().length).toBeGreaterThan(0);
    expect(proxy.requests.find((request) => request.path.startsWith('/v1/messages'))!.headers['x-bytespike-flags']).toBeUndefined();
  });

  it('lets Enterprise policy fix the marketplace list', async () => {
    dosia.write('enterprise/policy.json', { locked: { marketplaces: { approved: { folder: market() } } } });
    try {
      expect(await dosia.cli('marketplace', 'add', 'rogue', 'https://rogue.example')).toMatchObject({ code: 1, err: expect.stringContaining('BSK_LAYERS_WRITE_REFUSED') });
      expect((await dosia.cli('marketplace', 'list', '--json').then(json)).map((source: { name: string }) => source.name)).toEqual(['approved']);
      expect(await dosia.cli('skill', 'search', 'local', '--json').then(json)).toEqual([expect.objectContaining({ marketplace: 'approved', name: 'local-skill' })]);
    } finally {
      dosia.write('enterprise/policy.json', { deny: { skills: ['blocked-*'], models: ['*/gpt-4*'] } });
    }
  });
});
