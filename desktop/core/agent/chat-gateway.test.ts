import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../conversations/conversation-event';
import { useGatewayTestLayers } from '../providers/gateway-test-layers';
import { closedPort } from '../providers/test-layers';

/**
 * `dosia chat` as a user runs it, against the real gateway (in-process) and the upstream
 * simulator: streamed text, the usage line, --json, the agent loop with tools, and the
 * recorded usage and credits checked against the gateway's own generation records.
 */
const env = useGatewayTestLayers();

const { dosia } = env;

function conversationEvents(sessionId: string): ConversationEvent[] {
  return readFileSync(join(env.fixture.home, 'sessions', sessionId, 'conversation.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ConversationEvent);
}

async function generation(requestId: string) {
  const response = await fetch(`${env.gateway.url}/v1/generation?id=${requestId}`, { headers: { 'x-api-key': env.gateway.apiKey } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { total_credits: number; usage: { input_tokens: number; output_tokens: number }; model: string } }).data;
}

describe('dosia chat against the gateway', () => {
  it('streams the answer to stdout and ends with the usage line on stderr; the wallet moved by the credits shown', async () => {
    const before = await env.gateway.balance();
    const result = await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', 'Say hello to the team');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Simulated answer from claude-sonnet-4-6: Say hello to the team\n');
    const usage = result.stderr.match(/^anthropic\/claude-sonnet-4-6 · (\d+) in \/ (\d+) out tokens · (\d+) credits · first token \d+ ms · total \d+ ms · session (\S+)\n$/m);
    expect(usage, result.stderr).not.toBeNull();
    expect(result.stderr).not.toMatch(/\x1b\[/);
    expect(before - (await env.gateway.balance())).toBe(Number(usage![3]));
  });

  it('--json prints one document: text, model, usage, credits, latency, matching the gateway record', async () => {
    const result = await dosia('chat', '-m', 'openai/gpt-5.4', '--json', 'Summarise the plan');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ text: expect.stringContaining('Summarise the plan'), model: 'openai/gpt-5.4', provider: 'gw', steps: 1, stop: 'finished' });
    expect(document.latency.totalMs).toBeGreaterThanOrEqual(document.latency.firstTokenMs);
    const record = await generation(document.requestIds[0]);
    expect(record.total_credits).toBe(document.credits);
    expect({ input: record.usage.input_tokens, output: record.usage.output_tokens }).toEqual({ input: document.usage.inputTokens, output: document.usage.outputTokens });
  });

  it('an agent loop calls read_file twice, feeds the results back, and records usage and credits per call as the gateway does', async () => {
    env.fixture.write('work/sample path', 'the launch is on Tuesday');
    const before = await env.gateway.balance();
    const result = await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', '--yes', '--json', '[[tools:read_file,read_file]] When is the launch?');
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.text).toBe('Simulated answer from claude-sonnet-4-6 using tool results: the launch is on Tuesday | the launch is on Tuesday');
    expect(document.steps).toBe(2);
    const events = conversationEvents(document.sessionId);
    expect(events.filter((event) => event.type === 'tool-call').map((event) => event.type === 'tool-call' && event.input)).toEqual([{ path: 'sample path' }, { path: 'sample path' }]);
    expect(events.filter((event) => event.type === 'tool-result').map((event) => event.type === 'tool-result' && event.output)).toEqual(['the launch is on Tuesday', 'the launch is on Tuesday']);
    const recorded = events.flatMap((event) => (event.type === 'usage' ? [event.metrics] : []));
    expect(recorded).toHaveLength(2);
    for (const metrics of recorded) {
      const record = await generation(metrics.requestId!);
      expect(metrics.creditsSource).toBe('settled');
      expect(metrics.credits).toBe(record.total_credits);
      expect(metrics.usage.inputTokens).toBe(record.usage.input_tokens);
      expect(metrics.usage.outputTokens).toBe(record.usage.output_tokens);
    }
    expect(document.credits).toBe(recorded[0]!.credits! + recorded[1]!.credits!);
    expect(before - (await env.gateway.balance())).toBe(document.credits);
  });

  it('without --yes on a pipe, a tool call needing approval is refused and the model is told why; a deny rule wins over --yes', async () => {
    const asked = await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', '--json', '[[tool:write_file]] write it');
    expect(JSON.parse(asked.stdout).text).toContain('error: not permitted: write_file(sample path) needs approval');
    env.fixture.write('work/.dosia/settings.json', { permissions: { deny: ['write_file(*)'] } });
    const denied = await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', '--yes', '--json', '[[tool:write_file]] write it');
    expect(JSON.parse(denied.stdout).text).toContain('write_file(sample path) is denied by rule "write_file(*)" in the project layer');
  });

  it('continues a conversation with --session: the model sees the earlier turns', async () => {
    const first = JSON.parse((await dosia('chat', '-m', 'deepseek/deepseek-chat', '--json', 'first question')).stdout);
    const second = await dosia('chat', '--session', first.sessionId, '--json', 'second question');
    expect(JSON.parse(second.stdout)).toMatchObject({ sessionId: first.sessionId, model: 'deepseek/deepseek-chat' });
    expect(conversationEvents(first.sessionId).filter((event) => event.type === 'user')).toHaveLength(2);
    const shown = await dosia('sessions', 'show', first.sessionId);
    expect(shown.stdout).toContain('### User\n\nsecond question');
  });

  it('bad input: an invalid key, a model that is gone, an unreachable provider', async () => {
    await dosia('providers', 'add', 'gw', '--type', 'bytespike', '--url', env.gateway.url, '--key', 'bsk-wrong-key-0000');
    const badKey = await dosia('chat', '-m', 'openai/gpt-5.4', 'hi');
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/provider "gw" rejected the API key \(HTTP 401\)/);
    await dosia('providers', 'add', 'gw', '--type', 'bytespike', '--url', env.gateway.url, '--key', env.gateway.apiKey);
    const gone = await dosia('chat', '-m', 'openai/gpt-2', 'hi');
    expect(gone.stderr).toMatch(/model "openai\/gpt-2" is not offered by any configured provider \(gw\)/);
    const port = await closedPort();
    await dosia('providers', 'add', 'gw', '--type', 'bytespike', '--url', `http://127.0.0.1:${port}`, '--key', env.gateway.apiKey);
    const unreachable = await dosia('chat', 'hi');
    expect(unreachable.stderr).toContain(`provider "gw" at http://127.0.0.1:${port}/v1/models cannot be reached: ECONNREFUSED`);
    // Three adds, one key: settings.json refers to the secret store, which kept only the last key.
    const settings = readFileSync(join(env.fixture.home, 'settings.json'), 'utf8');
    expect(settings).not.toContain(env.gateway.apiKey);
    expect(JSON.parse(settings).providers.gw.key).toMatch(/^secret:providers\.gw\./);
    const secrets = JSON.parse(readFileSync(join(env.fixture.home, 'secrets.json'), 'utf8')) as { secrets: Record<string, { value: string }> };
    expect(Object.values(secrets.secrets).map((secret) => secret.value)).toEqual([env.gateway.apiKey]);
  });

  it('`dosia models` lists the gateway models with ByteSpike pricing', async () => {
    const models = await dosia('models', '--json');
    const list = JSON.parse(models.stdout).providers[0];
    expect(list.models.find((model: { id: string }) => model.id === 'anthropic/claude-sonnet-4-6')).toMatchObject({ provider: 'gw', vendor: 'anthropic', modality: 'chat', pricing: { inputPerMTok: expect.any(Number) } });
  });
});
