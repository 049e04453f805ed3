import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../../kernel/paths';
import { requireBuild } from '../../../scripts/e2e/require-build';
import { conversationHistory } from '../conversations/conversation-history';
import { createConversationStore } from '../conversations/create-conversation-store';
import { useGatewayTestLayers } from '../providers/gateway-test-layers';

const FIVE_MODELS = ['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'kimi/kimi-k2'];

const env = useGatewayTestLayers();

const { dosia } = env;

async function generationCredits(requestId: string): Promise<number> {
  const response = await fetch(`${env.gateway.url}/v1/generation?id=${requestId}`, { headers: { 'x-api-key': env.gateway.apiKey } });
  return ((await response.json()) as { data: { total_credits: number } }).data.total_credits;
}

describe('dosia compare against the gateway', () => {
  it('runs five providers at once and ends with the table; --json has one entry per model matching the gateway records', async () => {
    const before = await env.gateway.balance();
    const json = await dosia('compare', '-m', FIVE_MODELS.join(','), '--json', 'Name three prime numbers');
    expect(json.code, json.stderr).toBe(0);
    const { sessionId, results } = JSON.parse(json.stdout);
    // An alias resolves to the gateway's own id, which is what the lane is then called.
    expect(results.map((result: { model: string }) => result.model)).toEqual([...FIVE_MODELS.slice(0, 4), 'kimi/kimi-k2-0905-preview']);
    let total = 0;
    for (const result of results) {
      expect(result.text).toContain('Name three prime numbers');
      expect(result.latency.firstTokenMs).toBeGreaterThanOrEqual(0);
      expect(result.latency.totalMs).toBeGreaterThanOrEqual(result.latency.firstTokenMs);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.credits).toBe(await generationCredits(result.requestId));
      total += result.credits;
    }
    expect(before - (await env.gateway.balance())).toBe(total);
    const saved = await dosia('sessions', 'export', sessionId, '--format', 'md');
    for (const model of results.map((result: { model: string }) => result.model)) expect(saved.stdout).toContain(`## ${model}\n\n### Assistant · ${model}\n\nSimulated answer`);
  });

  it('prints each answer, then the table (model, first token ms, total ms, tokens, credits), with no terminal codes when piped', async () => {
    const table = await dosia('compare', '-m', 'openai/gpt-5.4, deepseek/deepseek-chat', 'hello');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^== openai\/gpt-5.4 ==\nSimulated answer from gpt-5.4: hello\n\n== deepseek\/deepseek-chat ==\n/);
    expect(table.stdout).toMatch(/model\s+first token ms\s+total ms\s+tokens in\/out\s+credits\nopenai\/gpt-5.4\s+\d+\s+\d+\s+\d+\/\d+\s+\d+\ndeepseek\/deepseek-chat\s+\d+\s+\d+\s+\d+\/\d+\s+\d+\n$/);
    expect(table.stdout + table.stderr).not.toMatch(/\x1b\[/);
  });

  it('a model that is gone fails its own lane; the others answer; the set re-runs', async () => {
    const result = await dosia('compare', '-m', 'openai/gpt-5.4,openai/gpt-2', '--json', 'hi');
    expect(result.code).toBe(1);
    const { sessionId, results } = JSON.parse(result.stdout);
    expect(results[0]).toMatchObject({ model: 'openai/gpt-5.4', text: 'Simulated answer from gpt-5.4: hi' });
    expect(results[1]).toMatchObject({ model: 'openai/gpt-2', error: { code: 'BSK_PROVIDER_UNKNOWN_MODEL' } });
    expect(result.stderr).toContain('error: openai/gpt-2: model "openai/gpt-2" is not offered');
    const rerun = await dosia('compare', '--rerun', sessionId, '--json');
    const again = JSON.parse(rerun.stdout);
    expect(again.sessionId).not.toBe(sessionId);
    expect(again.results.map((entry: { model: string }) => entry.model)).toEqual(['openai/gpt-5.4', 'openai/gpt-2']);
  });
});

describe('a process killed mid-stream', () => {
  const root = findRepoRoot();
  const built = join(root, 'dist', 'dosia.js');

  beforeAll(() => {
    requireBuild('dosia.js', 'desktop/core/agent/index.js');
  });

  it('leaves a conversation file that loads, with the streamed text so far, and can be continued', async () => {
    const child = spawn(process.execPath, [built, 'chat', '-m', 'openai/gpt-5.4', '[[long:400]] [[chunk-delay:15]] tell a long story'], { cwd: env.fixture.project, env: { ...env.fixture.env, PATH: process.env.PATH }, stdio: 'pipe' });
    const sessions = join(env.fixture.home, 'sessions');
    let file = '';
    for (let waited = 0; waited < 15_000; waited += 50) {
      const id = existsSync(sessions) ? readdirSync(sessions)[0] : undefined;
      file = id ? join(sessions, id, 'conversation.jsonl') : '';
      if (file && existsSync(file) && readFileSync(file, 'utf8').split('"type":"text"').length > 20) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = createConversationStore({ layers: env.fixture.layers });
    const id = readdirSync(sessions)[0]!;
    const loaded = store.load(id);
    expect(loaded.events.map((event) => event.type).slice(0, 3)).toEqual(['conversation', 'user', 'assistant-start']);
    expect(loaded.events.some((event) => event.type === 'assistant-end')).toBe(false);
    expect(loaded.warnings.length).toBeLessThanOrEqual(1);
    const partial = conversationHistory(loaded.events).at(-1)!;
    expect(partial.role).toBe('assistant');
    expect((partial.content[0] as { text: string }).text.split(' ').length).toBeGreaterThan(19);
    const resumed = await dosia('chat', '--session', id, '--json', 'go on');
    expect(JSON.parse(resumed.stdout)).toMatchObject({ sessionId: id, stop: 'finished' });
  }, 30_000);
});
