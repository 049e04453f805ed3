import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import type { AgentEvent } from '../agent/agent';
import { createAgent } from '../agent/create-agent';
import { createToolRegistry } from '../agent/tool-source';
import { createConversationStore } from '../conversations/create-conversation-store';
import { createMcpHost } from '../mcp/mcp-host';
import { createProviderSlot } from '../providers/provider-slot';
import { createTestLayers } from '../providers/test-layers';
import { loadValidSkill } from './pack-skill';
import { startCaptureProxy, startSkillCli, type SkillCliHarness } from './skill-cli-harness';
import { planSkillRun } from './skill-run-plan';
import { runSkill } from './skill-runner';
import { readSkillUsage } from './skill-usage';
import { skillMarkdown, writeSkillFolder } from './skill-test-support';

/**
 * `dosia skill run` and `dosia skill test` go through the agent loop: a skill that declares
 * tools uses them over several steps, every step carrying its gateway flags; what it
 * pre-approves runs without asking, anything else still needs a person. Also with MCP tools:
 * only the ones `permissions.mcp_tools` names run unasked.
 */
let gateway: GatewayHarness;
let proxy: Awaited<ReturnType<typeof startCaptureProxy>>;
let dosia: SkillCliHarness;
let folder: string;

const MANIFEST = `
name: launch-reader
description: Answers from the project's files.
allowed-tools: read_file
dosia:
  version: 2.0.0
  models:
    preferred: anthropic/claude-sonnet-4-6
  gateway:
    cache:
      ttl_s: 600
  examples:
    - name: reads-the-file
      prompt: "[[tool:read_file]] When is the launch?"
      expect:
        contains: [Tuesday]
`;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  proxy = await startCaptureProxy(gateway.url);
  dosia = await startSkillCli({ providers: { bytespike: { type: 'bytespike', url: proxy.url, key: gateway.apiKey } } });
  dosia.write('work/sample path', 'the launch is on Tuesday');
  folder = writeSkillFolder('launch-reader', { 'SKILL.md': skillMarkdown(MANIFEST, 'Read before you answer.\n'), 'references/guide.md': 'the guide\n' }, dosia.base);
}, 30_000);
afterAll(async () => {
  await dosia?.close();
  await proxy?.close();
  await gateway?.close();
});

const sentFlags = () => proxy.requests.filter((request) => request.path.startsWith('/v1/messages')).map((request) => request.headers['x-bytespike-flags']);

describe('dosia skill run and test through the agent loop', () => {
  it('runs declared tools unasked over several steps, refuses undeclared ones on a pipe, flags on every step', async () => {
    proxy.requests.length = 0;
    const run = await dosia.cli('skill', 'run', folder, '--prompt', '[[tools:read_file,read_skill_resource,list_files]] When?', '--json');
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out);
    expect(result).toMatchObject({ skill: { name: 'launch-reader', version: '2.0.0' }, flags: { cache: { ttl_s: 600 } }, steps: 2, stop: 'finished' });
    expect(result.text).toContain('the launch is on Tuesday');
    // The skill's own resource tool runs unasked too; the simulator's sample path is simply not a resource.
    expect(result.text).toContain('cannot load "sample path": only scripts/, references/, assets/ load on demand');
    expect(result.text).toContain('error: not permitted: list_files(sample path) needs approval and nobody can be asked');
    expect(sentFlags()).toEqual(['{"cache":{"ttl_s":600}}', '{"cache":{"ttl_s":600}}']);
    expect(run.err).toMatch(/skill launch-reader on bytespike:anthropic\/claude-sonnet-4-6, \d+ credits, flags \{"cache":\{"ttl_s":600\}\} \(.*bytespike-cache: miss/);
    expect(readSkillUsage(dosia.kernel.use('layers'))['launch-reader']).toMatchObject({ runs: 1, failures: 0, credits: result.credits });
  });

  it('--yes approves what the skill does not declare (deny rules still win)', async () => {
    dosia.write('work/.dosia/settings.json', { permissions: { deny: ['write_file(*)'] } });
    try {
      const run = await dosia.cli('skill', 'run', folder, '--prompt', '[[tools:list_files,write_file]] Look.', '--yes', '--json');
      const text = JSON.parse(run.out).text as string;
      expect(text).not.toContain('list_files(sample path) needs approval');
      expect(text).toContain('write_file(sample path) is denied by rule "write_file(*)" in the project layer');
    } finally {
      dosia.write('work/.dosia/settings.json', {});
    }
  });

  it('tests the declared examples through the loop', async () => {
    proxy.requests.length = 0;
    const tested = await dosia.cli('skill', 'test', folder);
    expect(tested).toMatchObject({ code: 0, out: 'ok   reads-the-file (bytespike:anthropic/claude-sonnet-4-6, 2 steps)\n1/1 examples passed\n' });
    expect(sentFlags()).toHaveLength(2);
  });

  it('refuses a model outside the skill\'s allowed list', async () => {
    const picky = writeSkillFolder('picky', { 'SKILL.md': skillMarkdown('name: picky\ndescription: Picky.\ndosia:\n  version: 1.0.0\n  models:\n    allowed: [openai/gpt-5.4]') }, dosia.base);
    const refused = await dosia.cli('skill', 'run', picky, '-m', 'anthropic/claude-sonnet-4-6', '--prompt', 'hi');
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('model anthropic/claude-sonnet-4-6 is not allowed by the skill picky; choose one of openai/gpt-5.4 (-m) [BSK_AGENT_MODEL_NOT_ALLOWED]') });
    const defaulted = JSON.parse((await dosia.cli('skill', 'run', picky, '--prompt', 'hi', '--json')).out);
    expect(defaulted.model).toBe('openai/gpt-5.4');
  });
});

describe('a skill with MCP tools', () => {
  it('pre-approves only the MCP tools permissions.mcp_tools names', async () => {
    const layers = createTestLayers({ providers: { bytespike: { type: 'bytespike', url: gateway.url, key: gateway.apiKey } } });
    const logger = createLogger({ level: 'silent' });
    const providers = createProviderSlot({ layers: layers.layers, logger, fetch: globalThis.fetch, now: () => performance.now() });
    const host = createMcpHost({ layers: layers.layers, providers, logger, env: { PATH: process.env.PATH } });
    const tools = createToolRegistry();
    tools.add(host.toolSource);
    const agent = createAgent({ layers: layers.layers, providers, conversations: createConversationStore({ layers: layers.layers }), tools, logger, cwd: layers.project });
    const designer = join(import.meta.dirname, '../../../skills/image-prompt-designer');
    const events: AgentEvent[] = [];
    try {
      const plan = planSkillRun(loadValidSkill(designer), designer);
      for await (const event of runSkill({ layers: layers.layers, agent }, plan, { prompt: '[[tools:mcp__image-tools__generate_image,mcp__text-writing-tools__draft]] A lighthouse at dusk' })) events.push(event);
    } finally {
      await host.close();
      layers.remove();
    }
    const results = events.filter((event) => event.type === 'tool-result');
    expect(results).toEqual([
      expect.objectContaining({ name: 'mcp__image-tools__generate_image', isError: false, approval: 'pre-approved for this run (mcp__image-tools__generate_image(*))' }),
      expect.objectContaining({ name: 'mcp__text-writing-tools__draft', isError: true, output: expect.stringContaining('needs approval and nobody can be asked') }),
    ]);
  });
});
