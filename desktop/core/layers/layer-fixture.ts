import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Five real layer folders with clashing settings, instructions, skills and a policy (for tests). */
export interface LayerFixture {
  readonly base: string;
  readonly home: string;
  readonly session: string;
  readonly project: string;
  readonly cwd: string;
  readonly enterprise: string;
  readonly role: (name: string) => string;
  write(path: string, contents: unknown): void;
  remove(): void;
}

const FILES: Record<string, unknown> = {
  'home/sessions/s1/settings.json': { model: 'session-model' },
  'home/sessions/s1/DOSIA.md': 'Session instructions.\n',
  'home/sessions/s1/skills/review/SKILL.md': '---\nname: review\n---\n',
  'home/settings.json': {
    model: 'personal-model',
    theme: 'dark',
    telemetry: { enabled: true },
    providers: { bytespike: { url: 'https://personal.example' } },
    permissions: { allow: ['read_file(*)', 'bash(rm *)'] },
  },
  'home/DOSIA.md': 'Personal instructions.\n',
  'home/active-role': 'engineer\n',
  'home/skills/review/SKILL.md': '---\nname: review\n---\n',
  'home/skills/personal-only/SKILL.md': '---\nname: personal-only\n---\n',
  'home/mcp/github.json': { command: 'github-mcp' },
  'home/roles/engineer/settings.json': {
    model: 'role-model',
    team: 'platform',
    editor: { tabSize: 2, font: 'mono' },
    providers: { bytespike: { url: 'https://role.example', key: 'role-key' } },
    permissions: { deny: ['bash(rm *)'] },
  },
  'home/roles/engineer/DOSIA.md': 'Engineer role instructions.\n',
  'home/roles/engineer/skills/review/SKILL.md': '---\nname: review\n---\n',
  'home/roles/engineer/skills/role-only/SKILL.md': '---\nname: role-only\n---\n',
  'home/roles/designer/settings.json': { team: 'design' },
  'work/.dosia/settings.json': { model: 'project-model', theme: 'project-theme', editor: { tabSize: 4 }, permissions: { allow: ['write_file(src/*)'] } },
  'work/.dosia/DOSIA.md': 'Project instructions.\n',
  'work/.dosia/skills/review/SKILL.md': '---\nname: review\n---\n',
  'work/.dosia/skills/project-only/SKILL.md': '---\nname: project-only\n---\n',
  'work/.dosia/mcp/github.json': { command: 'project-github' },
  'work/.dosia/mcp/db.json': { command: 'db-mcp' },
  'work/src/deep/.keep': '',
  'enterprise/settings.json': { model: 'enterprise-model', editor: { font: 'serif', lineNumbers: true } },
  'enterprise/policy.json': {
    locked: { 'telemetry.enabled': false },
    deny: { providers: ['openai-*'], models: ['*/gpt-4*'], skills: ['untrusted-*'], mcpServers: ['shell'] },
    allow: { mcpServers: ['github', 'db', 'shell'] },
  },
  'enterprise/DOSIA.md': 'Enterprise rules.\n',
  'enterprise/skills/review/SKILL.md': '---\nname: review\n---\n',
};

export function createLayerFixture(): LayerFixture {
  const base = mkdtempSync(join(tmpdir(), 'dosia-layers-'));
  const write = (path: string, contents: unknown) => {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof contents === 'string' ? contents : `${JSON.stringify(contents, null, 2)}\n`);
  };
  for (const [path, contents] of Object.entries(FILES)) write(path, contents);
  return {
    base,
    home: join(base, 'home'),
    session: join(base, 'home/sessions/s1'),
    project: join(base, 'work/.dosia'),
    cwd: join(base, 'work/src/deep'),
    enterprise: join(base, 'enterprise'),
    role: (name) => join(base, 'home/roles', name),
    write,
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
