import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { validateAgainst } from '../../../kernel/schema-validator';
import type { ByteSpikeApi, ListedModel } from './bytespike-api';
import { toolErrors } from './errors';
import type { McpToolServerDefinition, ToolSpec } from './tool-server-definition';

export interface ToolServerOptions {
  readonly api: ByteSpikeApi;
  /** The models the caller's key may use. */
  readonly models: readonly ListedModel[];
  readonly logger: Logger;
}

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

function describeFailure(error: unknown): string {
  if (isBskError(error)) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

/** Arguments with schema defaults applied, or the first problem as a sentence. */
function checkArguments(tool: ToolSpec, raw: unknown): { args: Record<string, unknown> } | { problem: string } {
  const args = structuredClone(raw ?? {}) as Record<string, unknown>;
  const problems = validateAgainst(tool.inputSchema, args);
  if (problems.length === 0) return { args };
  const reason = problems.map((problem) => `${problem.field} ${problem.reason}`).join('; ');
  return { problem: toolErrors.create('BSK_TOOLS_BAD_ARGUMENTS', { tool: tool.name, reason }).message };
}

/**
 * One MCP server for one caller: the definition's tools for the caller's models, arguments
 * checked against each tool's schema, and every failure turned into an error result the
 * model can read (the conversation goes on).
 */
export function createToolServer(definition: McpToolServerDefinition, options: ToolServerOptions): Server {
  const tools = definition.tools(options.models);
  const server = new Server({ name: `bytespike-${definition.name}`, version: definition.version }, { capabilities: { tools: {} }, instructions: definition.description });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map(({ name, title, description, inputSchema }) => ({ name, title, description, inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = tools.find((candidate) => candidate.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `${definition.name} has no tool "${request.params.name}" for this key (tools: ${tools.map((candidate) => candidate.name).join(', ') || 'none'})`);
    const checked = checkArguments(tool, request.params.arguments);
    if ('problem' in checked) return errorResult(checked.problem);
    const progressToken = request.params._meta?.progressToken;
    try {
      return await tool.run(checked.args, {
        api: options.api,
        models: options.models,
        signal: extra.signal,
        async progress(update) {
          if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...update } });
        },
      });
    } catch (error) {
      options.logger.warn({ server: definition.name, tool: tool.name, err: error }, 'tool call failed');
      return errorResult(`${tool.name} failed: ${describeFailure(error)}`);
    }
  });
  return server;
}
