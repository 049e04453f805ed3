import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSkillToolSource } from './skill-tool-source';
import { loadValidSkill } from './pack-skill';
import { planSkillRun } from './skill-run-plan';
import { skillMarkdown, writeSkillFolder } from './skill-test-support';

const MANIFEST = `
name: runner
description: Runs.
allowed-tools: read_file bash(git diff*)
dosia:
  version: 1.0.0
  models:
    preferred: anthropic/claude-sonnet-4-6
  inputs:
    tone:
      type: string
      default: calm
      enum: [calm, loud]
    count:
      type: integer
      default: 2
    strict:
      type: boolean
    topic:
      type: string
      required: true
  tools: [read_file, bash]
  mcp: [image-tools]
  permissions:
    mcp_tools: [mcp__image-tools__generate_image]
  gateway:
    cache:
      ttl_s: 300
    fallback: [openai/gpt-5.4]
`;

function runner() {
  const folder = writeSkillFolder('runner', {
    'SKILL.md': skillMarkdown(MANIFEST, 'Write {{count}} lines about {{topic}}, {{tone}}.\n'),
    'references/guide.md': 'the guide\n',
    'notes.txt': 'not a resource\n',
  });
  return { folder, skill: loadValidSkill(folder) };
}

describe('planSkillRun', () => {
  it('composes instructions with inputs, lists resources, and carries the gateway flags as a header', () => {
    const { folder, skill } = runner();
    const plan = planSkillRun(skill, folder, { topic: 'tests', count: '3', strict: 'true' });
    expect(plan.inputs).toEqual({ tone: 'calm', count: 3, strict: true, topic: 'tests' });
    expect(plan.system).toContain('Write 3 lines about tests, calm.');
    expect(plan.system).toContain('- references/guide.md');
    expect(plan.system).not.toContain('notes.txt');
    expect(JSON.parse(plan.headers['x-bytespike-flags']!)).toEqual({ cache: { ttl_s: 300 }, fallback: ['openai/gpt-5.4'] });
    expect(plan.preApprovedTools).toEqual(['read_file', 'bash(git diff*)', 'mcp__image-tools__generate_image']);
    expect(plan.tools).toEqual(['read_file', 'bash']);
    expect(plan.preferredModel).toBe('anthropic/claude-sonnet-4-6');
  });

  it('refuses missing, unknown and mistyped inputs', () => {
    const { folder, skill } = runner();
    expect(() => planSkillRun(skill, folder, {})).toThrow('input "topic" is required and has no default');
    expect(() => planSkillRun(skill, folder, { topic: 'x', colour: 'red' })).toThrow('input "colour" is not declared by the skill');
    expect(() => planSkillRun(skill, folder, { topic: 'x', count: '2.5' })).toThrow('input "count" must be an integer, got 2.5');
    expect(() => planSkillRun(skill, folder, { topic: 'x', tone: 'quiet' })).toThrow('input "tone" must be one of calm, loud');
    expect(() => planSkillRun(skill, folder, { topic: 'x', strict: 'yes' })).toThrow('input "strict" must be true or false');
  });

  it('sends no flags header for a skill without a gateway block', () => {
    const folder = writeSkillFolder('plain', { 'SKILL.md': skillMarkdown('name: plain\ndescription: Plain.') });
    expect(planSkillRun(loadValidSkill(folder), folder).headers).toEqual({});
  });

  it('loads resources on demand through its tool source, refusing anything outside scripts/, references/, assets/', async () => {
    const { folder, skill } = runner();
    symlinkSync('/etc/hostname', join(folder, 'references', 'escape.md'));
    const tools = createSkillToolSource(planSkillRun(skill, folder, { topic: 'x' }));
    const signal = new AbortController().signal;
    expect((await tools.list()).map((tool) => tool.name)).toEqual(['read_skill_resource']);
    expect(await tools.call('read_skill_resource', { path: 'references/guide.md' }, signal)).toEqual({ content: 'the guide\n' });
    expect(await tools.call('read_skill_resource', { path: 'notes.txt' }, signal)).toMatchObject({ isError: true, content: expect.stringContaining('only scripts/, references/, assets/ load on demand') });
    expect(await tools.call('read_skill_resource', { path: 'references/../../x' }, signal)).toMatchObject({ isError: true, content: expect.stringContaining('climbing out') });
    expect(await tools.call('read_skill_resource', { path: 'references/escape.md' }, signal)).toMatchObject({ isError: true, content: expect.stringContaining('leads out of the skill folder') });
  });
});
