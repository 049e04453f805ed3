import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayers, type LayersHandle } from './create-layers';
import { layersErrors } from './errors';
import { createLayerFixture, type LayerFixture } from './layer-fixture';
import type { Layers } from './layers';

let fixture: LayerFixture;
let handle: LayersHandle;
let layers: Layers;
let session: Layers;

beforeEach(() => {
  fixture = createLayerFixture();
  handle = createLayers({ home: fixture.home, cwd: fixture.cwd, enterpriseDir: fixture.enterprise });
  layers = handle.layers;
  session = layers.withSession('s1');
});

afterEach(() => {
  handle.close();
  fixture.remove();
});

function refusal(write: () => unknown): string {
  try {
    write();
  } catch (error) {
    if (layersErrors.is(error, 'BSK_LAYERS_WRITE_REFUSED')) return error.message;
    throw error;
  }
  throw new Error('the write was not refused');
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('roots', () => {
  it('finds the five roots narrowest first, the project from a folder below it', () => {
    expect(session.roots().map((root) => [root.layer, root.path, root.exists, root.readOnly])).toEqual([
      ['session', fixture.session, true, false],
      ['personal', fixture.home, true, false],
      ['project', fixture.project, true, false],
      ['role', fixture.role('engineer'), true, false],
      ['enterprise', fixture.enterprise, true, true],
    ]);
  });

  it('has no Session layer without a session, and no Project layer without a .dosia/ above', () => {
    expect(layers.root('session')).toMatchObject({ path: null, exists: false });
    const elsewhere = createLayers({ home: fixture.home, cwd: fixture.base, enterpriseDir: fixture.enterprise });
    expect(elsewhere.layers.root('project')).toMatchObject({ path: null, note: expect.stringContaining('no .dosia/ folder') });
  });

  it('does not take the Personal folder for a project when it is a .dosia/ above the working folder', () => {
    const home = join(fixture.base, 'work/.dosia');
    const personalAsProject = createLayers({ home, cwd: fixture.cwd, enterpriseDir: fixture.enterprise });
    expect(personalAsProject.layers.root('project').path).toBeNull();
  });

  it('refuses session ids that would leave the sessions folder', () => {
    expect(() => layers.withSession('../escape')).toThrow(/session id "..\/escape"/);
  });
});

describe('settings', () => {
  it('resolves a key from the narrowest layer and names the layers it shadows', () => {
    expect(session.get('model')).toMatchObject({ value: 'session-model', layer: 'session', file: join(fixture.session, 'settings.json'), shadows: ['personal', 'project', 'role', 'enterprise'], locked: false });
    expect(layers.get('model')).toMatchObject({ value: 'personal-model', layer: 'personal', shadows: ['project', 'role', 'enterprise'] });
    expect(layers.get('theme')).toMatchObject({ value: 'dark', layer: 'personal', shadows: ['project'] });
    expect(layers.get('nothing.here')).toMatchObject({ value: undefined, layer: null, sources: [] });
  });

  it('merges nested objects key by key across layers', () => {
    expect(layers.get('editor')).toMatchObject({ value: { tabSize: 4, font: 'mono', lineNumbers: true }, merged: true, sources: ['project', 'role', 'enterprise'], shadows: [] });
    expect(layers.get('editor.font')).toMatchObject({ value: 'mono', layer: 'role', shadows: ['enterprise'] });
    expect(layers.settings().providers).toEqual({ bytespike: { url: 'https://personal.example', key: 'role-key' } });
  });

  it('unions permission rules across layers, and a deny anywhere wins over an allow', () => {
    expect(layers.get('permissions.allow')).toMatchObject({ value: ['write_file(src/*)', 'read_file(*)'], merged: true, sources: ['personal', 'project'] });
    expect(layers.get('permissions.deny').value).toEqual(['bash(rm *)']);
    expect(layers.permission('bash(rm -rf /)')).toEqual({ decision: 'deny', rule: 'bash(rm *)', layer: 'role' });
    expect(layers.permission('read_file(notes.md)')).toEqual({ decision: 'allow', rule: 'read_file(*)', layer: 'personal' });
    expect(layers.permission('write_file(src/a.ts)')).toEqual({ decision: 'allow', rule: 'write_file(src/*)', layer: 'project' });
    expect(layers.permission('write_file(package.json)')).toEqual({ decision: 'ask', rule: null, layer: null });
  });

  it('asks for an action an ask rule matches even where a broader allow rule matches too', () => {
    session.addPermissionRule('ask', 'write_file(src/secrets*)', 'session');
    expect(session.permission('write_file(src/secrets.ts)')).toEqual({ decision: 'ask', rule: 'write_file(src/secrets*)', layer: 'session' });
    expect(session.permission('write_file(src/app.ts)')).toMatchObject({ decision: 'allow', layer: 'project' });
  });

  it('applies Enterprise locks over every layer and refuses writes that touch them', () => {
    expect(layers.get('telemetry.enabled')).toMatchObject({ value: false, layer: 'enterprise', locked: true, file: join(fixture.enterprise, 'policy.json'), shadows: ['personal'] });
    expect(refusal(() => layers.set('telemetry.enabled', true, 'personal'))).toMatch(/"telemetry.enabled" is locked by Enterprise policy/);
    expect(refusal(() => layers.set('telemetry', { enabled: true }, 'project'))).toMatch(/locked/);
    expect(refusal(() => layers.unset('telemetry.enabled', 'personal'))).toMatch(/locked/);
    expect(readJson(join(fixture.home, 'settings.json'))).toMatchObject({ telemetry: { enabled: true } });
  });

  it('never writes to Enterprise', () => {
    const before = readFileSync(join(fixture.enterprise, 'settings.json'), 'utf8');
    expect(refusal(() => layers.set('model', 'mine', 'enterprise'))).toMatch(/Enterprise layer is read-only/);
    expect(refusal(() => layers.writeFile('enterprise', 'skills/x/SKILL.md', 'x'))).toMatch(/read-only/);
    expect(readFileSync(join(fixture.enterprise, 'settings.json'), 'utf8')).toBe(before);
  });

  it('writes one key into the named layer atomically, keeping its other keys', () => {
    expect(layers.set('theme', 'light', 'project')).toEqual({ layer: 'project', path: join(fixture.project, 'settings.json') });
    expect(readJson(join(fixture.project, 'settings.json'))).toMatchObject({ theme: 'light', model: 'project-model', editor: { tabSize: 4 } });
    expect(readdirSync(fixture.project).filter((name) => name.includes('tmp'))).toEqual([]);
    expect(layers.get('theme')).toMatchObject({ value: 'dark', layer: 'personal', shadows: ['project'] });
    layers.unset('theme', 'personal');
    expect(layers.get('theme')).toMatchObject({ value: 'light', layer: 'project' });
  });

  it('refuses a Session write without a session, and creates the session folder with one', () => {
    expect(refusal(() => layers.set('model', 'x', 'session'))).toMatch(/no session/);
    const fresh = layers.withSession('s2');
    fresh.set('model', 'fresh-model', 'session');
    expect(fresh.get('model')).toMatchObject({ value: 'fresh-model', layer: 'session' });
  });

  it('adds permission rules to one layer without duplicates', () => {
    layers.addPermissionRule('allow', 'bash(git status)', 'project');
    layers.addPermissionRule('allow', 'bash(git status)', 'project');
    expect((readJson(join(fixture.project, 'settings.json')) as { permissions: { allow: string[] } }).permissions.allow).toEqual(['write_file(src/*)', 'bash(git status)']);
    expect(layers.permission('bash(git status)')).toMatchObject({ decision: 'allow', layer: 'project' });
  });
});

describe('paths', () => {
  it('resolves a path to the narrowest layer holding it, with what it shadows', () => {
    expect(session.resolve('skills/review')).toEqual({ relativePath: 'skills/review', path: join(fixture.session, 'skills/review'), layer: 'session', shadows: ['personal', 'project', 'role', 'enterprise'] });
    expect(session.resolve('skills/project-only/')).toMatchObject({ layer: 'project', shadows: [] });
    expect(session.resolve('skills/missing')).toBeNull();
    expect(() => session.resolve('../outside')).toThrow(/must be relative/);
    expect(() => session.resolve('/etc/passwd')).toThrow(/must be relative/);
  });

  it('lists a folder across layers, one entry per name with its layer and shadows', () => {
    expect(session.list('skills/').map((entry) => [entry.name, entry.layer, entry.type, entry.shadows])).toEqual([
      ['personal-only', 'personal', 'directory', []],
      ['project-only', 'project', 'directory', []],
      ['review', 'session', 'directory', ['personal', 'project', 'role', 'enterprise']],
      ['role-only', 'role', 'directory', []],
    ]);
    expect(layers.list('mcp').map((entry) => [entry.name, entry.layer, entry.type, entry.shadows])).toEqual([
      ['db.json', 'project', 'file', []],
      ['github.json', 'personal', 'file', ['project']],
    ]);
  });
});

describe('policy', () => {
  it('denies by glob, deny winning over the allow list, and says why', () => {
    expect(layers.isDenied('providers', 'openai-compatible')).toBe(true);
    expect(layers.isDenied('providers', 'bytespike')).toBe(false);
    expect(layers.isDenied('models', 'openai/gpt-4o')).toBe(true);
    expect(layers.isDenied('models', 'anthropic/claude-sonnet-4')).toBe(false);
    expect(layers.isDenied('skills', 'untrusted-scraper')).toBe(true);
    expect(layers.isDenied('mcpServers', 'shell')).toBe(true);
    expect(layers.isDenied('mcpServers', 'github')).toBe(false);
    expect(layers.isDenied('mcpServers', 'filesystem')).toBe(true);
    expect(layers.denial('models', 'openai/gpt-4o')).toBe(`models "openai/gpt-4o" is denied by Enterprise policy (rule "*/gpt-4*" in ${join(fixture.enterprise, 'policy.json')})`);
    expect(layers.denial('mcpServers', 'filesystem')).toMatch(/not in the Enterprise allow list/);
  });
});

describe('instructions', () => {
  it('includes every DOSIA.md broadest first, each under a heading naming its layer and file', () => {
    const { text, parts } = session.instructions();
    expect(parts.map((part) => part.layer)).toEqual(['enterprise', 'role', 'project', 'personal', 'session']);
    expect(text).toContain(`<!-- layer: project (${join(fixture.project, 'DOSIA.md')}) -->\nProject instructions.\n`);
    const order = ['Enterprise rules.', 'Engineer role instructions.', 'Project instructions.', 'Personal instructions.', 'Session instructions.'].map((line) => text.indexOf(line));
    expect(order.every((position, index) => position >= 0 && (index === 0 || position > order[index - 1]!))).toBe(true);
    expect(layers.instructions().parts.map((part) => part.layer)).toEqual(['enterprise', 'role', 'project', 'personal']);
  });
});

describe('malformed files', () => {
  it('reports a broken settings.json with its layer and path, and loads every other layer', () => {
    fixture.write('work/.dosia/settings.json', '{ "model": ');
    expect(layers.problems()).toEqual([{ layer: 'project', path: join(fixture.project, 'settings.json'), reason: expect.stringMatching(/^not valid JSON/) }]);
    expect(layers.get('model')).toMatchObject({ value: 'personal-model', shadows: ['role', 'enterprise'] });
    expect(layers.get('editor.tabSize')).toMatchObject({ value: 2, layer: 'role' });
    expect(refusal(() => layers.set('theme', 'x', 'project'))).toMatch(/fix or remove it first/);
    expect(readFileSync(join(fixture.project, 'settings.json'), 'utf8')).toBe('{ "model": ');
  });

  it('reports a settings.json that is not an object', () => {
    fixture.write('home/settings.json', '[1, 2]');
    expect(layers.problems()).toEqual([{ layer: 'personal', path: join(fixture.home, 'settings.json'), reason: 'must be a JSON object' }]);
    expect(layers.get('model')).toMatchObject({ value: 'project-model', layer: 'project' });
  });

  it('reports a broken policy.json and keeps the settings of every layer', () => {
    fixture.write('enterprise/policy.json', 'locked: yes');
    expect(layers.problems()).toEqual([{ layer: 'enterprise', path: join(fixture.enterprise, 'policy.json'), reason: expect.stringMatching(/^not valid JSON/) }]);
    expect(layers.get('telemetry.enabled')).toMatchObject({ value: true, locked: false, layer: 'personal' });
  });

  it('keeps the valid fields of a policy whose other fields are wrong', () => {
    fixture.write('enterprise/policy.json', { locked: { 'telemetry.enabled': false }, deny: { models: 'gpt-4', providers: ['openai-*'], widgets: [] } });
    expect(layers.problems().map((problem) => problem.reason)).toEqual(['field deny.models: must be an array of names', 'field deny.widgets: is not a known kind (providers, models, skills, mcpServers)']);
    expect(layers.get('telemetry.enabled').locked).toBe(true);
    expect(layers.isDenied('providers', 'openai-x')).toBe(true);
  });
});

describe('roles', () => {
  it('switching the role moves the Role root and what it contributes', () => {
    expect(layers.get('team')).toMatchObject({ value: 'platform', layer: 'role' });
    expect(layers.useRole('designer')).toEqual({ layer: 'personal', path: join(fixture.home, 'active-role') });
    expect(layers.root('role').path).toBe(fixture.role('designer'));
    expect(layers.activeRole()).toEqual({ name: 'designer', source: 'personal' });
    expect(layers.get('team')).toMatchObject({ value: 'design', layer: 'role' });
    expect(layers.resolve('skills/role-only')).toBeNull();
  });

  it('follows a role locked by policy and refuses switching away from it', () => {
    fixture.write('enterprise/policy.json', { locked: { role: 'designer' } });
    expect(layers.activeRole()).toEqual({ name: 'designer', source: 'policy' });
    expect(refusal(() => layers.useRole('engineer'))).toMatch(/locked to "designer"/);
    expect(() => layers.useRole('../../etc')).toThrow(/role "..\/..\/etc"/);
  });
});
