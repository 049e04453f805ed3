import { describe, expect, it } from 'vitest';
import { formatProblem } from './skill-manifest';
import { readSkillFolder } from './skill-source';
import { skillMarkdown, writeSkillFolder } from './skill-test-support';
import { validateSkillSource } from './validate-skill';

function problemsOf(name: string, files: Record<string, string>): string[] {
  const folder = writeSkillFolder(name, files);
  return validateSkillSource(readSkillFolder(folder)).problems.map((problem) => formatProblem(problem).replace(`${folder}/`, ''));
}

const VALID = `
name: good
description: A good skill.
dosia:
  version: 1.2.3
  inputs:
    tone:
      type: string
      default: calm
  gateway:
    cache:
      ttl_s: 60
`;

describe('validateSkillSource', () => {
  it('accepts a full dosia skill and a plain Agent Skill', () => {
    const folder = writeSkillFolder('good', { 'SKILL.md': skillMarkdown(VALID, 'Be {{tone}}.\n') });
    const { skill, problems } = validateSkillSource(readSkillFolder(folder));
    expect(problems).toEqual([]);
    expect(skill?.version).toBe('1.2.3');
    expect(skill?.instructions).toBe('Be {{tone}}.\n');
    const plain = validateSkillSource(readSkillFolder(writeSkillFolder('plain', { 'SKILL.md': skillMarkdown('name: plain\ndescription: Plain.\nallowed-tools: Read Grep') })));
    expect(plain.problems).toEqual([]);
    expect(plain.skill?.version).toBeNull();
  });

  it('points malformed YAML at its line', () => {
    expect(problemsOf('bad', { 'SKILL.md': '---\nname: bad\nname: again\ndescription: x\n---\nbody\n' })).toEqual(['SKILL.md:3: front matter: Map keys must be unique']);
    expect(problemsOf('bad', { 'SKILL.md': '---\nname: bad\ndescription: x\nc: : :\n---\nbody\n' })[0]).toMatch(/^SKILL\.md:4: front matter: Nested mappings/);
    expect(problemsOf('bad', { 'SKILL.md': 'no front matter' })).toEqual(['SKILL.md:1: SKILL.md must start with "---" and YAML front matter']);
    expect(problemsOf('bad', { 'SKILL.md': '---\nname: bad\n' })).toEqual(['SKILL.md:1: the front matter is not closed by a "---" line']);
    expect(problemsOf('bad', {})).toEqual(['SKILL.md:1: SKILL.md is missing']);
  });

  it('refuses a name that differs from its folder, at the name line', () => {
    expect(problemsOf('folder-name', { 'SKILL.md': skillMarkdown('description: x\nname: other-name') })).toEqual(['SKILL.md:3: name "other-name" must equal its folder name "folder-name"']);
    expect(problemsOf('Bad--Name', { 'SKILL.md': skillMarkdown('name: Bad--Name\ndescription: x') })[0]).toMatch(/^SKILL\.md:2: name: must match pattern/);
  });

  it('refuses unknown fields in dosia and unknown or malformed gateway flags, each at its line', () => {
    const problems = problemsOf('good', { 'SKILL.md': skillMarkdown(`${VALID.trim()}\n    stream_everything: true\n  colour: blue`) });
    expect(problems).toContain('SKILL.md:13: dosia.gateway.stream_everything: unknown field');
    expect(problems).toContain('SKILL.md:14: dosia.colour: unknown field');
    const flags = problemsOf('good', { 'SKILL.md': skillMarkdown('name: good\ndescription: x\ndosia:\n  version: 1.0.0\n  gateway:\n    retry:\n      attempts: 99\n    fallback: [""]') });
    expect(flags).toContain('SKILL.md:8: dosia.gateway.retry.attempts: must be <= 10');
    expect(flags.some((line) => line.startsWith('SKILL.md:9: dosia.gateway.fallback.0: must NOT have fewer than 1 characters'))).toBe(true);
  });

  it('checks semantics the schema cannot: models, input defaults, MCP tools, placeholders, description length', () => {
    const problems = problemsOf('sem', { 'SKILL.md': skillMarkdown(`
name: sem
description: x
dosia:
  version: 1.0.0
  models:
    preferred: openai/gpt-5.4
    allowed: [anthropic/claude-sonnet-4-6]
  inputs:
    count:
      type: integer
      default: 1.5
  mcp: [image-tools]
  permissions:
    mcp_tools: [mcp__shell__run]
`, 'Line one.\nUse {{missing}} here.\n') });
    expect(problems).toEqual([
      'SKILL.md:7: preferred model "openai/gpt-5.4" is not in models.allowed',
      'SKILL.md:12: input "count": default 1.5 is not of type integer',
      'SKILL.md:15: mcp__shell__run belongs to MCP server "shell", which dosia.mcp does not list',
      'SKILL.md:18: {{missing}} names no input in dosia.inputs',
    ]);
    expect(problemsOf('long', { 'SKILL.md': skillMarkdown(`name: long\ndescription: ${'x'.repeat(1025)}`) })).toEqual(['SKILL.md:3: description: must NOT have more than 1024 characters']);
  });
});
