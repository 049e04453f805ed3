import { defineErrors } from '../../../kernel/errors';

export const mcpHostErrors = defineErrors({
  BSK_MCPHOST_UNKNOWN_SERVER: { status: 404, message: 'no MCP server named "{name}" is configured' },
  BSK_MCPHOST_UNKNOWN_TOOL: { status: 404, message: 'there is no MCP tool named {tool} (its server may have stopped or changed its tools)' },
  BSK_MCPHOST_NOT_RUNNING: { status: 503, message: 'MCP server {server} is {status}{reason}' },
  BSK_MCPHOST_START_TIMEOUT: { status: 504, message: 'MCP server {server} did not answer within {timeoutMs} ms of starting' },
  BSK_MCPHOST_CALL_FAILED: { status: 502, message: 'MCP server {server} failed {tool}: {reason}' },
  BSK_MCPHOST_SERVER_EXITED: { status: 502, message: 'MCP server {server} stopped during {tool}: {reason}; it is being restarted' },
});
