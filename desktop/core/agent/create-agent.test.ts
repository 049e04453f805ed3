import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE } from '../../../kernel/canonical/usage';
import { createLogger } from '../../../kernel/logger';
import { createConversationStore } from '../conversations/create-conversation-store';
import type { ChatTurnRequest, DosiaProvider, ProviderSlot, TurnPart } from '../providers/dosia-provider';
import { createTestLayers, type TestLayers } from '../providers/test-layers';
import type { AgentEvent, AgentRunOptions, AgentTurnResult } from './agent';
import { createAgent } from './create-agent';
import { createToolRegistry, type ToolSource } from './tool-source';

/** A model that calls `tool` with `{}` on every step (or answers text when `tool` is null). */
function scriptedProvider(tool: string | null, seen: ChatTurnRequest[]): DosiaProvider {
  return {
    name: 'fake', type: 'openai', url: 'http://fake',
    listModels: async () => [{ id: 'm', provider: 'fake', displayName: 'm', modality: 'chat' }],
    async streamTurn(request) {
      seen.push(request);
      const parts: StreamPart[] = tool
        ? [{ type: 'tool-call-start', index: 0, id: `call_${seen.length}`, name: tool }, { type: 'tool-input-delta', index: 0, json: '{}' }, { type: 'tool-call-end', index: 0 }, { type: 'finish', reason: 'tool-calls', usage: { ...EMPTY_USAGE, outputTokens: 3 } }]
        : [{ type: 'text-delta', index: 0, text: 'done' }, { type: 'finish', reason: 'stop', usage: EMPTY_USAGE }];
      return (async function* (): AsyncGenerator<TurnPart> {
        yield* parts;
        yield { type: 'turn-end', metrics: { provider: 'fake', model: 'm', requestId: null, usage: { ...EMPTY_USAGE, outputTokens: 3 }, credits: 7, creditsSource: 'settled', latency: { firstTokenMs: 1, totalMs: 2 }, finishReason: tool ? 'tool-calls' : 'stop' } };
      })();
    },
  };
}

let fixture: TestLayers;
beforeEach(() => {
  fixture = createTestLayers({ permissions: { allow: ['slow(*)', 'broken(*)'] } });
});
afterEach(() => fixture.remove());

async function run(tool: string | null, source: ToolSource, options: Partial<AgentRunOptions> = {}) {
  const seen: ChatTurnRequest[] = [];
  const provider = scriptedProvider(tool, seen);
  const providers = { refreshModels: async () => [], resolveModel: async () => ({ provider, model: { id: 'm', provider: 'fake', displayName: 'm', modality: 'chat' } }) } as unknown as ProviderSlot;
  const tools = createToolRegistry();
  tools.add(source);
  const conversations = createConversationStore({ layers: fixture.layers });
  const agent = createAgent({ layers: fixture.layers, providers, conversations, tools, logger: createLogger({ level: 'silent' }), cwd: fixture.project });
  const events: AgentEvent[] = [];
  for await (const event of agent.run({ prompt: 'go', ...options })) events.push(event);
  const result = (events.at(-1) as { result: AgentTurnResult }).result;
  return { events, result, seen, conversation: conversations.load(result.sessionId) };
}

const toolSource = (call: ToolSource['call']): ToolSource => ({
  name: 'test',
  list: () => [{ name: 'slow', inputSchema: { type: 'object' } }, { name: 'broken', inputSchema: { type: 'object' } }],
  call,
});

describe('agent loop', () => {
  it('a tool that throws gives the model an error result, and the loop goes on to the step limit', async () => {
    const { result, seen, conversation } = await run('broken', toolSource(async () => { throw new Error('disk on fire'); }), { maxSteps: 3 });
    expect(result).toMatchObject({ stop: 'step-limit', steps: 3, credits: 21, usage: { outputTokens: 9 } });
    expect(seen[1]!.messages.at(-1)).toEqual({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'broken', content: [{ type: 'text', text: 'error: disk on fire' }], isError: true }] });
    expect(conversation.events.filter((event) => event.type === 'usage')).toHaveLength(3);
    expect(conversation.events.at(-1)).toMatchObject({ type: 'error', code: 'step-limit' });
  });

  it('a tool that hangs is stopped at the timeout, even when it ignores the abort', async () => {
    let aborted = false;
    const hang = toolSource((_name, _input, signal) => {
      signal.addEventListener('abort', () => void (aborted = true));
      return new Promise(() => undefined);
    });
    const { events } = await run('slow', hang, { maxSteps: 1, toolTimeoutMs: 50 });
    const toolResult = events.find((event) => event.type === 'tool-result');
    expect(toolResult).toMatchObject({ isError: true, output: 'error: tool slow did not finish within 50 ms (stopped)' });
    expect(aborted).toBe(true);
  });

  it('cancelling during a tool call stops the run as cancelled, with everything so far recorded', async () => {
    const controller = new AbortController();
    const waitForCancel = toolSource((_name, _input, signal) => {
      setTimeout(() => controller.abort(new Error('stop')), 10);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const { result, conversation } = await run('slow', waitForCancel, { signal: controller.signal });
    expect(result.stop).toBe('cancelled');
    expect(conversation.events.map((event) => event.type)).toEqual(['conversation', 'user', 'assistant-start', 'tool-call', 'assistant-end', 'usage', 'tool-result']);
  });

  it('a model that answers with text finishes after one step', async () => {
    const { result } = await run(null, toolSource(async () => ({ content: '' })));
    expect(result).toMatchObject({ stop: 'finished', steps: 1, text: 'done', credits: 7 });
  });
});

