import { chmodSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../kernel/logger';
import { callTool } from '../agent/call-tool';
import { createTestLayers, type TestLayers } from '../providers/test-layers';
import { createMcpHost, type McpHost } from './mcp-host';
import { mcpToolName } from './mcp-tool-name';
import { resolveLoginShellPath } from './login-shell-path';

const FIXTURE = join(import.meta.dirname, '__fixtures__', 'fixture-server.mjs');
let fixture: TestLayers | undefined;
let host: McpHost | undefined;

afterEach(async () => {
  await host?.close();
  fixture?.remove();
  host = undefined;
  fixture = undefined;
});

function fixtureServer(mode = 'normal', extra: Record<string, unknown> = {}) {
  return { command: process.execPath, args: [FIXTURE], env: { FIXTURE_MODE: mode }, ...extra };
}

function startHost(servers: Record<string, unknown>, env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): McpHost {
  fixture = createTestLayers({ mcpServers: servers });
  host = createMcpHost({ layers: fixture.layers, logger: createLogger({ level: 'silent' }), env, options: { startTimeoutMs: 3_000, restart: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 2, stableMs: 60_000 } } });
  return host;
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const never = new AbortController().signal;

describe('mcp tool names', () => {
  it('are mcp__<server>__<tool>, at most 64 characters, hashed when cut', () => {
    expect(mcpToolName('image-tools', 'generate_image')).toBe('mcp__image-tools__generate_image');
    expect(mcpToolName('my.server', 'do it')).toBe('mcp__my_server__do_it');
    const long = mcpToolName('a-rather-long-server-name', 'and_an_even_longer_tool_name_that_goes_on_and_on');
    const sibling = mcpToolName('a-rather-long-server-name', 'and_an_even_longer_tool_name_that_goes_on_and_on_too');
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^mcp__a-rather-long-server-name__and_an_even_longer_tool_[0-9a-f]{8}$/);
    expect(sibling).not.toBe(long);
  });
});

describe('the MCP host with a third-party stdio server', () => {
  it('lists its tools as mcp__<server>__<tool> and calls them', async () => {
    const source = startHost({ fixture: fixtureServer() }).toolSource;
    expect((await source.list()).map((tool) => tool.name)).toEqual(['mcp__fixture__echo', 'mcp__fixture__crash', 'mcp__fixture__huge', 'mcp__fixture__hang', 'mcp__fixture__path', 'mcp__fixture__add_tool']);
    expect(await source.call('mcp__fixture__echo', { text: 'hi' }, never)).toEqual({ content: 'echo: hi' });
    expect((await host!.servers())[0]).toMatchObject({ name: 'fixture', state: 'running', transport: 'stdio', restarts: 0, origin: { source: 'settings', layer: 'personal' } });
  });

  it('reports a crash during a call, restarts the server and keeps its stderr for the panel', async () => {
    const source = startHost({ fixture: fixtureServer() }).toolSource;
    await source.list();
    await expect(source.call('mcp__fixture__crash', {}, never)).rejects.toThrow(/MCP server fixture stopped during crash: the server exited unexpectedly \(last stderr: crashing now: out of cheese\); it is being restarted/);
    await until(async () => (await host!.servers())[0]!.state === 'running');
    expect((await host!.servers())[0]).toMatchObject({ restarts: 1, lastError: expect.stringContaining('exited unexpectedly') });
    expect(host!.stderr('fixture')).toEqual(expect.arrayContaining(['crashing now: out of cheese', expect.stringMatching(/^\[dosia\] restarting in 20 ms/)]));
    expect((await host!.stderr('fixture')).filter((line) => line.includes('starting in normal mode'))).toHaveLength(2);
    await source.list();
    expect(await source.call('mcp__fixture__echo', { text: 'again' }, never)).toEqual({ content: 'echo: again' });
  });

  it('gives up on a server that will not start, after its restarts, with the reason', async () => {
    const source = startHost({ broken: fixtureServer('exit-at-start'), fixture: fixtureServer() }).toolSource;
    await until(async () => (await host!.servers()).find((server) => server.name === 'broken')!.state === 'failed');
    const broken = (await host!.servers()).find((server) => server.name === 'broken')!;
    expect(broken).toMatchObject({ restarts: 2, lastError: expect.stringMatching(/^could not start: .*fatal: no configuration found/) });
    expect((await source.list()).every((tool) => tool.name.startsWith('mcp__fixture__'))).toBe(true);
  });

  it('times out a server that hangs at start, and a call that hangs, and the conversation goes on', async () => {
    const started = Date.now();
    const source = startHost({ stuck: fixtureServer('hang-at-start'), fixture: fixtureServer() }).toolSource;
    expect((await source.list()).some((tool) => tool.name.startsWith('mcp__stuck__'))).toBe(false);
    expect(Date.now() - started).toBeLessThan(4_500);
    expect((await host!.servers()).find((server) => server.name === 'stuck')!.lastError).toMatch(/did not answer within 3000 ms/);
    const output = await callTool(source, 'mcp__fixture__hang', {}, { timeoutMs: 200, signal: never });
    expect(output).toEqual({ content: 'error: tool mcp__fixture__hang did not finish within 200 ms (stopped)', isError: true });
    expect(await source.call('mcp__fixture__echo', { text: 'still here' }, never)).toEqual({ content: 'echo: still here' });
  });

  it('cuts an enormous result and re-lists tools on tools/list_changed', async () => {
    const source = startHost({ fixture: fixtureServer() }).toolSource;
    await source.list();
    const huge = await source.call('mcp__fixture__huge', {}, never);
    expect(huge.content).toHaveLength(100_000 + '\n… (result cut: 200000 more characters)'.length);
    await source.call('mcp__fixture__add_tool', {}, never);
    await until(async () => (await source.list()).some((tool) => tool.name === 'mcp__fixture__late'));
  });

  it('leaves out servers Enterprise policy denies, and reports bad entries', async () => {
    startHost({ fixture: fixtureServer(), shell: fixtureServer(), 'bad name!': fixtureServer(), nothing: { args: [] } });
    fixture!.write('enterprise/policy.json', { deny: { mcpServers: ['shell'] } });
    const servers = await host!.servers();
    expect(servers.map((server) => [server.name, server.state])).toEqual([['bad name!', 'invalid'], ['fixture', 'running'], ['nothing', 'invalid'], ['shell', 'denied']]);
    expect(servers.find((server) => server.name === 'shell')!.lastError).toMatch(/mcpServers "shell" is denied by Enterprise policy/);
    expect(servers.find((server) => server.name === 'nothing')!.lastError).toMatch(/needs command/);
    expect((await host!.toolSource.list()).some((tool) => tool.name.startsWith('mcp__shell__'))).toBe(false);
  });

  it('starts stdio servers with the login shell PATH', async () => {
    startHost({ fixture: fixtureServer() }, { PATH: '/usr/bin:/bin', SHELL: join(import.meta.dirname, '__fixtures__', 'login-shell.sh') });
    chmodSync(join(import.meta.dirname, '__fixtures__', 'login-shell.sh'), 0o755);
    await host!.toolSource.list();
    expect((await host!.toolSource.call('mcp__fixture__path', {}, never)).content).toBe(`/opt/login/bin:${process.env.PATH}`);
  });
});

