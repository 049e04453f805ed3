import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ByteSpikeApi, ListedModel } from './bytespike-api';

/** What a tool gets when it runs: the caller's gateway, the models their key may use, progress. */
export interface ToolRunContext {
  readonly api: ByteSpikeApi;
  readonly models: readonly ListedModel[];
  /** Aborted when the MCP client cancels the call or goes away. */
  readonly signal: AbortSignal;
  /** Reports progress when the caller asked for it (`_meta.progressToken`); a no-op otherwise. */
  progress(update: { progress: number; total?: number; message?: string }): Promise<void>;
}

/** One MCP tool over ByteSpike; its arguments are validated against `inputSchema` before `run`. */
export interface ToolSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** A JSON Schema object, built per caller (e.g. the `model` enum lists only the key's models). */
  readonly inputSchema: { readonly type: 'object'; readonly [keyword: string]: unknown };
  run(args: Record<string, unknown>, context: ToolRunContext): Promise<CallToolResult>;
}

/**
 * A ByteSpike MCP tool server (image-tools, video-tools, text-writing-tools). The gateway
 * serves it at `/mcp/<name>` and `bytespike mcp <name>` over stdio; both ask `tools` with
 * the models the caller's key may use, so a key without a scope sees none of its tools.
 */
export interface McpToolServerDefinition {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  tools(models: readonly ListedModel[]): readonly ToolSpec[];
}

declare module '../../../kernel/capabilities' {
  interface Contributions {
    'mcp-tool-server': McpToolServerDefinition;
  }
}
