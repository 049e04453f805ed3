import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../../kernel/paths';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { requireBuild } from '../../../scripts/e2e/require-build';

/**
 * `bytespike mcp <name>` as an MCP host runs it: the built CLI started as a subprocess by the
 * SDK's StdioClientTransport, calling a running gateway over HTTP with the key from its env.
 */
const root = findRepoRoot();
const bytespike = join(root, 'dist', 'bytespike.js');
const runFile = promisify(execFile);
let gateway: GatewayHarness;
let dataDir: string;

beforeAll(async () => {
  requireBuild('bytespike.js', 'plugins/frontends/mcp/index.js');
  gateway = await startGatewayHarness();
  dataDir = mkdtempSync(join(tmpdir(), 'bytespike-mcp-cli-'));
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function environment(apiKey: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', BYTESPIKE_API_KEY: apiKey, BYTESPIKE_BASE_URL: gateway.url, BYTESPIKE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
}

describe('bytespike mcp <name> over stdio', () => {
  it('serves the text tools to the SDK client and bills the key over HTTP', async () => {
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bytespike, 'mcp', 'text-writing-tools'], env: environment(gateway.apiKey), cwd: dataDir, stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['draft', 'rewrite', 'translate', 'summarise']);
      const before = await gateway.balance();
      const result = (await client.callTool({ name: 'translate', arguments: { text: 'Good morning, team', target_language: 'French', model: 'openai/gpt-4o' } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Simulated answer from gpt-4o') });
      const { credits } = result.structuredContent as { credits: number };
      expect(credits).toBeGreaterThan(0);
      expect(before - (await gateway.balance())).toBe(credits);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('exits with a clear message for a refused key or a missing variable', async () => {
    const refused = await runFile(process.execPath, [bytespike, 'mcp', 'image-tools'], { env: environment('bsk_not_a_key'), cwd: dataDir }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/ByteSpike refused the API key \(401\).*\[BSK_TOOLS_KEY_REFUSED\]/) });
    const { BYTESPIKE_API_KEY: _unused, ...withoutKey } = environment('');
    const missing = await runFile(process.execPath, [bytespike, 'mcp', 'image-tools'], { env: withoutKey, cwd: dataDir }).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('BYTESPIKE_API_KEY is not set') });
  }, 30_000);

  it('boots only the tool servers: launched from an empty folder without a data folder, it leaves no file there', async () => {
    // Claude Desktop may start it from `/`: the store (and its .bytespike/ database) must not come up.
    const launchFolder = mkdtempSync(join(tmpdir(), 'bytespike-mcp-cwd-'));
    const { BYTESPIKE_DATA_DIR: _unused, ...withoutDataDir } = environment(gateway.apiKey);
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    try {
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [bytespike, 'mcp', 'text-writing-tools'], env: withoutDataDir, cwd: launchFolder, stderr: 'pipe' }));
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
      expect(readdirSync(launchFolder)).toEqual([]);
    } finally {
      rmSync(launchFolder, { recursive: true, force: true });
    }
  }, 30_000);
});
