import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * `count_tokens` for Claude goes to Anthropic's count endpoint as `/v1/messages` goes for Claude:
 * the client's body, with the upstream model id, without the gateway's own fields, and without
 * what only create takes (which the count endpoint refuses). The count body used to be rebuilt
 * from the translated request, so what that has no place for (server tools, `mcp_servers`,
 * `context_management`…) was not counted, and Anthropic's `context_management` answer never
 * came back. Through the running gateway and the upstream simulator, with the official SDK.
 */
const e2e = useGatewayWithClients();
const MODEL = 'anthropic/claude-sonnet-4-6';
const UPSTREAM_MODEL = 'claude-sonnet-4-6';
const WEB_SEARCH: Anthropic.Beta.BetaWebSearchTool20250305 = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 };
const MCP_SERVERS: Anthropic.Beta.BetaRequestMCPServerURLDefinition[] = [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'example' }];
const CLEAR_TOOL_USES: Anthropic.Beta.BetaClearToolUses20250919Edit = { type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 30_000 } };

const question = (marker: string) => [{ role: 'user' as const, content: `${marker}: what is new in the news today?` }];

/** The one upstream request with `marker`: its path, body and headers. */
async function sentUpstream(marker: string): Promise<{ path: string; body: Record<string, unknown>; headers: Record<string, string> }> {
  const [sent, ...more] = await upstreamBodies(e2e.gateway, marker);
  expect(more).toEqual([]);
  const [request] = (await upstreamRequests(e2e.gateway, marker)) as unknown as { headers: Record<string, string> }[];
  return { ...sent!, headers: request!.headers };
}

describe('count_tokens for Claude: the client\'s body at Anthropic\'s count endpoint', () => {
  it('counts a server tool and cache_control as written: the body as the client sent it, with the upstream model id and without the gateway\'s fields', async () => {
    const system: Anthropic.Beta.BetaTextBlockParam[] = [{ type: 'text', text: 'Answer from fresh sources.', cache_control: { type: 'ephemeral' } }];
    const plain = await e2e.anthropic.messages.countTokens({ model: MODEL, system, messages: question('count-plain') });
    const body = { model: MODEL, system, messages: question('count-search'), tools: [WEB_SEARCH], cache_control: { type: 'ephemeral' as const }, bytespike: { timeout_ms: 20_000 } };
    const { data: searching, response } = await e2e.anthropic.messages.countTokens(body as Anthropic.MessageCountTokensParams).withResponse();
    expect(response.headers.get('bytespike-count-source')).toBe('upstream');
    expect(response.headers.get('bytespike-model')).toBe(MODEL);
    // The search tool's definition is read by the model, and counted.
    expect(searching.input_tokens).toBeGreaterThan(plain.input_tokens);
    const sent = await sentUpstream('count-search');
    expect(sent.path).toBe('/anthropic/v1/messages/count_tokens');
    const { bytespike: _ours, ...wire } = body;
    expect(sent.body).toEqual({ ...wire, model: UPSTREAM_MODEL });
  });

  it('with context_management (beta): Anthropic\'s answer comes back whole, context_management.original_input_tokens included, and the client\'s betas go with the body', async () => {
    const params: Anthropic.Beta.MessageCountTokensParams = { model: MODEL, messages: question('count-context'), tools: [WEB_SEARCH], context_management: { edits: [CLEAR_TOOL_USES] }, betas: ['context-management-2025-06-27'] };
    const counted = await e2e.anthropic.beta.messages.countTokens(params);
    expect(counted.context_management).toEqual({ original_input_tokens: expect.any(Number) });
    // The simulator applies no edit: the prompt before the edits is the one counted.
    expect(counted.context_management!.original_input_tokens).toBe(counted.input_tokens);
    const sent = await sentUpstream('count-context');
    expect(sent.body).toMatchObject({ context_management: { edits: [CLEAR_TOOL_USES] }, tools: [WEB_SEARCH], model: UPSTREAM_MODEL });
    expect(sent.headers['anthropic-beta']?.split(',')).toEqual(expect.arrayContaining(['context-management-2025-06-27', 'token-counting-2024-11-01']));
  });

  it('counts MCP servers, and answers no context_management to a count that asked for none', async () => {
    const counted = await e2e.anthropic.beta.messages.countTokens({ model: MODEL, messages: question('count-mcp'), mcp_servers: MCP_SERVERS, betas: ['mcp-client-2025-04-04'] });
    const plain = await e2e.anthropic.beta.messages.countTokens({ model: MODEL, messages: question('count-mcp') });
    expect(counted.input_tokens).toBeGreaterThan(plain.input_tokens);
    expect(counted.context_management ?? null).toBeNull();
    expect((await upstreamBodies(e2e.gateway, 'count-mcp')).map((sent) => sent.body.mcp_servers)).toEqual([MCP_SERVERS, undefined]);
  });

  it('counts the very body the client will send to create: what the count endpoint refuses (max_tokens, sampling, stream, metadata) is left out, the rest goes', async () => {
    const create = { model: MODEL, max_tokens: 1_024, stream: true, temperature: 1, stop_sequences: ['END'], metadata: { user_id: 'u1' }, service_tier: 'auto', messages: question('count-create-body'), tools: [WEB_SEARCH] };
    const counted = await e2e.anthropic.messages.countTokens(create as unknown as Anthropic.MessageCountTokensParams);
    expect(counted.input_tokens).toBeGreaterThan(0);
    const sent = await sentUpstream('count-create-body');
    expect(sent.body).toEqual({ model: UPSTREAM_MODEL, messages: create.messages, tools: [WEB_SEARCH] });
  });
});
