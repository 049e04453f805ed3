import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';

let harness: GatewayHarness;
let chatOnlyKey: string;
let chatOnlyKeyId: string;
const clients: Client[] = [];

async function connect(server: string, apiKey: string): Promise<Client> {
  const client = new Client({ name: 'mcp-routes-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp/${server}`), { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } }));
  clients.push(client);
  return client;
}

async function toolNames(server: string, apiKey: string): Promise<string[]> {
  const { tools } = await (await connect(server, apiKey)).listTools();
  return tools.map((tool) => tool.name);
}

function texts(result: CallToolResult): string[] {
  return result.content.flatMap((item) => (item.type === 'text' ? [item.text] : []));
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  const created = await harness.kernel.use('accounts').createKey(harness.memberId, { name: 'chat only', scopes: ['chat'], models: ['openai/gpt-4o*', 'deepseek/*'] });
  chatOnlyKey = created.key;
  chatOnlyKeyId = created.id;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await harness?.close();
});

describe('/mcp/<name> over Streamable HTTP', () => {
  it('filters the tool list by the key: no images scope, no image tools', async () => {
    expect(await toolNames('image-tools', harness.apiKey)).toEqual(['generate_image', 'edit_image']);
    expect(await toolNames('image-tools', chatOnlyKey)).toEqual([]);
    expect(await toolNames('video-tools', harness.apiKey)).toEqual(['start_video', 'get_video', 'fetch_video']);
    expect(await toolNames('video-tools', chatOnlyKey)).toEqual([]);
  });

  it('offers text tools only the models the key allowlists', async () => {
    const { tools } = await (await connect('text-writing-tools', chatOnlyKey)).listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['draft', 'rewrite', 'translate', 'summarise']);
    const offered = (tools[0]!.inputSchema.properties as { model: { enum: string[] } }).model.enum;
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((model) => model.startsWith('openai/gpt-4o') || model.startsWith('deepseek/'))).toBe(true);
    const { tools: everyTool } = await (await connect('text-writing-tools', harness.apiKey)).listTools();
    expect((everyTool[0]!.inputSchema.properties as { model: { enum: string[] } }).model.enum.length).toBeGreaterThan(offered.length);
  });

  it('generate_image returns the image and its URL, and moves the wallet by the reported credits', async () => {
    const client = await connect('image-tools', harness.apiKey);
    const before = await harness.balance();
    // DALL·E answers a URL by default; GPT image models answer base64 only, as at OpenAI.
    const result = (await client.callTool({ name: 'generate_image', arguments: { prompt: 'a lighthouse at dusk', model: 'openai/dall-e-3' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const image = result.content.find((item) => item.type === 'image');
    expect(image?.type === 'image' && image.mimeType).toBe('image/png');
    expect(image?.type === 'image' && Buffer.from(image.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const structured = result.structuredContent as { credits: number; urls: string[] };
    expect(structured.credits).toBeGreaterThan(0);
    expect(structured.urls[0]).toMatch(new RegExp(`^${harness.url}/v1/files/images/`));
    expect(texts(result).at(-1)).toContain(`ByteSpike credits: ${structured.credits}`);
    expect(before - (await harness.balance())).toBe(structured.credits);
    // The URL it reports is served by the gateway.
    expect((await fetch(structured.urls[0]!)).headers.get('content-type')).toBe('image/png');

    const edited = (await client.callTool({ name: 'edit_image', arguments: { prompt: 'add a moon', image: structured.urls[0], model: 'openai/gpt-image-1' } })) as CallToolResult;
    expect(edited.isError, texts(edited).join('\n')).toBeFalsy();
    expect(edited.content.some((item) => item.type === 'image')).toBe(true);
  });

  it('generate_image gives the URL of a base64-only model\'s image too (gpt-image-1), which edit_image takes', async () => {
    const client = await connect('image-tools', harness.apiKey);
    const result = (await client.callTool({ name: 'generate_image', arguments: { prompt: 'a lighthouse at dusk', model: 'openai/gpt-image-1' } })) as CallToolResult;
    expect(result.isError, texts(result).join('\n')).toBeFalsy();
    const image = result.content.find((item) => item.type === 'image');
    const { urls } = result.structuredContent as { urls: string[] };
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(new RegExp(`^${harness.url}/v1/files/images/`));
    expect(texts(result)[0]).toBe(`Image 1: ${urls[0]}`);
    const served = await fetch(urls[0]!);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).toString('base64')).toBe(image?.type === 'image' && image.data);
    const edited = (await client.callTool({ name: 'edit_image', arguments: { prompt: 'add a moon', image: urls[0], model: 'openai/gpt-image-1' } })) as CallToolResult;
    expect(edited.isError, texts(edited).join('\n')).toBeFalsy();
    expect((edited.structuredContent as { urls: string[] }).urls[0]).toMatch(new RegExp(`^${harness.url}/v1/files/images/`));
  });

  it('text tools bill the same ledger and report it', async () => {
    const client = await connect('text-writing-tools', chatOnlyKey);
    const before = await harness.balance();
    const result = (await client.callTool({ name: 'summarise', arguments: { text: 'The quick brown fox jumps over the lazy dog again and again.', model: 'deepseek/deepseek-flash' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(texts(result)[0]).toContain('Simulated answer from deepseek-flash');
    const { credits } = result.structuredContent as { credits: number };
    expect(credits).toBeGreaterThan(0);
    expect(before - (await harness.balance())).toBe(credits);
  });

  it('answers arguments that fail the schema, and models outside the allowlist, with a clear error result', async () => {
    const client = await connect('text-writing-tools', chatOnlyKey);
    const before = await harness.balance();
    const missing = (await client.callTool({ name: 'translate', arguments: { text: 'bonjour' } })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(texts(missing)[0]).toMatch(/arguments of translate do not match its schema: target_language is required/);
    const outside = (await client.callTool({ name: 'draft', arguments: { brief: 'hi', model: 'anthropic/claude-sonnet-4-6' } })) as CallToolResult;
    expect(outside.isError).toBe(true);
    expect(texts(outside)[0]).toMatch(/model must be one of/);
    expect(await harness.balance()).toBe(before);
  });

  it('starts a video, waits for it with progress notifications and hands back its URL', async () => {
    const client = await connect('video-tools', harness.apiKey);
    const started = (await client.callTool({ name: 'start_video', arguments: { prompt: 'waves [[job:polls=2,ms=60000]]', model: 'gemini/veo-3.0-fast-generate-001' } })) as CallToolResult;
    expect(started.isError, texts(started).join('\n')).toBeFalsy();
    const { id } = started.structuredContent as { id: string };
    const progress: number[] = [];
    const fetched = (await client.callTool({ name: 'fetch_video', arguments: { id, poll_seconds: 0.05 } }, undefined, { onprogress: (update) => void progress.push(update.progress) })) as CallToolResult;
    expect(fetched.isError, texts(fetched).join('\n')).toBeFalsy();
    expect(progress.at(-1)).toBe(100);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const link = fetched.content.find((item) => item.type === 'resource_link');
    expect(link?.type === 'resource_link' && link.uri).toBe(`${harness.url}/v1/videos/${id}/content`);
    // The video's own bill, as settled: the hold of start_video, charged once the content was ready.
    const { heldCredits } = started.structuredContent as { heldCredits: number };
    const { videoCredits, videoRequestId } = fetched.structuredContent as { videoCredits: number; videoRequestId: string };
    expect(heldCredits).toBeGreaterThan(0);
    expect(videoCredits).toBe(heldCredits);
    expect((await harness.kernel.use('store').getRequestLog(videoRequestId, harness.orgId))?.credits).toBe(videoCredits);
    expect(texts(fetched)).toContain(`The video was billed ${videoCredits} credits (request ${videoRequestId}).`);
  });

  it.each([
    ['a body that is not JSON', 'application/json', '{"jsonrpc":', 400, { code: -32700, message: 'Parse error' }],
    ['a content type other than JSON', 'text/plain', '{}', 415, { code: -32000, message: expect.stringContaining('application/json') }],
    // 40 MB of spaces compress to a few kilobytes; the body limit is 32 MiB.
    ['a body past the size limit', 'application/json', gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)), 413, { code: -32000, message: expect.stringContaining('larger') }],
  ] as const)('answers %s with a JSON-RPC error and the status the MCP SDK gives it', async (_name, contentType, body, status, error) => {
    const gzipped = typeof body !== 'string';
    const response = await fetch(`${harness.url}/mcp/text-writing-tools`, {
      method: 'POST', body,
      headers: { authorization: `Bearer ${harness.apiKey}`, accept: 'application/json, text/event-stream', 'content-type': contentType, ...(gzipped ? { 'content-encoding': 'gzip' } : {}) },
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error, id: null });
  });

  it('refuses a revoked key and an unknown server with a clear message', async () => {
    const client = await connect('text-writing-tools', chatOnlyKey);
    await harness.kernel.use('accounts').revokeKey(chatOnlyKeyId);
    await expect(client.callTool({ name: 'draft', arguments: { brief: 'hi' } })).rejects.toThrow(/the API key is unknown, revoked or expired/);
    await expect(connect('text-writing-tools', chatOnlyKey)).rejects.toThrow(/BSK_AUTH_KEY_INVALID/);
    await expect(connect('sound-tools', harness.apiKey)).rejects.toThrow(/no ByteSpike MCP server .*sound-tools.*BSK_MCP_UNKNOWN_SERVER/);
  });
});