describe('run options a skill brings', () => {
  const echo = (name: string): ToolSource => ({ name: 'skill:test', list: () => [{ name, inputSchema: { type: 'object' } }], call: async () => ({ content: `${name} ran` }) });

  it('sends the run\'s system parts after the layer instructions and its headers on every model call, and records the skill', async () => {
    fixture.write('home/DOSIA.md', 'Personal rule.');
    const { seen, result, conversation } = await run('own_tool', echo('own_tool'), {
      maxSteps: 2, system: [{ type: 'text', text: 'Skill instructions.' }], headers: { 'x-bytespike-flags': '{"cache":{"ttl_s":60}}' },
      preApprovedTools: ['own_tool'], toolSources: [echo('own_tool')], skill: { name: 'demo', version: '1.0.0' },
    });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.system.map((part) => part.text)).toEqual([expect.stringContaining('Personal rule.'), 'Skill instructions.']);
      expect(request.headers).toEqual({ 'x-bytespike-flags': '{"cache":{"ttl_s":60}}' });
    }
    expect(result.skill).toEqual({ name: 'demo', version: '1.0.0' });
    expect(conversation.events.find((event) => event.type === 'user')).toMatchObject({ skill: { name: 'demo', version: '1.0.0' } });
  });

  it('runs pre-approved tools without asking (a name or a rule), asks for the rest, and lets deny and explicit ask rules win', async () => {
    const approval = async (tool: string, options: Partial<AgentRunOptions>) => {
      const { events } = await run(tool, echo(tool), { maxSteps: 1, ...options });
      return events.find((event) => event.type === 'tool-result') as { approval: string; output: string };
    };
    expect(await approval('lookup', { preApprovedTools: ['lookup'] })).toMatchObject({ output: 'lookup ran', approval: 'pre-approved for this run (lookup(*))' });
    expect(await approval('lookup', { preApprovedTools: ['lookup()'] })).toMatchObject({ approval: 'pre-approved for this run (lookup())' });
    expect((await approval('lookup', { preApprovedTools: ['other'] })).output).toContain('lookup() needs approval and nobody can be asked');
    fixture.write('work/.dosia/settings.json', { permissions: { deny: ['lookup(*)'], ask: ['probe(*)'] } });
    expect((await approval('lookup', { preApprovedTools: ['lookup'] })).output).toContain('lookup() is denied by rule "lookup(*)" in the project layer');
    expect((await approval('probe', { preApprovedTools: ['probe'] })).output).toContain('probe() needs approval and nobody can be asked');
  });

  it('adds the run\'s tool sources after the registered ones, which keep their names', async () => {
    const shadow: ToolSource = { ...echo('slow'), call: async () => ({ content: 'the run\'s slow ran' }) };
    const { seen, events } = await run('slow', echo('slow'), { maxSteps: 1, toolSources: [shadow, echo('extra')] });
    expect(seen[0]!.tools.map((tool) => tool.name)).toEqual(['read_file', 'write_file', 'list_files', 'slow', 'extra']);
    expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ output: 'slow ran', approval: expect.stringContaining('allowed by rule "slow(*)"') });
  });

  it('refuses a model outside the allowed list before the conversation is touched', async () => {
    await expect(run(null, echo('x'), { allowedModels: ['other', 'fake:m2'], skill: { name: 'picky', version: null } })).rejects.toThrow('model m is not allowed by the skill picky; choose one of other, fake:m2 (-m)');
    expect((await run(null, echo('x'), { allowedModels: ['fake:m'] })).result.stop).toBe('finished');
  });
});
