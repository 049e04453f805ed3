import { definePlugin } from '../../../kernel/plugin';
import { createMcpHost, DEFAULT_MCP_HOST_OPTIONS } from './mcp-host';

export type { McpHost } from './mcp-host';
export type { McpServerStatus } from './server-connection';

interface McpPluginConfig {
  readonly startTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly shellPathTimeoutMs: number;
  readonly maxResultCharacters: number;
  readonly maxRestarts: number;
}

export const activate = definePlugin<McpPluginConfig>((ctx) => {
  const { maxRestarts, ...timings } = ctx.config;
  const host = createMcpHost({
    layers: ctx.use('layers'),
    providers: ctx.tryUse('providers'),
    logger: ctx.logger,
    env: ctx.kernel.env,
    options: { ...timings, restart: { ...DEFAULT_MCP_HOST_OPTIONS.restart, maxAttempts: maxRestarts } },
  });
  ctx.provide('mcp', host);
  const registry = ctx.tryUse('agent-tools');
  if (registry) ctx.onDispose(registry.add(host.toolSource));
  return () => host.close();
});
