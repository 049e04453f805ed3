import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isBskError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { GatewayService } from '../../router/gateway-service';
import { readApiKey } from '../../router/request-key';
import { createByteSpikeApi } from '../../tools/shared/bytespike-api';
import { createToolServer } from '../../tools/shared/create-tool-server';
import type { McpToolServerDefinition } from '../../tools/shared/tool-server-definition';
import { httpErrors, normalizeHttpError } from '../../http/http-errors';
import type { HttpHost } from '../../http/http-host';
import { mcpErrors } from './errors';
import { createInjectFetch } from './inject-fetch';

export interface McpRouteDependencies {
  readonly http: HttpHost;
  readonly gateway: () => GatewayService;
  readonly servers: () => readonly McpToolServerDefinition[];
  readonly logger: Logger;
}

/**
 * Errors before the MCP exchange starts, as a JSON-RPC error body with the HTTP status. A body
 * that is not JSON is JSON-RPC's parse error, answered 400 as the MCP SDK's own transport does.
 */
function sendJsonRpcError(reply: FastifyReply, caught: unknown): void {
  const error = normalizeHttpError(caught);
  if (httpErrors.is(error, 'BSK_HTTP_MALFORMED_BODY')) {
    reply.code(400).header('content-type', 'application/json').send({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error', data: { code: error.code } }, id: null });
    return;
  }
  const status = isBskError(error) ? error.status : 500;
  const message = isBskError(error) ? error.message : 'internal error';
  const code = isBskError(error) ? error.code : 'BSK_INTERNAL';
  reply.code(status).header('content-type', 'application/json').send({ jsonrpc: '2.0', error: { code: -32000 - (status === 401 ? 1 : 0), message, data: { code } }, id: null });
}

export function findServer(servers: readonly McpToolServerDefinition[], name: string): McpToolServerDefinition {
  const server = servers.find((candidate) => candidate.name === name);
  if (!server) throw mcpErrors.create('BSK_MCP_UNKNOWN_SERVER', { name, known: servers.map((candidate) => candidate.name).join(', ') || 'none' });
  return server;
}

/**
 * `POST /mcp/<name>`: one stateless Streamable HTTP exchange. Every request authenticates
 * its key afresh (a revoked key stops working at once) and gets a server whose tools are
 * filtered by that key's scopes and model allowlist; tool calls go back through the
 * gateway's own routes with the same key, so they are billed and limited like any request.
 */
export function registerMcpRoutes(dependencies: McpRouteDependencies): void {
  const { app } = dependencies.http;
  const localFetch = createInjectFetch(app);

  async function handle(request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply): Promise<void> {
    let server: ReturnType<typeof createToolServer>;
    try {
      const definition = findServer(dependencies.servers(), request.params.name);
      const gateway = dependencies.gateway();
      const key = await gateway.authenticate(request.headers);
      const models = gateway.catalog.list().filter((model) => gateway.mayUse(key, model)).map((model) => ({ id: model.id, modality: model.modality }));
      const api = createByteSpikeApi({ baseUrl: `${request.protocol}://${request.host}`, apiKey: readApiKey(request.headers), fetch: localFetch });
      server = createToolServer(definition, { api, models, logger: dependencies.logger.child({ requestId: request.id, mcpServer: definition.name }) });
    } catch (error) {
      return sendJsonRpcError(reply, error);
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    reply.hijack();
    reply.raw.on('close', () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  }

  // Also hears the bodies the host cannot read (bad JSON, too large, another content type).
  const errorHandler = (error: unknown, _request: FastifyRequest, reply: FastifyReply) => sendJsonRpcError(reply, error);
  app.post<{ Params: { name: string } }>('/mcp/:name', { errorHandler }, handle);
  const refuse = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('allow', 'POST');
    sendJsonRpcError(reply, mcpErrors.create('BSK_MCP_METHOD_NOT_ALLOWED'));
  };
  app.get('/mcp/:name', { errorHandler }, refuse);
  app.delete('/mcp/:name', { errorHandler }, refuse);
}
