import { defineErrors } from '../../../kernel/errors';

export const mcpErrors = defineErrors({
  BSK_MCP_UNKNOWN_SERVER: { status: 404, message: 'there is no ByteSpike MCP server "{name}" (servers: {known})' },
  BSK_MCP_METHOD_NOT_ALLOWED: { status: 405, message: 'ByteSpike MCP servers are stateless: send JSON-RPC with POST' },
  BSK_MCP_MISSING_ENV: { status: 400, message: '{variable} is not set: {hint}' },
});
