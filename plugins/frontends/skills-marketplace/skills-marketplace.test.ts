import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { createSkillArchive, sha256Hex } from '../../../desktop/core/skills/skill-archive';
import { readSkillFolder } from '../../../desktop/core/skills/skill-source';
import { craftArchive, skillMarkdown, writeSkillFolder } from '../../../desktop/core/skills/skill-test-support';

let gateway: GatewayHarness;
let otherOrgKey: string;
let chatOnlyKey: string;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  const accounts = gateway.kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'Other Org' });
  const member = await accounts.addMember(org.id, { email: 'other@e2e.test', role: 'owner' });
  otherOrgKey = (await accounts.createKey(member.id, { name: 'other' })).key;
  chatOnlyKey = (await accounts.createKey(gateway.memberId, { name: 'chat only', scopes: ['chat'] })).key;
});
afterAll(async () => gateway?.close());

function archiveOf(name: string, version: string, extra = ''): Buffer {
  // Not packSkill: these archives may be invalid on purpose, and the gateway must catch it.
  return createSkillArchive(readSkillFolder(writeSkillFolder(name, { 'SKILL.md': skillMarkdown(`name: ${name}\ndescription: The ${name} skill.\ndosia:\n  version: ${version}\n  author: Tester\n  tags: [demo]${extra}`) })));
}

async function publish(archive: Buffer, key: string | null, visibility = 'org') {
  const response = await fetch(`${gateway.url}/v1/skills`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify({ archive: archive.toString('base64'), visibility }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function index(key: string | null, query = '') {
  const response = await fetch(`${gateway.url}/v1/skills${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return (await response.json()) as { name: string; owner: string; skills: { name: string; versions: { version: string; sha256: string; archive_url: string }[] }[] };
}

describe('skills marketplace on the gateway', () => {
  it('publishes with skills:publish and serves the index, the version and the archive with its sha256', async () => {
    const archive = archiveOf('market-demo', '1.0.0');
    const published = await publish(archive, gateway.apiKey, 'public');
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ name: 'market-demo', version: '1.0.0', sha256: sha256Hex(archive), visibility: 'public', author: 'Tester' });
    expect((await publish(archiveOf('market-demo', '1.1.0'), gateway.apiKey, 'public')).status).toBe(201);

    const listing = await index(null, '?q=market');
    expect(listing).toMatchObject({ name: 'bytespike', owner: 'ByteSpike' });
    const entry = listing.skills.find((skill) => skill.name === 'market-demo')!;
    expect(entry.versions.map((version) => version.version)).toEqual(['1.1.0', '1.0.0']);
    expect((await index(null, '?q=nothing-like-it')).skills).toEqual([]);

    const detail = await (await fetch(`${gateway.url}/v1/skills/market-demo/1.0.0`)).json();
    expect(detail).toMatchObject({ name: 'market-demo', version: '1.0.0', sha256: sha256Hex(archive) });
    const download = await fetch(entry.versions[1]!.archive_url);
    expect(download.headers.get('x-skill-sha256')).toBe(sha256Hex(archive));
    expect(Buffer.from(await download.arrayBuffer()).equals(archive)).toBe(true);
  });

  it('keeps org-private skills to their org', async () => {
    expect((await publish(archiveOf('private-demo', '0.1.0'), gateway.apiKey)).status).toBe(201);
    expect((await index(gateway.apiKey)).skills.map((skill) => skill.name)).toContain('private-demo');
    expect((await index(otherOrgKey)).skills.map((skill) => skill.name)).not.toContain('private-demo');
    expect((await index(null)).skills.map((skill) => skill.name)).not.toContain('private-demo');
    expect((await fetch(`${gateway.url}/v1/skills/private-demo/0.1.0/archive`, { headers: { 'x-api-key': otherOrgKey } })).status).toBe(404);
  });

  it('refuses publishing without the scope, a bad key, a taken name, a republished version, invalid skills and unsafe archives', async () => {
    const denied = await publish(archiveOf('scoped', '1.0.0'), chatOnlyKey);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'BSK_AUTH_SCOPE_DENIED' } } });
    expect((await publish(archiveOf('scoped', '1.0.0'), null)).status).toBe(401);
    expect((await fetch(`${gateway.url}/v1/skills`, { headers: { 'x-api-key': 'bsk-not-a-key' } })).status).toBe(401);
    expect(await publish(archiveOf('market-demo', '9.0.0'), otherOrgKey)).toMatchObject({ status: 403, body: { error: { code: 'BSK_MARKETPLACE_NAME_TAKEN' } } });
    expect(await publish(archiveOf('market-demo', '1.0.0'), gateway.apiKey)).toMatchObject({ status: 409, body: { error: { code: 'BSK_MARKETPLACE_VERSION_EXISTS' } } });
    const invalid = await publish(archiveOf('flagged', '1.0.0', '\n  gateway:\n    turbo: true'), gateway.apiKey);
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'BSK_MARKETPLACE_INVALID_SKILL' } } });
    expect(invalid.body.error.message).toContain('archive:flagged/SKILL.md:9: dosia.gateway.turbo: unknown field');
    const plain = createSkillArchive(readSkillFolder(writeSkillFolder('plain', { 'SKILL.md': skillMarkdown('name: plain\ndescription: Plain.') })));
    expect((await publish(plain, gateway.apiKey)).body.error.message).toContain('has no dosia.version');
    const traversal = craftArchive({ 'SKILL.md': skillMarkdown('name: evil\ndescription: x\ndosia:\n  version: 1.0.0'), '../../outside': 'x' });
    expect(await publish(traversal, gateway.apiKey)).toMatchObject({ status: 400, body: { error: { code: 'BSK_MARKETPLACE_BAD_REQUEST' } } });
    expect((await publish(archiveOf('vis', '1.0.0'), gateway.apiKey, 'everyone')).body.error.message).toContain('visibility');
  });
});
