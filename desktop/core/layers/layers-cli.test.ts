import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../kernel/cli/command';
import { runCli } from '../../../kernel/cli/run-cli';
import { dosiaProfile } from '../../../kernel/profiles/dosia';
import { createLayerFixture, type LayerFixture } from './layer-fixture';

let fixture: LayerFixture;

beforeAll(() => {
  // The warnings these tests provoke are checked on the command's stderr, not in pino's log lines.
  process.env.LOG_LEVEL = 'silent';
});
beforeEach(() => {
  fixture = createLayerFixture();
});
afterEach(() => fixture.remove());

async function dosia(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (text) => void (stdout += text), err: (text) => void (stderr += text), isTty: false };
  const env = { DOSIA_HOME: fixture.home, DOSIA_ENTERPRISE_DIR: fixture.enterprise };
  const code = await runCli(dosiaProfile, argv, io, env, fixture.cwd);
  return { code, stdout, stderr };
}

function projectSettings(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixture.project, 'settings.json'), 'utf8')) as Record<string, unknown>;
}

describe('dosia scopes', () => {
  it('--json lists the five roots, what each holds and what shadows what', async () => {
    const result = await dosia('scopes', '--json', '--session', 's1');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report.layers.map((layer: { layer: string; path: string }) => [layer.layer, layer.path])).toEqual([
      ['session', fixture.session],
      ['personal', fixture.home],
      ['project', fixture.project],
      ['role', fixture.role('engineer')],
      ['enterprise', fixture.enterprise],
    ]);
    const [sessionLayer, personal, project, , enterprise] = report.layers;
    expect(sessionLayer.settings).toEqual([{ key: 'model', status: 'effective', shadowedBy: null, shadows: ['personal', 'project', 'role', 'enterprise'] }]);
    expect(personal.settings).toContainEqual({ key: 'telemetry.enabled', status: 'locked', shadowedBy: 'enterprise', shadows: [] });
    expect(project.settings).toContainEqual({ key: 'model', status: 'shadowed', shadowedBy: 'session', shadows: [] });
    expect(project.folders.mcp).toEqual([{ name: 'db.json', type: 'file', shadowedBy: null, shadows: [] }, { name: 'github.json', type: 'file', shadowedBy: 'personal', shadows: [] }]);
    expect(enterprise).toMatchObject({ readOnly: true, instructions: join(fixture.enterprise, 'DOSIA.md') });
    expect(report.role).toEqual({ name: 'engineer', source: 'personal' });
  });

  it('prints a readable table without a session', async () => {
    const result = await dosia('scopes');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('session     (none: no session (pass --session <id>))');
    expect(result.stdout).toContain(`enterprise  ${fixture.enterprise}  read-only`);
    expect(result.stdout).toContain('  skills/        personal-only/\n                 review/ (shadows project, role, enterprise)\n');
    expect(result.stdout).toContain('  policy.json    locked: telemetry.enabled\n                 deny providers: openai-*\n');
  });

  it('names a malformed settings file with its layer and path on stderr, and shows the rest', async () => {
    fixture.write('work/.dosia/settings.json', '{ broken');
    const result = await dosia('scopes');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^warning: project layer: ${join(fixture.project, 'settings.json')}: not valid JSON`));
    expect(result.stdout).toContain(`personal    ${fixture.home}`);
  });
});

describe('dosia settings', () => {
  it('get prints the value and the layer it came from', async () => {
    const text = await dosia('settings', 'get', 'model');
    expect(text).toEqual({ code: 0, stderr: '', stdout: `model = "personal-model"\n  from personal (${join(fixture.home, 'settings.json')})\n  shadows project, role, enterprise\n` });
    const json = await dosia('settings', 'get', 'model', '--json', '--session', 's1');
    expect(JSON.parse(json.stdout)).toMatchObject({ key: 'model', value: 'session-model', layer: 'session', shadows: ['personal', 'project', 'role', 'enterprise'] });
  });

  it('get of an unset key exits 1', async () => {
    expect(await dosia('settings', 'get', 'not.set')).toMatchObject({ code: 1, stdout: '', stderr: 'not.set is not set in any layer\n' });
  });

  it('set writes the named layer, parsing JSON values and keeping plain words as strings', async () => {
    expect(await dosia('settings', 'set', 'retries', '3', '--layer', 'project')).toMatchObject({ code: 0 });
    expect(await dosia('settings', 'set', 'editor.theme', 'solarized', '--layer', 'project')).toMatchObject({ code: 0 });
    expect(await dosia('settings', 'set', 'features', '{"cache":true}', '--layer', 'project')).toMatchObject({ code: 0, stdout: `set features = {"cache":true} in project (${join(fixture.project, 'settings.json')})\n` });
    expect(projectSettings()).toMatchObject({ retries: 3, editor: { tabSize: 4, theme: 'solarized' }, features: { cache: true }, model: 'project-model' });
    expect(await dosia('settings', 'unset', 'retries', '--layer', 'project')).toMatchObject({ code: 0 });
    expect(projectSettings()).not.toHaveProperty('retries');
  });

  it('refuses Enterprise and locked keys with exit 2 and the reason', async () => {
    const enterprise = await dosia('settings', 'set', 'model', 'x', '--layer', 'enterprise');
    expect(enterprise.code).toBe(2);
    expect(enterprise.stderr).toBe('error: cannot write model in the enterprise layer: the Enterprise layer is read-only (managed by your organisation) [BSK_LAYERS_WRITE_REFUSED]\n');
    const locked = await dosia('settings', 'set', 'telemetry.enabled', 'true', '--layer', 'personal');
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(`"telemetry.enabled" is locked by Enterprise policy (${join(fixture.enterprise, 'policy.json')})`);
  });

  it('exits 2 on usage errors', async () => {
    expect((await dosia('settings', 'set', 'model', 'x')).code).toBe(2);
    expect((await dosia('settings', 'set', 'model', 'x', '--layer', 'galaxy')).stderr).toContain('unknown layer "galaxy"');
    expect((await dosia('settings', 'frobnicate')).code).toBe(2);
    expect((await dosia('settings', 'get', 'model', '--session', '../x')).code).toBe(2);
    expect((await dosia('settings', 'get', 'a..b')).code).toBe(2);
  });
});

describe('dosia role', () => {
  it('use switches the Role layer for the next command', async () => {
    expect((await dosia('settings', 'get', 'team', '--json')).stdout).toContain('"platform"');
    const switched = await dosia('role', 'use', 'designer');
    expect(switched).toMatchObject({ code: 0, stdout: `active role: designer  ${fixture.role('designer')}\n` });
    expect(JSON.parse((await dosia('settings', 'get', 'team', '--json')).stdout)).toMatchObject({ value: 'design', layer: 'role' });
    expect((await dosia('role')).stdout).toBe(`active role: designer  ${fixture.role('designer')}\nroles: designer, engineer\n`);
  });

  it('refuses a bad role name and a missing one with exit 2', async () => {
    expect((await dosia('role', 'use', '../escape')).code).toBe(2);
    expect((await dosia('role', 'use')).code).toBe(2);
  });
});
