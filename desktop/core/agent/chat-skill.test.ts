import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../conversations/conversation-event';
import { useGatewayTestLayers } from '../providers/gateway-test-layers';

/**
 * `dosia chat --skill` as a user runs it, against the real gateway and the upstream simulator:
 * the skill's instructions reach the model, its gateway flags ride on every model request of a
 * multi-step run, the tool it declares runs without asking while an undeclared one is refused
 * on a pipe, and the run is recorded in the conversation and in the skill's usage.
 */
const INSTRUCTIONS_MARKER = 'launch-notes-instructions-7731';
const FLAGS = { retry: { attempts: 2, budget_ms: 20000 } };
const SKILL = `---
name: launch-notes
description: Answers questions about the launch from the project's files.
allowed-tools: read_file
dosia:
  version: 1.2.0
  models:
    preferred: anthropic/claude-sonnet-4-6
    allowed: [anthropic/claude-sonnet-4-6, openai/gpt-5.4]
  gateway:
    retry:
      attempts: 2
      budget_ms: 20000
---
You are the release manager. Quote the project's files exactly (${INSTRUCTIONS_MARKER}).
`;

const env = useGatewayTestLayers((fixture) => {
  fixture.write('home/skills/launch-notes/SKILL.md', SKILL);
  fixture.write('work/sample path', 'the launch is on Tuesday');
});

const { dosia } = env;

async function generationFlags(requestId: string): Promise<unknown> {
  const response = await fetch(`${env.gateway.url}/v1/generation?id=${requestId}`, { headers: { 'x-api-key': env.gateway.apiKey } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { flags: unknown } }).data.flags;
}

/** What the gateway sent the simulated Anthropic upstream, oldest first. */
async function upstreamSystems(): Promise<string[]> {
  const { requests } = (await (await fetch(`${env.gateway.simulatorUrl}/__sim/requests?provider=anthropic`)).json()) as { requests: { path: string; body: { system?: unknown } }[] };
  return requests.filter((request) => request.path.endsWith('/v1/messages')).map((request) => JSON.stringify(request.body.system ?? ''));
}

describe('dosia chat --skill against the gateway', () => {
  it('runs the skill through the agent loop: instructions upstream, flags on every step, declared tool pre-approved, undeclared refused', async () => {
    await fetch(`${env.gateway.simulatorUrl}/__sim/requests`, { method: 'DELETE' });
    const result = await dosia('chat', '--skill', 'launch-notes', '--json', '[[tools:read_file,write_file]] When is the launch?');
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ model: 'anthropic/claude-sonnet-4-6', skill: { name: 'launch-notes', version: '1.2.0' }, steps: 2, stop: 'finished' });
    // read_file ran although nobody could be asked (piped, no --yes); write_file was refused.
    expect(document.text).toContain('the launch is on Tuesday');
    expect(document.text).toContain('error: not permitted: write_file(sample path) needs approval and nobody can be asked');
    expect(readFileSync(join(env.fixture.project, 'sample path'), 'utf8')).toBe('the launch is on Tuesday');

    expect(document.requestIds).toHaveLength(2);
    for (const requestId of document.requestIds) expect(await generationFlags(requestId)).toMatchObject(FLAGS);
    const systems = await upstreamSystems();
    expect(systems).toHaveLength(2);
    for (const system of systems) expect(system).toContain(INSTRUCTIONS_MARKER);

    const events = readFileSync(join(env.fixture.home, 'sessions', document.sessionId, 'conversation.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ConversationEvent);
    expect(events.find((event) => event.type === 'user')).toMatchObject({ text: '[[tools:read_file,write_file]] When is the launch?', skill: { name: 'launch-notes', version: '1.2.0' } });
    const usage = JSON.parse(readFileSync(join(env.fixture.home, 'skill-usage.json'), 'utf8'));
    expect(usage['launch-notes']).toMatchObject({ runs: 1, failures: 0, credits: document.credits, byModel: { 'anthropic/claude-sonnet-4-6': 1 } });
  });

  it('names the skill on the usage line, uses a model the skill allows, and refuses one it does not', async () => {
    const allowed = await dosia('chat', '--skill', 'launch-notes', '-m', 'openai/gpt-5.4', 'Hello');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/^openai\/gpt-5.4 · .* · skill launch-notes@1\.2\.0 · session \S+\n$/m);
    const refused = await dosia('chat', '--skill', 'launch-notes', '-m', 'deepseek/deepseek-chat', 'Hello');
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toContain('model deepseek/deepseek-chat is not allowed by the skill launch-notes; choose one of anthropic/claude-sonnet-4-6, openai/gpt-5.4 (-m)');
    expect(JSON.parse(readFileSync(join(env.fixture.home, 'skill-usage.json'), 'utf8'))['launch-notes']).toMatchObject({ runs: 1 });
  });

  it('refuses an unknown skill and an undeclared input before anything runs', async () => {
    expect(await dosia('chat', '--skill', 'review', 'hi')).toMatchObject({ code: 1, stderr: expect.stringContaining('no skill "review" in any layer') });
    expect(await dosia('chat', '--skill', 'launch-notes', '--input', 'tone=loud', 'hi')).toMatchObject({ code: 2, stderr: expect.stringContaining('input "tone" is not declared by the skill') });
  });
});