describe('resolveLoginShellPath', () => {
  it('falls back to the process PATH when there is no shell, or it hangs', async () => {
    expect(await resolveLoginShellPath({ shell: undefined, fallback: '/usr/bin', timeoutMs: 1_000 })).toBe('/usr/bin');
    const started = Date.now();
    expect(await resolveLoginShellPath({ shell: join(import.meta.dirname, '__fixtures__', 'hanging-shell.sh'), fallback: '/usr/bin', timeoutMs: 300 })).toBe('/usr/bin');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('the MCP host with an HTTP server that only speaks the older HTTP+SSE transport', () => {
  it('falls back to SSE and calls its tools', async () => {
    const transports = new Map<string, SSEServerTransport>();
    const http = createServer(async (request, response) => {
      const url = new URL(request.url!, 'http://localhost');
      if (request.method === 'GET' && url.pathname === '/sse') {
        if (request.headers.authorization !== 'Bearer legacy-token') return void response.writeHead(401).end();
        const transport = new SSEServerTransport('/messages', response);
        transports.set(transport.sessionId, transport);
        const server = new Server({ name: 'legacy', version: '1.0.0' }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [{ name: 'ping', inputSchema: { type: 'object' } }] }));
        server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'pong' }] }));
        return void server.connect(transport);
      }
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (request.method === 'POST' && url.pathname === '/messages' && transport) return void transport.handlePostMessage(request, response);
      response.writeHead(405).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as { port: number };
      const source = startHost({ legacy: { url: `http://127.0.0.1:${port}/sse`, headers: { authorization: 'Bearer legacy-token' } } }).toolSource;
      expect((await source.list()).map((tool) => tool.name)).toEqual(['mcp__legacy__ping']);
      expect((await host!.servers())[0]).toMatchObject({ state: 'running', kind: 'http', transport: 'sse' });
      expect(await source.call('mcp__legacy__ping', {}, never)).toEqual({ content: 'pong' });
      expect(host!.stderr('legacy')[0]).toMatch(/^\[dosia\] Streamable HTTP failed .*trying the older HTTP\+SSE transport/);
    } finally {
      await host?.close();
      host = undefined;
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
