import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import type { AgentEvent, AgentTurnResult } from '../agent/agent';
import type { ApprovalRequest } from '../agent/approval';
import { createAgent } from '../agent/create-agent';
import { createToolRegistry } from '../agent/tool-source';
import { createConversationStore } from '../conversations/create-conversation-store';
import { createProviderSlot } from '../providers/provider-slot';
import { createTestLayers, type TestLayers } from '../providers/test-layers';
import { createMcpHost, type McpHost } from './mcp-host';

/**
 * The main model (the upstream simulator behind the real gateway) calls ByteSpike's
 * generate_image through DOSIA's MCP host: the tool is wired from the ByteSpike provider,
 * approved per the layered policy, billed to the provider's key, and its result answered.
 */
let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness();
}, 30_000);
afterAll(async () => gateway?.close());

async function runAgent(settings: Record<string, unknown>, approve?: (request: ApprovalRequest) => void, model = 'anthropic/claude-sonnet-4-6') {
  const fixture: TestLayers = createTestLayers({ providers: { bytespike: { type: 'bytespike', url: gateway.url, key: gateway.apiKey } }, ...settings });
  const logger = createLogger({ level: 'silent' });
  const providers = createProviderSlot({ layers: fixture.layers, logger, fetch: globalThis.fetch, now: () => performance.now() });
  const host: McpHost = createMcpHost({ layers: fixture.layers, providers, logger, env: { PATH: process.env.PATH } });
  const tools = createToolRegistry();
  tools.add(host.toolSource);
  const agent = createAgent({ layers: fixture.layers, providers, conversations: createConversationStore({ layers: fixture.layers }), tools, logger, cwd: fixture.project });
  const events: AgentEvent[] = [];
  try {
    const prompt = 'Make a picture of a lighthouse [[tool:mcp__image-tools__generate_image]]';
    for await (const event of agent.run({ prompt, model, ...(approve ? { approve: async (request) => (approve(request), { decision: 'once' as const }) } : {}) })) events.push(event);
    return { events, result: (events.at(-1) as { result: AgentTurnResult }).result, servers: await host.servers() };
  } finally {
    await host.close();
    fixture.remove();
  }
}

/** The last tool_result block the simulator's Anthropic upstream received. */
async function lastAnthropicToolResult(simulatorUrl: string): Promise<{ content: unknown[] }> {
  const { requests } = (await (await fetch(`${simulatorUrl}/__sim/requests?provider=anthropic`)).json()) as { requests: { body: { messages?: { content: unknown }[] } }[] };
  const blocks = requests.flatMap((request) => (request.body.messages ?? []).flatMap((message) => (Array.isArray(message.content) ? message.content : [])));
  return blocks.filter((block: { type?: string }) => block.type === 'tool_result').at(-1) as { content: unknown[] };
}

describe('DOSIA agent loop with ByteSpike MCP tools', () => {
  it('calls mcp__image-tools__generate_image after approval, receives the image and answers', async () => {
    const before = await gateway.balance();
    const asked: ApprovalRequest[] = [];
    const { events, result, servers } = await runAgent({}, (request) => asked.push(request));
    expect(servers.map((server) => [server.name, server.state, server.origin.source])).toEqual([['image-tools', 'running', 'bytespike'], ['text-writing-tools', 'running', 'bytespike'], ['video-tools', 'running', 'bytespike']]);
    expect(asked).toMatchObject([{ tool: 'mcp__image-tools__generate_image', source: 'mcp', action: 'mcp__image-tools__generate_image()' }]);
    const toolResult = events.find((event) => event.type === 'tool-result');
    expect(toolResult).toMatchObject({ name: 'mcp__image-tools__generate_image', isError: false, approval: 'approved once' });
    const output = (toolResult as { output: string }).output;
    expect(output).toMatch(/^\[image image\/png, \d+ (bytes|KB), shown to you with this result\]\nImage 1: http:\/\/127\.0\.0\.1:\d+\/v1\/files\/images\//m);
    // The picture itself went back to the main model inside the tool result (Anthropic's wire takes images there).
    expect((toolResult as { images?: unknown[] }).images).toHaveLength(1);
    const toolResultBlock = await lastAnthropicToolResult(gateway.simulatorUrl);
    expect(toolResultBlock.content).toContainEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: expect.stringMatching(/^iVBOR/) } });
    const toolCredits = Number(/ByteSpike credits: (\d+)/.exec(output)![1]);
    expect(toolCredits).toBeGreaterThan(0);
    expect(result).toMatchObject({ stop: 'finished', steps: 2 });
    expect(result.text).toContain('Simulated answer');
    // The wallet paid for the two model calls and the image, nothing else.
    expect(before - (await gateway.balance())).toBe(result.credits! + toolCredits);
  });

  it('on an OpenAI model the image follows the tool message in a user message', async () => {
    // The simulator answers only when the last message is a tool result, so it would call the tool again: two steps are enough.
    const { result } = await runAgent({ permissions: { allow: ['mcp__image-tools__*'] }, agent: { maxSteps: 2 } }, undefined, 'openai/gpt-4o');
    expect(result.steps).toBe(2);
    const { requests } = (await (await fetch(`${gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { body: { messages?: { role: string; content: unknown }[] } }[] };
    const messages = requests.at(-1)!.body.messages!;
    const toolIndex = messages.findIndex((message) => message.role === 'tool');
    expect(messages[toolIndex + 1]).toEqual({ role: 'user', content: [{ type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) } }] });
  });

  it('refuses the tool when a layer denies it, and the conversation goes on', async () => {
    const { events, result } = await runAgent({ permissions: { deny: ['mcp__image-tools__*'] } });
    expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ isError: true, output: expect.stringMatching(/not permitted: .*denied by rule "mcp__image-tools__\*" in the personal layer/) });
    expect(result.stop).toBe('finished');
  });

  it('allows it without asking when a layer allows it', async () => {
    const { events } = await runAgent({ permissions: { allow: ['mcp__image-tools__*'] } });
    expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ isError: false, approval: 'allowed by rule "mcp__image-tools__*" in the personal layer' });
  });
});
